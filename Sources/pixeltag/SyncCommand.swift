import ArgumentParser
import Foundation
import PixelTagKit

struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Fetch the account's base code, events and types into the lock file.",
        discussion: """
            The lock file is rewritten only when something changed, so an unchanged account \
            leaves it byte for byte as it was. With --check nothing is written and the exit \
            status is 1 when the lock is stale: use it in CI.

            Example:
              pixeltag sync --config site/pixeltag.yml
              pixeltag sync --account 12345 --lock pixeltag.lock.json
              pixeltag sync --check
            """
    )

    @OptionGroup var api: APIOptions

    @Option(help: ArgumentHelp("The pixeltag config whose `lock:` and `account:` to use (default: \(FileNames.config) when it exists).", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("The lock file to write, instead of the config's `lock:` (default: \(FileNames.lock)).", valueName: "file"))
    var lock: String?

    @Flag(help: "Write nothing; exit 1 when the lock file is out of date.")
    var check = false

    func run() async throws {
        try await reportingErrors {
            // The config is optional here: sync also works in a folder that has only a lock file.
            let configPath = config ?? (FileManager.default.fileExists(atPath: FileNames.config) ? FileNames.config : nil)
            let settings = try configPath.map { try PixelTagConfig.load(from: URL(fileURLWithPath: $0)) }
            let account = try AccountChoice.resolve(
                option: api.account, environment: ProcessInfo.processInfo.environment, configured: settings?.account
            )
            let url = self.lock.map { URL(fileURLWithPath: $0) } ?? settings?.lock ?? URL(fileURLWithPath: FileNames.lock)
            let lock = url.relativePathForDisplay
            let outcome = try await LockSynchronizer(client: api.client()).sync(account: account, lock: url, check: check)
            // A rule still naming an event by the title sync just dropped fails the next inject.
            let rules = settings.map { LockSynchronizer.rulesNamingFormerEvents(config: $0, lock: outcome.lock) } ?? []
            if api.json {
                Console.out(APIRendering.json(outcome.report(lockPath: lock, rules: rules)))
            } else {
                for change in outcome.changes { Console.out(change.description + "\n") }
                if !outcome.isStale {
                    let count = outcome.lock.events.count
                    Console.out("\(lock) is up to date (\(count) \(count == 1 ? "event" : "events"))\n")
                } else if outcome.wrote {
                    Console.out("wrote \(lock) (\(outcome.changes.count) \(outcome.changes.count == 1 ? "change" : "changes"))\n")
                } else {
                    Console.error("\(lock) is stale; run `pixeltag sync` to update it")
                }
                for rule in rules { Console.error("warning: \(rule)") }
            }
            if check && outcome.isStale { throw ExitCode.failure }
        }
    }
}
