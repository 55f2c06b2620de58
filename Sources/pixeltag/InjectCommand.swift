import ArgumentParser
import PixelTagKit

struct InjectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inject",
        abstract: "Insert the base code and event snippets into every page of the built site.",
        discussion: """
            Reads pixeltag.yml and the committed lock file; needs no network. Only the \
            inserted blocks change a page, a second run changes nothing, and a page whose \
            bytes would not change is not rewritten.

            Examples:
              pixeltag inject
              pixeltag inject --config site/pixeltag.yml --out dist
              pixeltag inject --dry-run --diff
              pixeltag inject --context preview   # with contexts: in the config
            """
    )

    @OptionGroup var site: SiteOptions
    @OptionGroup var rewrite: RewriteOptions
    @OptionGroup var inject: InjectOptions

    func run() async throws {
        try await reportingErrors { try await rewrite.runSite(site, verb: "inject", inject: inject) }
    }
}
