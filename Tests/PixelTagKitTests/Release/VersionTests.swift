import Foundation
import Testing
@testable import PixelTagKit

@Suite struct VersionTests {
    /// The libxml2 the dynamic loader picks for `binary`, from the file libxml2.so.2 resolves
    /// to (libxml2.so.2.9.14): what the binary runs on, whatever headers it was built with.
    static func loadedLibxml2(of binary: URL) async throws -> String? {
        let ldd = try await ReleaseTools.run("/usr/bin/env", ["ldd", binary.path])
        guard let line = ldd.stdout.split(separator: "\n").first(where: { $0.contains("libxml2.so") }),
              let path = line.split(separator: " ").first(where: { $0.hasPrefix("/") })
        else { return nil }
        let file = URL(fileURLWithPath: String(path)).resolvingSymlinksInPath().lastPathComponent
        return file.components(separatedBy: ".so.").last
    }

    @Test func versionPrintsTheVersionAndTheLibxml2ItRunsOn() async throws {
        let result = try await ToolRunner.runAsync("pixeltag", ["--version"])
        let libxml2 = try #require(try await Self.loadedLibxml2(of: ToolRunner.productsFolder.appendingPathComponent("pixeltag")))
        #expect(result.status == 0)
        #expect(result.stdout == "\(PixelTagKit.version) (libxml2 \(libxml2))\n")
    }
}
