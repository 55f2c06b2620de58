import Foundation

/// Runs system tools (ldd, readelf, tar, bash…) with an environment the test chooses whole,
/// for the tests of what pixeltag ships: the release binary and the GitHub Action.
enum ReleaseTools {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `executable` with exactly `environment` when given (else this process's). It waits
    /// on a thread of its own, like `ToolRunner`: a test blocking the few cooperative threads
    /// starves the in-process fake servers other tests talk to (seen: their start timing out).
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                    in folder: URL? = nil) async throws -> ToolRunner.Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try runBlocking(executable, arguments, environment: environment, in: folder) })
            }
        }
    }

    private static func runBlocking(_ executable: String, _ arguments: [String], environment: [String: String]?,
                                    in folder: URL?) throws -> ToolRunner.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let folder { process.currentDirectoryURL = folder }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return ToolRunner.Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                                 stderr: String(decoding: errData, as: UTF8.self))
    }
}
