import ArgumentParser
import Foundation
import PixelTagKit

struct CSPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csp",
        abstract: "Print what a Content-Security-Policy must allow for the injected blocks to run.",
        discussion: """
            The 'sha256-…' source of every inline script inject writes (base code, events, \
            the click and submit listener), worked out from what inject leaves on each page \
            of the site, and the host the base code loads the Pixel Tag from. With csp.policy \
            in pixeltag.yml it also prints your policy with these sources added; with \
            csp.headers, inject keeps that policy in the headers file itself.

            Examples:
              pixeltag csp
              pixeltag csp --format json
              pixeltag csp --format vercel      # the "headers" entry for vercel.json
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, vercel
    }

    @OptionGroup var site: SiteOptions

    @Option(name: .long, help: ArgumentHelp("text, json, or vercel (the headers entry of vercel.json, which needs csp.policy), e.g. --format json.", valueName: "format"))
    var format: Format = .text

    @OptionGroup var deploy: ContextOptions

    func run() async throws {
        try await reportingErrors {
            let (config, folder, lock, rules) = try site.load(deploy)
            let sources = try await SiteCSP.sources(rules: rules, lock: lock, site: folder, planned: true)
            let merged = config.csp.policy.map { sources.merged(into: $0) }
            switch format {
            case .text:
                Console.out(CSPRendering.text(sources, policy: merged))
            case .json:
                Console.out(CSPRendering.json(sources, policy: merged))
            case .vercel:
                guard let merged else {
                    throw PixelTagError.input("\(config.displayPath): --format vercel prints your whole policy, so it needs csp.policy (your site's own Content-Security-Policy, e.g. policy: \"default-src 'self'\")")
                }
                Console.out(PixelSources.vercelEntry(policy: merged) + "\n")
            }
        }
    }
}
