import Foundation
import Testing

/// `inject --out DIR` into a folder that already holds something: the copy is the site, not
/// a merge. pixeltag lists what it wrote there (`.pixeltag-out`), removes what of that the
/// site no longer has, and touches a file it did not write only when `--delete-extra` says so.
@Suite struct OutFolderTests {
    let sample: SampleSiteCopy
    var folder: TemporaryFolder { sample.folder }
    var dist: URL { folder.url.appendingPathComponent("dist") }

    init() throws {
        sample = try SampleSiteCopy()
    }

    func inject(_ extra: [String] = []) async throws -> ToolRunner.Result {
        try await ToolRunner.run(["inject", "--no-cache", "--out", "dist"] + extra, in: folder.url)
    }

    /// The out folder without pixeltag's list of what it wrote there.
    func copy() throws -> [String: Data] {
        try SampleSiteCopy.snapshot(of: dist).filter { $0.key != ".pixeltag-out" }
    }

    /// What inject in place makes of the site as it is now, in a folder of its own.
    func injectedInPlace() async throws -> [String: Data] {
        let other = try TemporaryFolder()
        try SampleSiteCopy.copy(into: other.url)
        try FileManager.default.removeItem(at: other.url.appendingPathComponent("public"))
        try FileManager.default.copyItem(at: sample.site, to: other.url.appendingPathComponent("public"))
        let result = try await ToolRunner.run(["inject", "--no-cache"], in: other.url)
        #expect(result.status == 0, "\(result.stderr)")
        return try SampleSiteCopy.snapshot(of: other.url.appendingPathComponent("public"))
    }

    @Test func aPageRemovedFromTheSiteIsRemovedFromTheCopy() async throws {
        #expect(try await inject().status == 0)
        try FileManager.default.removeItem(at: sample.site.appendingPathComponent("features"))
        let second = try await inject()
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.hasPrefix("removed dist/features/index.html (not in the site)\n"))
        #expect(try copy() == (try await injectedInPlace()))
        #expect(!FileManager.default.fileExists(atPath: dist.appendingPathComponent("features").path), "the folder it leaves empty goes too")
    }

    @Test func aFilePixeltagDidNotWriteStopsTheRunBeforeAnythingIsWritten() async throws {
        try folder.write("my notes\n", to: "dist/notes.txt")
        try folder.write("old\n", to: "dist/old/page.html")
        let result = try await inject()
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr == "error: --out dist: 2 files the site does not have and pixeltag did not write (dist/notes.txt, dist/old/page.html); nothing was written. The copy must be the site alone: add --delete-extra to remove them, move them away, or write to an empty folder\n")
        #expect(try SampleSiteCopy.snapshot(of: dist) == ["notes.txt": Data("my notes\n".utf8), "old/page.html": Data("old\n".utf8)])
    }

    @Test func aFileThatPixeltagWroteButTheUserChangedIsStillPixeltags() async throws {
        #expect(try await inject().status == 0)
        try folder.write("edited by hand\n", to: "dist/features/index.html")
        try FileManager.default.removeItem(at: sample.site.appendingPathComponent("features"))
        #expect(try await inject().status == 0)
        #expect(try copy() == (try await injectedInPlace()))
    }

    @Test func deleteExtraRemovesWhatTheSiteDoesNotHave() async throws {
        try folder.write("my notes\n", to: "dist/notes.txt")
        let result = try await inject(["--delete-extra"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("removed dist/notes.txt (not in the site)\n"))
        #expect(try copy() == (try await injectedInPlace()))
    }

    @Test func aCopyOfTheSiteMadeByOtherMeansIsOverwrittenNotRefused() async throws {
        try FileManager.default.copyItem(at: sample.site, to: dist)
        let result = try await inject()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try copy() == (try await injectedInPlace()))
        // Now pixeltag's: a page removed from the site goes from the copy on the next run.
        try FileManager.default.removeItem(at: sample.site.appendingPathComponent("pricing/index.html"))
        #expect(try await inject().status == 0)
        #expect(try copy() == (try await injectedInPlace()))
    }

    @Test func anEmptyOrMissingOutFolderJustWorks() async throws {
        #expect(try await inject().status == 0)
        let missing = try copy()
        try FileManager.default.removeItem(at: dist)
        try FileManager.default.createDirectory(at: dist, withIntermediateDirectories: false)
        #expect(try await inject().status == 0)
        #expect(try copy() == missing)
    }

    @Test func aDryRunSaysWhatItWouldRemoveAndRemovesNothing() async throws {
        #expect(try await inject().status == 0)
        try FileManager.default.removeItem(at: sample.site.appendingPathComponent("features"))
        let before = try SampleSiteCopy.snapshot(of: dist)
        let result = try await inject(["--dry-run"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("would remove dist/features/index.html (not in the site)\n"))
        #expect(try SampleSiteCopy.snapshot(of: dist) == before)
    }

    @Test func stripOutRemovesWhatTheSiteNoLongerHasToo() async throws {
        #expect(try await inject().status == 0)
        try FileManager.default.removeItem(at: sample.site.appendingPathComponent("features"))
        let result = try await ToolRunner.run(["strip", "--out", "dist"], in: folder.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try copy() == (try SampleSiteCopy.snapshot(of: sample.site)))
    }

    @Test func deleteExtraWithoutOutIsAUsageError() async throws {
        let result = try await ToolRunner.run(["inject", "--delete-extra"], in: folder.url)
        #expect(result.status == 2)
        #expect(result.stderr.contains("--delete-extra goes with --out"))
    }
}
