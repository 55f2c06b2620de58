import ArgumentParser
import PixelTagKit

struct StripCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strip",
        abstract: "Remove every pixeltag block, giving back each page byte for byte as it was.",
        discussion: """
            Annotations you wrote in the pages stay; only what inject added goes.

            Examples:
              pixeltag strip
              pixeltag strip --config site/pixeltag.yml --dry-run
            """
    )

    @OptionGroup var site: SiteOptions
    @OptionGroup var rewrite: RewriteOptions

    func run() async throws {
        try await reportingErrors { try await rewrite.runSite(site, verb: "strip", inject: nil) }
    }
}
