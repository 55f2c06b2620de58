import Foundation
import Testing

/// The build cache on a copy of sample-site: a re-run skips pages untouched since, and any
/// touched page, even one put back to its old size and mtime, is read again. And `--shard`.
@Suite(.serialized) struct RerunAndShardTests {
    let sample: SampleSiteCopy
    var folder: TemporaryFolder { sample.folder }
    var config: String { sample.config }
    var site: URL { sample.site }

    init() throws {
        sample = try SampleSiteCopy()
    }

    /// Injects, then lets the racily-clean second pass record every page as settled.
    func warmCache() async throws {
        _ = try await ToolRunner.run(["inject", "--config", config])
        try await Task.sleep(for: .milliseconds(200))
        _ = try await ToolRunner.run(["inject", "--config", config])
    }

    @Test func aRerunOnAnUpToDateSiteReadsNoPage() async throws {
        try await warmCache()
        let third = try await ToolRunner.run(["inject", "--config", config])
        #expect(third.stdout == "pixeltag inject: 11 pages scanned, 0 changed, 11 unchanged (11 from the build cache), 0 skipped, 0 failed\n")
    }

    @Test func aRunThatReadNothingLeavesTheCacheFileAlone() async throws {
        try await warmCache()
        // Let the stamps age past the racily-clean window, then settle them once more.
        try await Task.sleep(for: .milliseconds(2100))
        _ = try await ToolRunner.run(["inject", "--config", config])
        let cacheFile = folder.url.appendingPathComponent(".pixeltag-cache").path
        let before = try FileManager.default.attributesOfItem(atPath: cacheFile)[.modificationDate] as? Date
        let run = try await ToolRunner.run(["inject", "--config", config])
        #expect(run.stdout.contains("(11 from the build cache)"))
        #expect(try FileManager.default.attributesOfItem(atPath: cacheFile)[.modificationDate] as? Date == before)
    }

    @Test func aPageRewrittenToTheSameSizeAndMtimeIsReadAgain() async throws {
        try await warmCache()
        let page = site.appendingPathComponent("pricing/index.html")
        let stamp = try FileManager.default.attributesOfItem(atPath: page.path)
        var text = try String(contentsOf: page, encoding: .utf8)
        // Break the injected base code without changing the size, then put the mtime back.
        text = text.replacingOccurrences(of: "tgp('init'", with: "tgp('INIT'")
        try Data(text.utf8).write(to: page)
        try FileManager.default.setAttributes([.modificationDate: stamp[.modificationDate]!], ofItemAtPath: page.path)
        let run = try await ToolRunner.run(["inject", "--config", config])
        #expect(run.stdout.contains("1 changed, 10 unchanged (10 from the build cache)"))
        #expect(try String(contentsOf: page, encoding: .utf8).contains("tgp('init'"))
    }

    @Test func aChangedLockInvalidatesTheCache() async throws {
        try await warmCache()
        let lock = folder.url.appendingPathComponent("pixeltag.lock.json")
        try (try String(contentsOf: lock, encoding: .utf8) + "\n").write(to: lock, atomically: true, encoding: .utf8)
        let run = try await ToolRunner.run(["inject", "--config", config])
        #expect(run.stdout.contains("11 unchanged, 0 skipped"))
    }

    @Test func noCacheReadsEveryPage() async throws {
        try await warmCache()
        let run = try await ToolRunner.run(["inject", "--config", config, "--no-cache"])
        #expect(run.stdout.contains("11 unchanged, 0 skipped"))
    }

    @Test func shardsSplitTheSiteWithoutOverlap() async throws {
        let first = try await ToolRunner.run(["inject", "--config", config, "--shard", "1/2", "--no-cache"])
        let second = try await ToolRunner.run(["inject", "--config", config, "--shard", "2/2", "--no-cache"])
        let scanned = [first, second].map { Int($0.stdout.split(separator: ":")[1].split(separator: " ")[0])! }
        #expect(scanned.reduce(0, +) == 11)
        #expect(scanned.allSatisfy { $0 > 0 })
        let again = try await ToolRunner.run(["inject", "--config", config, "--no-cache"])
        #expect(again.stdout.contains("0 changed, 11 unchanged"))
    }

    @Test func aBadShardIsOneLineOfAdvice() async throws {
        let run = try await ToolRunner.run(["inject", "--config", config, "--shard", "3/2"])
        #expect(run.status == 2)
        #expect(run.stderr == "error: --shard 3/2: expected i/n with 1 ≤ i ≤ n, e.g. --shard 2/4\n")
    }
}
