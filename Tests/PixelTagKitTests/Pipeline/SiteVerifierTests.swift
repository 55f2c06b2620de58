import Foundation
import Testing
@testable import PixelTagKit

/// What verify says of a page it could not read: inject's one line, said once.
@Suite struct SiteVerifierTests {
    @Test func aPageOverTheLimitIsAnErrorInInjectsWords() async throws {
        let folder = try TemporaryFolder()
        try folder.write("<title>small</title>", to: "index.html")
        // A hole, not 300 MB of memory or disk: refused from its size alone.
        let huge = folder.url.appendingPathComponent("huge.html")
        #expect(FileManager.default.createFile(atPath: huge.path, contents: Data("<p>".utf8)))
        #expect(truncate(huge.path, 300 << 20) == 0)
        let outcome = try await SiteVerifier(rules: try Fixtures.rules(), lock: Fixtures.lock(), site: folder.url).run()
        let verdict = try #require(outcome.pages.first { $0.path == "huge.html" })
        #expect(verdict.status == .error)
        #expect(verdict.message == "300 MB is larger than the 256 MB pixeltag handles; left untouched (list it in pages.exclude if it is not a page)")
    }

    @Test(.enabled(if: getuid() != 0, "root reads a file whatever its permissions"))
    func aPageThatCannotBeOpenedSaysWhyOnce() async throws {
        let folder = try TemporaryFolder()
        try folder.write("<title>locked</title>", to: "locked.html")
        let locked = folder.url.appendingPathComponent("locked.html").path
        #expect(chmod(locked, 0) == 0)
        defer { chmod(locked, 0o644) }
        let outcome = try await SiteVerifier(rules: try Fixtures.rules(), lock: Fixtures.lock(), site: folder.url).run()
        let verdict = try #require(outcome.pages.first { $0.path == "locked.html" })
        #expect(verdict.status == .error)
        #expect(verdict.message == "cannot read (Permission denied)")
    }
}
