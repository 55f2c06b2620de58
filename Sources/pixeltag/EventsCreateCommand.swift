import ArgumentParser
import PixelTagKit

struct EventsCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create an event.",
        discussion: """
            The type is checked against `pixeltag types` first. Creating is never retried \
            automatically, so a network failure cannot create the event twice.

            Example:
              pixeltag events create --title "Purchase" --type purchase
            """
    )

    @OptionGroup var api: APIOptions

    @Option(help: ArgumentHelp("The event's name.", valueName: "title"))
    var title: String

    @Option(help: ArgumentHelp("One of the types `pixeltag types` lists, e.g. purchase.", valueName: "type"))
    var type: String

    func run() async throws {
        try await reportingErrors {
            let account = try api.accountID()
            let created = try await api.client().createEventCheckingType(account: account, title: title, type: type)
            if let created {
                Console.out(api.json ? APIRendering.json(created) : APIRendering.eventsTable([created]))
            } else {
                Console.error("created event; the API sent no details back, see `pixeltag events list`")
            }
        }
    }
}
