import ArgumentParser
import PixelTagKit

struct EventsRenameCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rename",
        abstract: "Give an event a new title.",
        discussion: """
            Example:
              pixeltag events rename evt_1001 --title "Completed purchase"
            """
    )

    @OptionGroup var api: APIOptions

    @Argument(help: ArgumentHelp("The event's id, as `pixeltag events list` shows it.", valueName: "event-id"))
    var eventID: String

    @Option(help: ArgumentHelp("The new title.", valueName: "title"))
    var title: String

    func run() async throws {
        try await reportingErrors {
            let account = try api.accountID()
            let renamed = try await api.client().renameEvent(id: eventID, account: account, title: title)
            if let renamed {
                Console.out(api.json ? APIRendering.json(renamed) : APIRendering.eventsTable([renamed]))
            } else {
                Console.error("renamed event \(eventID); the API sent no details back, see `pixeltag events list`")
            }
        }
    }
}
