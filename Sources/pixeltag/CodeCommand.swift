import ArgumentParser
import PixelTagKit

struct CodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "code",
        abstract: "Show the account's base Pixel Tag code.",
        discussion: """
            The base code is the script every page carries in its <head>; `pixeltag sync` \
            stores it in the lock file for offline builds.

            Example:
              pixeltag code --account 12345
            """
    )

    @OptionGroup var api: APIOptions

    func run() async throws {
        try await reportingErrors {
            let code = try await api.client().baseCode(account: api.accountID())
            Console.out(api.json ? APIRendering.json(code) : APIRendering.baseCode(code))
        }
    }
}
