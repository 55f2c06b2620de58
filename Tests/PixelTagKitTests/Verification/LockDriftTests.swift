import Foundation
import Testing
@testable import PixelTagKit

/// `verify --online`'s comparison of the lock with the account, on locks made for each case.
@Suite struct LockDriftTests {
    let yaml = "events:\n  - event: Purchase\n"
    let local = Fixtures.lock()

    func drift(_ remote: LockFile, yaml: String? = nil) throws -> [Finding] {
        let config = try PixelTagConfig.parse(yaml ?? self.yaml, file: URL(fileURLWithPath: "/site/pixeltag.yml"))
        return LockDrift(config: config, rules: try RuleSet(config: config, lock: local)).findings(local: local, remote: remote)
    }

    func remote(_ change: (inout LockFile) -> Void) -> LockFile {
        var lock = local
        change(&lock)
        return lock
    }

    @Test func anUnchangedAccountHasNoDrift() throws {
        #expect(try drift(local).isEmpty)
    }

    @Test func countersTheLockStillCarriesAreNotDrift() throws {
        var withCounters = local
        withCounters.events[0].adsCount = 3
        withCounters.events[0].lastTriggeredAt = "2026-01-01T00:00:00+00:00"
        let config = try PixelTagConfig.parse(yaml, file: URL(fileURLWithPath: "/site/pixeltag.yml"))
        let findings = LockDrift(config: config, rules: try RuleSet(config: config, lock: withCounters)).findings(local: withCounters, remote: local)
        #expect(findings.isEmpty)
    }

    @Test func anEventARuleUsesThatWasDeletedPointsAtTheRule() throws {
        let findings = try drift(remote { $0.events.removeAll { $0.id == "evt_purchase" } })
        #expect(findings.map(\.kind) == [.deleted])
        #expect(findings.first?.event == "evt_purchase")
        #expect(findings.first?.file == "/site/pixeltag.yml")
        #expect(findings.first?.line == 2)
    }

    @Test func anEventARuleUsesThatIsInactiveIsDeactivated() throws {
        let findings = try drift(remote { $0.events[0].status = "inactive" })
        #expect(findings.map(\.kind) == [.deactivated])
        #expect(findings.first?.message.contains("activate it in the dashboard or remove the rule") == true)
    }

    @Test func aRenamedEventTheRuleNamesByTitleSaysWhatToWrite() throws {
        let findings = try drift(remote { $0.events[0].title = "Bought" })
        #expect(findings.map(\.kind) == [.renamed])
        #expect(findings.first?.message.contains("write \"Bought\" or the id evt_purchase") == true)
    }

    @Test func aChangedBaseCodePointsAtTheLock() throws {
        let findings = try drift(remote { $0.baseCode.codeSnippet = "<script>tgp('init','px9')</script>" })
        #expect(findings.map(\.kind) == [.changed])
        #expect(findings.first?.event == nil)
        #expect(findings.first?.file?.hasSuffix("pixeltag.lock.json") == true)
        #expect(findings.first?.line == nil)
    }

    @Test func changesNoRuleDependsOnAreOneFinding() throws {
        let findings = try drift(remote {
            $0.events.removeAll { $0.id == "evt_signup" }
            $0.events.append(PixelEvent(id: "evt_new", title: "New", codeSnippet: "<script></script>"))
        })
        #expect(findings.map(\.kind) == [.changed])
        #expect(findings.first?.message.contains("evt_signup") == true)
        #expect(findings.first?.message.contains("evt_new") == true)
    }
}
