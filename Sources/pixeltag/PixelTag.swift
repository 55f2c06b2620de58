import ArgumentParser
import PixelTagKit

@main
struct PixelTag: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pixeltag",
        abstract: "Put Telegram Ads Pixel Tag code into a built static site, and keep it right.",
        discussion: """
            Typical build step, offline, from the committed lock file:
              pixeltag inject --config pixeltag.yml

            Fetch the account's code into the lock file (needs ADSTAT_API_TOKEN or \
            ADSTAT_REFRESH_TOKEN, and ADSTAT_ACCOUNT_ID or --account):
              pixeltag sync

            Check in CI that every page has its code (writes nothing):
              pixeltag verify --format github

            Exit status: 0 ok, 1 a check found problems (verify, sync --check), 2 bad input (config, lock, \
            arguments), 3 files could not be read or written, 4 the Adstat API failed.
            """,
        version: PixelTagKit.versionLine,
        subcommands: [
            InjectCommand.self, StripCommand.self, VerifyCommand.self, ExplainCommand.self, SyncCommand.self,
            EventsCommand.self, TypesCommand.self, CodeCommand.self, CSPCommand.self,
        ]
    )
}
