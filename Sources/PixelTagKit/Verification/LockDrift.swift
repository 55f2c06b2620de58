import Foundation

/// `pixeltag verify --online`: where the committed lock no longer matches the live account,
/// as findings. What breaks the rules comes out one finding each (an event a rule uses was
/// deleted, deactivated, renamed or changed; the base code changed), the rest as one.
package struct LockDrift: Sendable {
    package let config: PixelTagConfig
    package let rules: RuleSet

    package init(config: PixelTagConfig, rules: RuleSet) {
        self.config = config
        self.rules = rules
    }

    /// Fetches the account (read only: the lock is never written) and compares.
    package func check(lock: LockFile, account: String, client: AdstatClient) async throws -> [Finding] {
        let remote = try await LockSynchronizer(client: client).fetch(account: account)
        return findings(local: lock, remote: remote)
    }

    package func findings(local: LockFile, remote: LockFile) -> [Finding] {
        // The lock may carry counters from an older pixeltag; they are not drift.
        var local = local
        local.events = local.events.map(LockSynchronizer.stable)
        let lockName = config.lock.relativePathForDisplay
        let sync = "run `pixeltag sync`, then `pixeltag inject`"

        // The rules that use each event, by id: where a finding about it points (those a deploy
        // context leaves out too: the lock is the same in every context).
        var uses: [String: (line: Int, name: String)] = [:]
        for rule in rules.events + rules.withheldEvents {
            guard case .event(let id) = rule.block.kind, uses[id] == nil, config.events.indices.contains(rule.order) else { continue }
            uses[id] = (config.events[rule.order].line, config.events[rule.order].event)
        }
        func rule(_ id: String) -> String { "the rule at \(config.displayPath):\(uses[id]!.line)" }

        var findings: [Finding] = []
        var others: [String] = []
        let remoteEvents = Dictionary(remote.events.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for change in LockChange.changes(from: local, to: remote) {
            switch change {
            case .baseCodeChanged:
                findings.append(Finding(kind: .changed, event: nil, line: nil,
                    message: "the account's base code changed since \(lockName) was synced; \(sync)", file: lockName))
            case .eventRemoved(let id, let title) where uses[id] != nil:
                findings.append(Finding(kind: .deleted, event: id, line: uses[id]!.line,
                    message: "event \(Quote.id(id)) \(Quote.text(title)) was deleted on the account, but \(rule(id)) uses it; remove the rule, then run `pixeltag sync`",
                    file: config.displayPath))
            case .eventRenamed(let id, let from, let to) where uses[id] != nil:
                let byTitle = uses[id]!.name == from ? "; the rule names it by its old title: write \(Quote.text(to)) or the id \(Quote.id(id))" : ""
                findings.append(Finding(kind: .renamed, event: id, line: uses[id]!.line,
                    message: "event \(Quote.id(id)) was renamed on the account from \(Quote.text(from)) to \(Quote.text(to))\(byTitle); then run `pixeltag sync`",
                    file: config.displayPath))
            case .snippetChanged(let id, let title) where uses[id] != nil:
                findings.append(Finding(kind: .changed, event: id, line: uses[id]!.line,
                    message: "event \(Quote.id(id)) \(Quote.text(title)): its code changed on the account since \(lockName) was synced; \(sync)",
                    file: config.displayPath))
            case .statusChanged(let id, _, _, _) where uses[id] != nil && remoteEvents[id]?.isActive == false:
                break  // reported below, with every inactive event a rule uses
            default:
                // "~ event types changed…" without its sign: it reads as a clause here.
                let text = change.description
                others.append(["~ ", "+ ", "- "].contains(String(text.prefix(2))) ? String(text.dropFirst(2)) : text)
            }
        }
        for (id, use) in uses.sorted(by: { $0.value.line < $1.value.line }) {
            guard let event = remoteEvents[id], !event.isActive else { continue }
            findings.append(Finding(kind: .deactivated, event: id, line: use.line,
                message: "event \(Quote.id(id)) \(Quote.text(event.title)) is \(event.status ?? "inactive") on the account, but \(rule(id)) uses it; activate it in the dashboard or remove the rule",
                file: config.displayPath))
        }
        if !others.isEmpty {
            findings.append(Finding(kind: .changed, subject: .lock, event: nil, line: nil,
                message: "\(lockName) no longer matches the account: \(others.joined(separator: "; ")); run `pixeltag sync`",
                file: lockName))
        }
        return findings.sorted { ($0.kind.rank, $0.line ?? 0) < ($1.kind.rank, $1.line ?? 0) }
    }
}
