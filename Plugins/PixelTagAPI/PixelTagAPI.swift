import PackagePlugin

/// `swift package --allow-writing-to-package-directory --allow-network-connections all:443
/// pixeltag-api sync`: the commands that call the Adstat API (sync, events, types, code,
/// verify --online), the only plugin that asks for network access.
@main
struct PixelTagAPI: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        try ToolInvocation.run(arguments, context: context)
    }
}
