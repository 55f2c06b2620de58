import Foundation
import PackagePlugin

/// `swift package pixeltag …`: runs the `pixeltag` tool from the package's folder with the
/// arguments given, and exits with its status, so a Swift site build can call it like any
/// other step.
@main
struct PixelTagCommand: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let tool = try context.tool(named: "pixeltag")
        let process = Process()
        process.executableURL = tool.url
        process.arguments = arguments
        process.currentDirectoryURL = context.package.directoryURL
        try process.run()
        process.waitUntilExit()
        if process.terminationReason == .uncaughtSignal || process.terminationStatus != 0 {
            // Forward the tool's status; its own output already explained the failure.
            exit(process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus)
        }
    }
}
