import ArgumentParser

struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "List, create, rename and delete the account's Pixel Tag events.",
        discussion: """
            Each subcommand talks to the Adstat API; run `pixeltag sync` afterwards to bring \
            the lock file up to date.

            Example:
              pixeltag events create --title "Purchase" --type purchase
            """,
        subcommands: [EventsListCommand.self, EventsCreateCommand.self, EventsRenameCommand.self, EventsDeleteCommand.self]
    )
}
