import AdstatFake
import Foundation
import Testing
@testable import PixelTagKit

/// `pixeltag verify --online` against the loopback fake: the lock is synced from the fake,
/// the site injected, then the account changes under it.
///
/// Serialized for the reason CommandLineTests gives: blocked reader threads starve the fake.
@Suite(.serialized, .timeLimit(.minutes(3))) struct VerifyOnlineTests {
    let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder()
        try folder.write("account: \"12345\"\nsite: public\nevents:\n  - event: Purchase\n    pages: [\"**\"]\n", to: "pixeltag.yml")
        try folder.write("<!DOCTYPE html>\n<html>\n<head>\n<title>Shop</title>\n</head>\n<body>\n<p>Thanks</p>\n</body>\n</html>\n", to: "public/index.html")
    }

    func pixeltag(_ arguments: [String], fake: AdstatFake) async throws -> ToolRunner.Result {
        try await ToolRunner.runAsync("pixeltag", arguments, in: folder.url, environment: await fake.environment())
    }

    /// A synced lock and an injected site that passes verify --online, then `body`.
    func withInjectedSite(_ body: (AdstatFake) async throws -> Void) async throws {
        let fake = try await AdstatFake.start()
        do {
            let sync = try await pixeltag(["sync"], fake: fake)
            #expect(sync.status == 0, "\(sync.stderr)")
            let inject = try await pixeltag(["inject"], fake: fake)
            #expect(inject.status == 0, "\(inject.stderr)")
            try await body(fake)
        } catch {
            await fake.stop()
            throw error
        }
        await fake.stop()
    }

    @Test func anUnchangedAccountPasses() async throws {
        try await withInjectedSite { fake in
            let result = try await pixeltag(["verify", "--online"], fake: fake)
            #expect(result.status == 0, "\(result.output)")
            #expect(result.stdout.hasSuffix("0 findings; lock checked against the account\n"))
        }
    }

    @Test func anEventDeletedOnTheAccountFailsAtTheRuleThatUsesIt() async throws {
        try await withInjectedSite { fake in
            await fake.update { $0.events.removeAll { $0.id == "evt_purchase" } }
            let result = try await pixeltag(["verify", "--online"], fake: fake)
            #expect(result.status == 1)
            #expect(result.stdout.contains("pixeltag.yml:4: deleted: event evt_purchase \"Purchase\" was deleted on the account"))
        }
    }

    @Test func aChangedBaseCodeIsReportedInJSONAsALockFinding() async throws {
        try await withInjectedSite { fake in
            await fake.update { $0.baseCode.codeSnippet = "<script>tgp('init','pixel_new')</script>" }
            let result = try await pixeltag(["verify", "--online", "--format", "json"], fake: fake)
            #expect(result.status == 1)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let lock = try #require(object["lock"] as? [String: Any])
            #expect(lock["checked_online"] as? Bool == true)
            let findings = try #require(lock["findings"] as? [[String: Any]])
            #expect(findings.map { $0["kind"] as? String } == ["changed"])
            #expect(findings.first?["file"] as? String == "pixeltag.lock.json")
        }
    }

    @Test func anAPIOutageExitsFour() async throws {
        try await withInjectedSite { fake in
            await fake.failNext(3, with: .status(403))
            let result = try await pixeltag(["verify", "--online"], fake: fake)
            #expect(result.status == 4)
            #expect(result.stderr.hasPrefix("error: "))
        }
    }

    @Test func offlineVerifyMakesNoRequest() async throws {
        try await withInjectedSite { fake in
            let before = await fake.requests.count
            let result = try await pixeltag(["verify"], fake: fake)
            #expect(result.status == 0)
            #expect(await fake.requests.count == before)
        }
    }
}
