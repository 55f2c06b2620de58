import Foundation
import PackagePlugin

/// Runs the `pixeltag` tool for a command plugin: from the package's folder, so the paths a
/// person types are relative to it, with the plugin's output streams, and ends the plugin
/// with the tool's status.
///
/// Each plugin target links this file in (a symbolic link): plugins cannot depend on a
/// library, and SwiftPM grants permissions per plugin, which is why there are three.
enum ToolInvocation {
    /// Subcommands that call the Adstat API: they belong to `pixeltag-api`, the one plugin
    /// that asks for network access.
    static let apiSubcommands: Set<String> = ["sync", "events", "types", "code"]

    static func callsAPI(_ arguments: [String]) -> Bool {
        guard let subcommand = arguments.first else { return false }
        return apiSubcommands.contains(subcommand) || (subcommand == "verify" && arguments.contains("--online"))
    }

    /// Prints one line of advice and ends the plugin with status 2 (bad input), as the tool
    /// itself does.
    static func refuse(_ advice: String) -> Never {
        FileHandle.standardError.write(Data("error: \(advice)\n".utf8))
        exit(2)
    }

    static func run(_ arguments: [String], context: PluginContext) throws -> Never {
        let tool = try context.tool(named: "pixeltag")
        let process = Process()
        process.executableURL = tool.url
        process.arguments = arguments
        process.currentDirectoryURL = context.package.directoryURL
        try process.run()
        process.waitUntilExit()
        // SwiftPM reports a non-zero status as "Plugin ended with exit code N" and exits 1
        // itself; the tool's own output has already said what went wrong.
        if process.terminationReason == .uncaughtSignal { exit(128 + process.terminationStatus) }
        exit(process.terminationStatus)
    }
}
