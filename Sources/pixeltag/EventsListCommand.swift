import ArgumentParser
import PixelTagKit

struct EventsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the account's events.",
        discussion: """
            Example:
              pixeltag events list --account 12345
              pixeltag events list --json > events.json
            """
    )

    @OptionGroup var api: APIOptions

    func run() async throws {
        try await reportingErrors {
            let account = try api.accountID()
            let events = try await api.client().listEvents(account: account)
            if api.json {
                Console.out(APIRendering.json(events))
            } else if events.isEmpty {
                Console.error("account \(account) has no events; create one with `pixeltag events create --title T --type TYPE`")
            } else {
                Console.out(APIRendering.eventsTable(events))
            }
        }
    }
}
