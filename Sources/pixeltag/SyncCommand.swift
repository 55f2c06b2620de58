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
              pixeltag sync --account 12345
              pixeltag sync --check
            """
    )

    @OptionGroup var api: APIOptions

    @Option(help: ArgumentHelp("The lock file to write.", valueName: "file"))
    var lock = "pixeltag.lock.json"

    @Flag(help: "Write nothing; exit 1 when the lock file is out of date.")
    var check = false

    func run() async throws {
        try await reportingErrors {
            let account = try api.accountID()
            let url = URL(fileURLWithPath: lock)
            let outcome = try await LockSynchronizer(client: api.client()).sync(account: account, lock: url, check: check)
            if api.json {
                Console.out(APIRendering.json(outcome.report(lockPath: lock)))
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
            }
            if check && outcome.isStale { throw ExitCode.failure }
        }
    }
}
