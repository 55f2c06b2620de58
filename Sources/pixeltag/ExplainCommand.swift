import ArgumentParser
import Foundation
import PixelTagKit

struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show which rules apply to a page, what their selectors match, and where each block would go.",
        discussion: """
            Reads the page as it is (blocks already injected are set aside) and changes nothing.

            Examples:
              pixeltag explain pricing/index.html
              pixeltag explain --config sample-site/pixeltag.yml sample-site/public/pricing/index.html
            """
    )

    @OptionGroup var site: SiteOptions
    @OptionGroup var deploy: ContextOptions

    @Argument(help: ArgumentHelp("The page: a path inside the site, or a file path (e.g. public/index.html).", valueName: "page"))
    var page: String

    func run() async throws {
        try await reportingErrors {
            let (_, folder, _, rules) = try site.load(deploy)
            let explanation = try PageExplanation(page: page, site: folder, rules: rules)
            for line in explanation.lines { print(line) }
        }
    }
}
