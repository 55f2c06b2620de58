import Foundation
import Testing
@testable import PixelTagKit

@Suite struct LockFileTests {
    @Test func encodingIsStableAndSortedWhateverTheEventOrder() throws {
        let a = PixelEvent(id: "b", title: "B", codeSnippet: "<script>b</script>")
        let b = PixelEvent(id: "a", title: "A", codeSnippet: "<script>a</script>")
        let one = LockFile(account: "1", baseCode: BaseCode(codeSnippet: "x"), events: [a, b], types: [])
        let two = LockFile(account: "1", baseCode: BaseCode(codeSnippet: "x"), events: [b, a], types: [])
        #expect(one.encoded() == two.encoded())
        let text = String(decoding: one.encoded(), as: UTF8.self)
        #expect(text.range(of: "\"id\" : \"a\"")!.lowerBound < text.range(of: "\"id\" : \"b\"")!.lowerBound)
        #expect(text.hasSuffix("}\n"))
    }

    @Test func decodingIgnoresUnknownFieldsAndAcceptsNullTimes() throws {
        let json = """
            {"account":"1","base_code":{"code_snippet":"s","new_field":1},
             "events":[{"id":"e","title":"T","code_snippet":"c","last_triggered_at":null,"shiny":true}],
             "types":[]}
            """
        let lock = try LockFile.decode(Data(json.utf8), path: "l.json")
        #expect(lock.events.first?.lastTriggeredAt == nil)
        #expect(lock.event(named: "T")?.id == "e")
    }

    @Test func aMissingFieldNamesTheFieldAndSuggestsSync() {
        let json = #"{"account":"1","events":[]}"#
        #expect(throws: PixelTagError.input("l.json: not a valid lock file: missing \"base_code\"; run `pixeltag sync` to write it again")) {
            try LockFile.decode(Data(json.utf8), path: "l.json")
        }
    }
}
