import ArgumentParser
import PixelTagKit

struct EventsDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete an event.",
        discussion: """
            Asks for confirmation on a terminal; without one (CI, a pipe) it refuses unless \
            given --yes.

            Example:
              pixeltag events delete evt_1001 --yes
            """
    )

    @OptionGroup var api: APIOptions

    @Argument(help: ArgumentHelp("The event's id, as `pixeltag events list` shows it.", valueName: "event-id"))
    var eventID: String

    @Flag(help: "Delete without asking.")
    var yes = false

    func run() async throws {
        try await reportingErrors {
            let account = try api.accountID()
            let client = try api.client()
            let decision = try DeleteConfirmation.decide(
                eventID: eventID, account: account, assumeYes: yes, isTerminal: Console.stdinIsTerminal
            ) { prompt in
                Console.ask(prompt)
            }
            guard decision == .proceed else {
                Console.error("not deleted")
                throw ExitCode.failure
            }
            try await client.deleteEvent(account: account, id: eventID)
            if api.json {
                Console.out(APIRendering.json(["deleted": eventID]))
            } else {
                Console.error("deleted event \(eventID)")
            }
        }
    }
}
