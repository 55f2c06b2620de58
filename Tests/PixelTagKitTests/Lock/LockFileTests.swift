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

    func lock(_ events: [(String, String)], former: [LockFile.FormerTitle]? = nil) -> LockFile {
        var lock = LockFile(account: "1", baseCode: BaseCode(codeSnippet: "x"),
                            events: events.map { PixelEvent(id: $0.0, title: $0.1, codeSnippet: "<script>\($0.0)</script>") }, types: [])
        lock.formerTitles = former
        return lock
    }

    @Test func aTitleRenamedTwiceStillLeadsToTheEventsTitleNow() {
        let first = lock([("e1", "Page View")])
        let second = lock([("e1", "Visit")], former: LockFile.formerTitles(old: first, new: lock([("e1", "Visit")])))
        let third = lock([("e1", "Landing")], former: LockFile.formerTitles(old: second, new: lock([("e1", "Landing")])))
        #expect(third.fate(of: "Page View")?.renamedTo == "Landing")
        #expect(third.fate(of: "Visit")?.renamedTo == "Landing")
        #expect(third.fate(of: "Landing") == nil, "a name the lock holds has no history")
    }

    @Test func aTitleAnotherEventTakesIsForgotten() {
        let before = lock([("e1", "Page View"), ("e2", "Other")])
        let after = lock([("e2", "Page View")])
        // "Page View" names e2 now; only e2's old title is history.
        #expect(LockFile.formerTitles(old: before, new: after) == [.init(id: "e2", title: "Other")])
    }

    @Test func aDeletedEventIsRememberedByTitleAndId() {
        let after = lock([], former: LockFile.formerTitles(old: lock([("e1", "Buy")]), new: lock([])))
        #expect(after.fate(of: "Buy")?.id == "e1")
        #expect(after.fate(of: "Buy")?.renamedTo == nil)
        #expect(after.fate(of: "e1")?.id == "e1")
    }

    @Test func aLockWithoutHistoryEncodesAsBefore() {
        let text = String(decoding: lock([("e1", "Buy")], former: []).encoded(), as: UTF8.self)
        #expect(!text.contains("former_titles"))
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
