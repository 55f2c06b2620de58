import Foundation

/// Runs the built `pixeltag` (or another executable of this package) as a user would:
/// a real process with arguments, environment and a working folder.
struct ToolRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// When the process was started and when it had exited, taken on the thread that waits
        /// for it: a test that times a command reads these, not a clock read after its `await`,
        /// which a loaded machine's busy cooperative threads can delay by many seconds.
        var started: Date? = nil
        var exited: Date? = nil
        var output: String { stdout + stderr }
    }

    /// The package's root folder, found from this source file so tests run from any folder.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The folder `swift build` put the executables in: beside the test bundle.
    static let productsFolder: URL = {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.path != "/" && !url.lastPathComponent.hasSuffix(".xctest") { url.deleteLastPathComponent() }
        if url.path == "/" { url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent() }
        return url.deletingLastPathComponent()
    }()

    /// `../shared/corpus` beside the checkout; a user's clone may not have it.
    static let corpus: URL? = {
        let candidates: [String?] = [
            ProcessInfo.processInfo.environment["PIXELTAG_CORPUS"],
            packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus").path,
        ]
        return candidates.compactMap { $0 }.map { URL(fileURLWithPath: $0) }
            .first { FileManager.default.fileExists(atPath: $0.path) }
    }()

    /// Runs `pixeltag` itself, on a thread of its own: waiting for a process blocks, and a
    /// blocked cooperative thread (there are only as many as cores) can starve the in-process
    /// fake servers that other tests are talking to at the same time.
    static func run(
        _ arguments: [String], in folder: URL? = nil, environment: [String: String] = [:], input: String? = nil
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Swift.Result {
                    try run("pixeltag", arguments, in: folder, environment: environment, input: input)
                })
            }
        }
    }

    static func run(
        _ executable: String, _ arguments: [String], in folder: URL? = nil,
        environment: [String: String] = [:], input: String? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = productsFolder.appendingPathComponent(executable)
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = Pipe()
        process.standardInput = stdin
        let started = Date()
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try? stdin.fileHandleForWriting.close()
        // Read both pipes while the process runs so a large output cannot block it.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self),
                      started: started, exited: Date())
    }
}

/// A temporary folder that removes itself.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("pixeltag-test-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    func write(_ data: Data, to path: String) throws {
        let file = url.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
    }

    func read(_ path: String) throws -> Data {
        try Data(contentsOf: url.appendingPathComponent(path))
    }
}
