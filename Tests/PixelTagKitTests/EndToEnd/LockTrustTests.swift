import Foundation
import Testing

/// The lock is used only for the account the config names, and an event the lock has as
/// inactive is named wherever a rule or annotation uses it.
@Suite(.serialized) struct LockTrustTests {
    let sample: SampleSiteCopy

    init() throws {
        sample = try SampleSiteCopy()
    }

    func editLock(_ edit: (String) -> String) throws {
        let file = sample.url.appendingPathComponent("pixeltag.lock.json")
        try Data(edit(try String(contentsOf: file, encoding: .utf8)).utf8).write(to: file)
    }

    @Test func aLockForAnotherAccountIsRefusedByEveryCommandThatReadsIt() async throws {
        try editLock { $0.replacingOccurrences(of: "\"account\" : \"100200300\"", with: "\"account\" : \"999\"") }
        let before = try sample.snapshot()
        var transcript = Transcript(in: sample.url)
        for command in [["inject"], ["verify"], ["explain", "index.html"]] {
            #expect(try await transcript.run(command).status == 2)
        }
        #expect(try sample.snapshot() == before)
        try Golden.check(transcript.text, matches: "Golden/lock-trust/another-account.txt")
    }

    @Test func anInactiveEventIsNamedWhereARuleOrAnAnnotationUsesIt() async throws {
        try editLock { lock in
            // Purchase (used by a rule) and Start trial (used by an annotation on the pricing page).
            lock.replacingOccurrences(of: "\"status\" : \"active\",\n      \"tg_event_id\" : \"tge_Pq81xZ\"", with: "\"status\" : \"inactive\",\n      \"tg_event_id\" : \"tge_Pq81xZ\"")
                .replacingOccurrences(of: "\"status\" : \"active\",\n      \"tg_event_id\" : \"tge_Tr14l0\"", with: "\"status\" : \"paused\",\n      \"tg_event_id\" : \"tge_Tr14l0\"")
        }
        var transcript = Transcript(in: sample.url)
        #expect(try await transcript.run(["inject"]).status == 0)
        #expect(try await transcript.run(["verify"]).status == 0)
        #expect(try await transcript.run(["verify", "--strict"]).status == 1)
        try Golden.check(transcript.text, matches: "Golden/lock-trust/inactive-events.txt")
    }
}
