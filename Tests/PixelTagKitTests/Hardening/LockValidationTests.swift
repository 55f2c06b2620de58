import Foundation
import Testing
@testable import PixelTagKit

/// A lock file is committed and may be edited or merged by hand: each way it can be wrong is
/// one line naming the file and the field.
@Suite struct LockValidationTests {
    static func lock(events: String, base: String = #"{"code_snippet": "<script>b</script>"}"#) -> Data {
        Data(#"{"version": 1, "account": "1", "base_code": \#(base), "events": [\#(events)], "types": []}"#.utf8)
    }

    static let good = #"{"id": "evt_a", "title": "A", "code_snippet": "<script>a</script>"}"#

    func message(_ data: Data) -> String? {
        do {
            _ = try LockFile.decode(data, path: "site/pixeltag.lock.json")
            return nil
        } catch {
            return (error as? PixelTagError)?.message
        }
    }

    @Test func aWrongTypeNamesTheField() {
        #expect(message(Self.lock(events: #"{"id": 7, "title": "A", "code_snippet": "s"}"#))
            == "site/pixeltag.lock.json: not a valid lock file: wrong type at events[0].id; run `pixeltag sync` to write it again")
    }

    @Test func aMissingFieldNamesTheField() {
        #expect(message(Self.lock(events: Self.good + #", {"id": "evt_b", "title": "B"}"#))
            == "site/pixeltag.lock.json: not a valid lock file: missing \"code_snippet\" in events[1]; run `pixeltag sync` to write it again")
    }

    @Test func anEmptyEventSnippetNamesTheFieldAndTheEvent() {
        #expect(message(Self.lock(events: #"{"id": "evt_b", "title": "B", "code_snippet": ""}"#))
            == "site/pixeltag.lock.json: events[0].code_snippet is empty (event \"evt_b\"); run `pixeltag sync` to write the lock again")
    }

    @Test func anEmptyBaseCodeNamesTheField() {
        #expect(message(Self.lock(events: Self.good, base: #"{"code_snippet": ""}"#))
            == "site/pixeltag.lock.json: base_code.code_snippet is empty: the account's base code is missing; run `pixeltag sync` to write the lock again")
    }

    @Test func aDuplicateEventIdNamesBothEntries() {
        #expect(message(Self.lock(events: Self.good + ", " + Self.good))
            == "site/pixeltag.lock.json: events[1].id \"evt_a\" is also events[0].id; each event must appear once; run `pixeltag sync` to write the lock again")
    }

    @Test func anIdTooLongForAMarkerNamesTheField() {
        let id = String(repeating: "x", count: LockFile.maxIDBytes + 1)
        #expect(message(Self.lock(events: #"{"id": "\#(id)", "title": "A", "code_snippet": "s"}"#))
            == "site/pixeltag.lock.json: events[0].id is longer than 1000 bytes; run `pixeltag sync` to write the lock again")
    }

    @Test func injectStopsOnABadLockWithOneLineAndStatusTwo() async throws {
        let folder = try TemporaryFolder()
        try folder.write("<title>x</title>", to: "public/index.html")
        try folder.write("site: public\n", to: "pixeltag.yml")
        try folder.write(Self.lock(events: Self.good + ", " + Self.good), to: "pixeltag.lock.json")
        let result = try await ToolRunner.run(["inject"], in: folder.url)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("error: ") && result.stderr.contains("pixeltag.lock.json: events[1].id \"evt_a\" is also events[0].id"))
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(String(decoding: try folder.read("public/index.html"), as: UTF8.self) == "<title>x</title>")
    }
}
