import Foundation
import Testing
@testable import PixelTagKit

/// A rewritten page is the old file's twin in everything but its bytes: same permission
/// bits, and no temporary file left beside it.
@Suite struct AtomicFileTests {
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder() }

    func mode(of path: String) -> mode_t {
        var info = stat()
        stat(path, &info)
        return info.st_mode & 0o7777
    }

    @Test(arguments: [0o600, 0o640, 0o644, 0o664, 0o666, 0o755] as [mode_t])
    func aRewrittenFileKeepsItsPermissionBits(_ bits: mode_t) throws {
        try folder.write("<p>old</p>", to: "page.html")
        let path = folder.url.appendingPathComponent("page.html").path
        chmod(path, bits)
        try AtomicFile.write(Array("<p>new</p>".utf8), toPath: path)
        #expect(mode(of: path) == bits)
        #expect(String(decoding: try folder.read("page.html"), as: UTF8.self) == "<p>new</p>")
    }

    @Test(arguments: [0o600, 0o664, 0o666] as [mode_t])
    func theModeFromTheReadIsTheModeWritten(_ bits: mode_t) throws {
        try folder.write("<p>old</p>", to: "page.html")
        let path = folder.url.appendingPathComponent("page.html").path
        chmod(path, bits)
        let page = try #require(try SiteFiles.readPage(atPath: path))
        try AtomicFile.write(Array("<p>new</p>".utf8), toPath: path, mode: page.mode)
        #expect(mode(of: path) == bits)
    }

    @Test func manyWritersInOneFolderEachGetTheirOwnTemporaryFile() throws {
        let count = 200
        let path = folder.url.path
        DispatchQueue.concurrentPerform(iterations: count) { index in
            try? AtomicFile.write(Array("page \(index)".utf8), toPath: path + "/p\(index).html")
        }
        for index in 0..<count {
            #expect(String(decoding: try folder.read("p\(index).html"), as: UTF8.self) == "page \(index)")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.url.path)
        #expect(names.count == count)
        #expect(!names.contains { $0.contains(AtomicFile.temporaryMarker) })
    }

    #if os(Linux)
    @Test func theUmaskIsReadWithoutBeingChanged() throws {
        // A child shell inherits this process's umask and prints it.
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "umask"]
        let pipe = Pipe()
        shell.standardOutput = pipe
        try shell.run()
        shell.waitUntilExit()
        let printed = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let expected = try #require(mode_t(printed.trimmingCharacters(in: .whitespacesAndNewlines), radix: 8))
        #expect(ProcessUmask.value == expected)
    }
    #endif

    @Test func aSymbolicLinkIsNotReadAsAPage() throws {
        try folder.write("<p>elsewhere</p>", to: "target.html")
        try FileManager.default.createSymbolicLink(
            at: folder.url.appendingPathComponent("link.html"), withDestinationURL: folder.url.appendingPathComponent("target.html"))
        #expect(try SiteFiles.readPage(atPath: folder.url.appendingPathComponent("link.html").path) == nil)
        #expect(try SiteFiles.readPage(atPath: folder.url.appendingPathComponent("target.html").path)?.bytes == Array("<p>elsewhere</p>".utf8))
    }
}
