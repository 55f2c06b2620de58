import Foundation

/// Runs system tools (ldd, readelf, tar, bash…) with an environment the test chooses whole,
/// for the tests of what pixeltag ships: the release binary and the GitHub Action.
enum ReleaseTools {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `executable` with exactly `environment` when given (else this process's), waiting
    /// on a thread of its own like `ToolRunner`.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                    in folder: URL? = nil) throws -> ToolRunner.Result {
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

    static func has(_ command: String) -> Bool {
        (try? run("/usr/bin/env", ["sh", "-c", "command -v \(command)"]).status == 0) ?? false
    }
}
