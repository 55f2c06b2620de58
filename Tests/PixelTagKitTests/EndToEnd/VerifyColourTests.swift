import Foundation
import Testing

/// Colours in verify's text report, on a real terminal: `script` gives the tool a pseudo
/// terminal, which is the only way to see what a person sees.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs util-linux's script for a terminal"))
struct VerifyColourTests {
    let sample: SampleSiteCopy

    init() async throws {
        sample = try SampleSiteCopy()
    }

    /// Runs verify under `script`, which copies the terminal's output to stdout; on a thread
    /// of its own, off the cooperative pool.
    func onTerminal(noColor: String) async throws -> String {
        let config = sample.config
        return try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try Self.runOnTerminal(config: config, noColor: noColor) })
            }
        }
    }

    static func runOnTerminal(config: String, noColor: String) throws -> String {
        let tool = ToolRunner.productsFolder.appendingPathComponent("pixeltag").path
        let command = "'\(tool)' verify --config '\(config)'"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", command, "/dev/null"]
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = noColor
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func aTerminalGetsColours() async throws {
        #expect(try await onTerminal(noColor: "").contains("\u{1B}[31mmissing\u{1B}[0m"))
    }

    @Test func noColorTurnsThemOffEvenOnATerminal() async throws {
        let output = try await onTerminal(noColor: "1")
        #expect(output.contains("missing"))
        #expect(!output.contains("\u{1B}["))
    }

    @Test func aPipeGetsNoColours() async throws {
        let result = try await ToolRunner.runAsync("pixeltag", ["verify", "--config", sample.config], environment: ["NO_COLOR": ""])
        #expect(result.stdout.contains("missing"))
        #expect(!result.stdout.contains("\u{1B}["))
    }
}
