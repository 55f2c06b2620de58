import PackagePlugin

/// `swift package --allow-writing-to-package-directory pixeltag inject …`: runs the
/// `pixeltag` tool with the arguments given, so a Swift site build can call it like any other
/// step. It may write (inject, strip) but not reach the network: the API commands go through
/// `pixeltag-api`, and `pixeltag-verify` checks without any permission.
@main
struct PixelTagCommand: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        if ToolInvocation.callsAPI(arguments) {
            ToolInvocation.refuse("`pixeltag \(arguments.joined(separator: " "))` talks to the Adstat API; run it as `swift package --allow-writing-to-package-directory --allow-network-connections all:443 pixeltag-api \(arguments.joined(separator: " "))`")
        }
        try ToolInvocation.run(arguments, context: context)
    }
}
