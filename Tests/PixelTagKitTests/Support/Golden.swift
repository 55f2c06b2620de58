import Foundation
import Testing
@testable import PixelTagKit

/// Output checked against a file kept under Tests/PixelTagKitTests/Fixtures, read from the
/// source tree. `PIXELTAG_UPDATE_GOLDEN=1 swift test --filter …` writes the file instead of
/// comparing: review its diff before committing it, as it is the specification.
enum Golden {
    static let folder = ToolRunner.packageRoot.appendingPathComponent("Tests/PixelTagKitTests/Fixtures")
    static var updating: Bool { ProcessInfo.processInfo.environment["PIXELTAG_UPDATE_GOLDEN"] == "1" }

    static func read(_ path: String) throws -> String {
        String(decoding: try Data(contentsOf: folder.appendingPathComponent(path)), as: UTF8.self)
    }

    static func check(_ actual: String, matches path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = folder.appendingPathComponent(path)
        if updating {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: file)
            return
        }
        let expected = (try? read(path)) ?? ""
        if actual != expected {
            let diff = UnifiedDiff.render(Array(expected.utf8), Array(actual.utf8), path: path)
            Issue.record("differs from Fixtures/\(path) (PIXELTAG_UPDATE_GOLDEN=1 rewrites it):\n\(diff)", sourceLocation: sourceLocation)
        }
    }
}

extension Golden {
    /// Files and their bytes against a folder of golden files: each file, and that the folder
    /// holds no file more (a page the output lost is a difference too). Updating rewrites the
    /// folder from scratch.
    static func checkFolder(_ files: [String: Data], matches path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let root = folder.appendingPathComponent(path)
        if updating { try? FileManager.default.removeItem(at: root) }
        for name in files.keys.sorted() {
            try check(String(decoding: files[name]!, as: UTF8.self), matches: path + "/" + name, sourceLocation: sourceLocation)
        }
        let kept = Set((FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? []).filter { name in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: root.appendingPathComponent(name).path, isDirectory: &isFolder) && !isFolder.boolValue
        })
        let extra = kept.subtracting(files.keys).sorted()
        if !extra.isEmpty {
            Issue.record("Fixtures/\(path) holds files the output no longer has: \(extra.joined(separator: ", ")) (PIXELTAG_UPDATE_GOLDEN=1 rewrites the folder)", sourceLocation: sourceLocation)
        }
    }
}

/// The commands of a scenario and what each printed, as one text to compare with a golden
/// file: a reader sees the session as it happened in a terminal.
struct Transcript {
    let folder: URL
    private(set) var text = ""

    init(in folder: URL) {
        self.folder = folder
    }

    /// Runs `pixeltag ARGUMENTS` in the folder, records it, and returns its result.
    @discardableResult
    mutating func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> ToolRunner.Result {
        let result = try await ToolRunner.run(arguments, in: folder, environment: environment)
        text += "$ pixeltag \(arguments.joined(separator: " "))\n"
        // How many pages the build cache vouched for depends on the clock (a page written
        // within a tick of the cache's save is read again): not part of what is specified.
        let stdout = result.stdout.replacingOccurrences(of: #" \(\d+ from the build cache\)"#, with: "", options: .regularExpression)
        if !stdout.isEmpty { text += stdout + (stdout.hasSuffix("\n") ? "" : "\n") }
        // stderr marked line by line: the two streams are told apart, as a terminal cannot.
        var errors = Substring(result.stderr)
        if errors.hasSuffix("\n") { errors = errors.dropLast() }
        if !result.stderr.isEmpty { text += errors.split(separator: "\n", omittingEmptySubsequences: false).map { "stderr| " + $0 }.joined(separator: "\n") + "\n" }
        text += "exit \(result.status)\n\n"
        return result
    }

    mutating func note(_ line: String) {
        text += "# \(line)\n"
    }
}
