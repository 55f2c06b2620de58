import Testing
@testable import PixelTagKit

/// Tag categories are looked up by packed bytes for short names and by hashing for long
/// ones; both must give the table's answer.
@Suite struct TagInfoTests {
    @Test func everyKnownNameFindsItsOwnEntry() {
        for (name, info) in TagInfo.table {
            let found = TagInfo.of(name)
            #expect(found.id == info.id, "\(name)")
            #expect(found.flags == info.flags, "\(name)")
        }
    }

    @Test func namesLongerThanEightBytesAreFoundToo() {
        for name in ["blockquote", "figcaption", "foreignobject", "annotation-xml", "plaintext"] {
            #expect(TagInfo.of(name).id != 0, "\(name)")
        }
    }

    @Test(arguments: ["x", "span2", "my-card", "custom-element-name", "divs", "d", "abbr"])
    func anyOtherNameIsUnknown(_ name: String) {
        #expect(TagInfo.of(name).id == 0)
    }

    @Test func aNameSharingAPrefixWithAKnownOneIsNotMistakenForIt() {
        // "h1" packs into the low bytes of "h1x": the padding must tell them apart.
        #expect(TagInfo.of("h1").id != 0)
        #expect(TagInfo.of("h1x").id == 0)
        #expect(TagInfo.of("tablex").id == 0)
    }
}
