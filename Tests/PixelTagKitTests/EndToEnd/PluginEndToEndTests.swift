import Foundation
import Testing

/// The command plugins as a Swift site uses them: a consumer package that depends on this
/// repository by path runs `swift package pixeltag inject` and `swift package pixeltag-verify`
/// on copies of sample-site.
///
/// SwiftPM builds pixeltag a second time for the consumer (a few minutes on two cores), in
/// its own scratch folder `.build-plugin-e2e/` (git-ignored, kept between runs so the next
/// run is incremental), so it never waits on the lock of the build running these tests.
/// The consumer is copied to `.build-plugin-e2e/Fixtures/PluginConsumer`, as deep as
/// `Tests/Fixtures/PluginConsumer`, so its `../../..` still names this repository.
@Suite(
    .serialized,
    .disabled(if: ProcessInfo.processInfo.environment["PIXELTAG_SKIP_PLUGIN_TEST"] == "1",
              "PIXELTAG_SKIP_PLUGIN_TEST=1 is set: skipping the plugin test, which builds pixeltag a second time (CI runs it)"),
    .timeLimit(.minutes(30))
)
struct PluginEndToEndTests {
    static let workspace = ToolRunner.packageRoot.appendingPathComponent(".build-plugin-e2e")
    static let consumer = workspace.appendingPathComponent("Fixtures/PluginConsumer")
    static let scratch = workspace.appendingPathComponent("scratch")

    /// The consumer, copied afresh once per test run.
    static let prepared: Result<URL, any Error> = Result {
        let fixture = ToolRunner.packageRoot.appendingPathComponent("Tests/Fixtures/PluginConsumer")
        try? FileManager.default.removeItem(at: consumer)
        try FileManager.default.createDirectory(at: consumer.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: fixture, to: consumer)
        return consumer
    }

    /// A fresh copy of sample-site inside the consumer package, named `name`.
    func site(_ name: String) throws -> String {
        let folder = try Self.prepared.get().appendingPathComponent("sites/\(name)-\(UUID().uuidString.prefix(8))")
        try SampleSiteCopy.copy(into: folder)
        return String(folder.path.dropFirst(Self.consumer.path.count + 1))
    }

    /// `swift package --scratch-path … ARGS` in the consumer, stdin not a terminal (as in CI).
    ///
    /// On a thread of its own, and niced: the first call builds pixeltag for a minute or more,
    /// and must neither hold one of the test process's few cooperative threads nor take the
    /// CPU from the in-process fake servers other suites are talking to.
    func swiftPackage(_ arguments: [String]) async throws -> ToolRunner.Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try Self.runSwiftPackage(arguments) })
            }
        }
    }

    static func runSwiftPackage(_ arguments: [String]) throws -> ToolRunner.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["nice", "-n", "19", "swift", "package", "--scratch-path", scratch.path] + arguments
        process.currentDirectoryURL = try prepared.get()
        process.standardInput = FileHandle.nullDevice
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        nonisolated(unsafe) var outData = Data()
        let reader = Thread { outData = out.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { Thread.sleep(forTimeInterval: 0.01) }
        return ToolRunner.Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                                 stderr: String(decoding: errData, as: UTF8.self))
    }

    @Test func injectThroughThePluginThenVerifyPassesWithoutAnyPermission() async throws {
        let site = try site("injected")
        let inject = try await swiftPackage(["--allow-writing-to-package-directory", "pixeltag", "inject", "--config", "\(site)/pixeltag.yml"])
        #expect(inject.status == 0, "\(inject.output)")
        #expect(inject.stdout.contains("pixeltag inject: "))
        let verify = try await swiftPackage(["pixeltag-verify", "--config", "\(site)/pixeltag.yml"])
        #expect(verify.status == 0, "\(verify.output)")
        #expect(verify.stdout.contains(" passed, 0 failed, 0 skipped, 0 errors; 0 findings"))
    }

    @Test func verifyThroughThePluginFailsOnAnUntouchedSite() async throws {
        let site = try site("untouched")
        let verify = try await swiftPackage(["pixeltag-verify", "--config", "\(site)/pixeltag.yml"])
        // SwiftPM exits 1 for any failing plugin and names the tool's own status.
        #expect(verify.status == 1)
        #expect(verify.stderr.contains("Plugin ended with exit code 1"))
        #expect(verify.stdout.contains("pixeltag verify: ") && verify.stdout.contains(" missing)"))
    }

    @Test func theWritingPluginNeedsItsPermissionFlagWithoutATerminal() async throws {
        let site = try site("refused")
        let result = try await swiftPackage(["pixeltag", "inject", "--config", "\(site)/pixeltag.yml"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--allow-writing-to-package-directory"))
    }

    @Test func theWritingPluginSendsAPICommandsToPixeltagAPI() async throws {
        let result = try await swiftPackage(["--allow-writing-to-package-directory", "pixeltag", "sync", "--check"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("Plugin ended with exit code 2"))
        // SwiftPM passes what a plugin (and the tool it runs) writes to stderr on to stdout.
        #expect(result.stdout.contains("--allow-network-connections all:443 pixeltag-api sync --check"))
    }

    @Test func theReadOnlyVerifyPluginSendsOnlineChecksToPixeltagAPI() async throws {
        let result = try await swiftPackage(["pixeltag-verify", "--online"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("Plugin ended with exit code 2"))
        #expect(result.stdout.contains("pixeltag-api verify --online"))
    }

    @Test func theAPIPluginRunsWithItsTwoPermissionFlags() async throws {
        let refused = try await swiftPackage(["--allow-writing-to-package-directory", "pixeltag-api", "--version"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--allow-network-connections all:443"))
        let result = try await swiftPackage(["--allow-writing-to-package-directory", "--allow-network-connections", "all:443", "pixeltag-api", "--version"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.hasPrefix("0."))
    }
}
