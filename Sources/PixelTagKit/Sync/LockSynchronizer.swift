import Foundation

/// `pixeltag sync`: fetches the account's base code, events and types and brings the lock
/// file up to date, touching it only when its bytes would change.
package struct LockSynchronizer: Sendable {
    package struct Outcome: Sendable {
        package var lock: LockFile
        /// Empty when the lock was already up to date.
        package var changes: [LockChange]
        /// Whether the file was (re)written; never in check mode.
        package var wrote: Bool
        /// The lock as it was on disk, when it could be read.
        package var previous: LockFile? = nil

        package var isStale: Bool { !changes.isEmpty }
    }

    private let client: AdstatClient

    package init(client: AdstatClient) {
        self.client = client
    }

    /// Fetches the three resources at once: they are independent, and sync runs in CI where
    /// latency adds up.
    package func fetch(account: String) async throws -> LockFile {
        async let baseCode = client.baseCode(account: account)
        async let events = client.listEvents(account: account)
        async let types = client.eventTypes()
        return try await LockFile(account: account, baseCode: baseCode, events: events.map(Self.stable), types: types)
    }

    /// In check mode nothing is written and the outcome says whether the lock is stale.
    package func sync(account: String, lock url: URL, check: Bool = false) async throws -> Outcome {
        var remote = try await fetch(account: account)

        let oldBytes: Data?
        do {
            oldBytes = try Data(contentsOf: url)
        } catch where !FileManager.default.fileExists(atPath: url.path) {
            oldBytes = nil
        } catch {
            throw PixelTagError.io("\(url.path): cannot read the lock file (\(error.localizedDescription)); check its permissions")
        }
        var previous: LockFile?
        var changes: [LockChange]
        if let oldBytes {
            do {
                let old = try LockFile.decode(oldBytes, path: url.path)
                previous = old
                changes = LockChange.changes(from: old, to: remote)
            } catch let error as PixelTagError {
                // Sync is what the lock's own error messages recommend, so it must repair.
                let reason = error.message.components(separatedBy: "; run `pixeltag sync`").first ?? error.message
                changes = [.lockReplaced(reason: reason)]
            }
        } else {
            changes = [.lockCreated]
        }
        // The titles the account dropped stay in the lock, so that inject can tell a rule
        // naming one what became of its event.
        remote.formerTitles = LockFile.formerTitles(old: previous, new: remote)
        let newBytes = remote.encoded()
        if oldBytes == newBytes {
            return Outcome(lock: remote, changes: [], wrote: false, previous: previous)
        }
        if changes.isEmpty { changes = [.reformatted] }
        if check {
            return Outcome(lock: remote, changes: changes, wrote: false, previous: previous)
        }
        try remote.write(to: url)
        return Outcome(lock: remote, changes: changes, wrote: true, previous: previous)
    }

    /// The rules of `config` that name an event `lock` no longer has under that name, with
    /// what to write instead: `pixeltag.yml:14: event "Page View" was renamed…`. Sync says
    /// so at once, rather than leave it to the next inject.
    package static func rulesNamingFormerEvents(config: PixelTagConfig, lock: LockFile) -> [String] {
        config.events.compactMap { rule in
            lock.adviceForFormer(rule.event).map { "\(config.displayPath):\(rule.line): \($0)" }
        }
    }

    /// The lock keeps what injection needs and what changes only when someone edits the
    /// account. `last_triggered_at` and `ads_count` move whenever a visitor fires an event
    /// or an ad is linked; keeping them would make every sync rewrite the file and
    /// `sync --check` fail in CI for no reason.
    static func stable(_ event: PixelEvent) -> PixelEvent {
        var event = event
        event.lastTriggeredAt = nil
        event.adsCount = nil
        return event
    }
}

extension LockSynchronizer.Outcome {
    /// What `pixeltag sync --json` prints.
    package struct Report: Encodable, Sendable {
        package var lock: String
        package var stale: Bool
        package var written: Bool
        package var changes: [String]
        /// Rules that name an event by a title it no longer has, and what to write; absent when none do.
        package var rules: [String]?
    }

    package func report(lockPath: String, rules: [String] = []) -> Report {
        Report(lock: lockPath, stale: isStale, written: wrote, changes: changes.map(\.description), rules: rules.isEmpty ? nil : rules)
    }
}
