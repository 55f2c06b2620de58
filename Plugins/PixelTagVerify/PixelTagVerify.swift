import PackagePlugin

/// `swift package pixeltag-verify …` is `pixeltag verify …` with no permission at all, so CI
/// (where no terminal can answer SwiftPM's permission prompt) needs no flag to check a site.
@main
struct PixelTagVerify: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        if arguments.contains("--online") {
            ToolInvocation.refuse("verify --online talks to the Adstat API; run it as `swift package --allow-writing-to-package-directory --allow-network-connections all:443 pixeltag-api verify \(arguments.joined(separator: " "))`")
        }
        try ToolInvocation.run(["verify"] + arguments, context: context)
    }
}
