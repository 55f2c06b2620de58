import Foundation
import Testing
@testable import PixelTagKit

/// The build cache only ever saves reading a page that is exactly as pixeltag left it.
@Suite struct BuildCacheTests {
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder() }

    var cacheFile: URL { folder.url.appendingPathComponent("cache") }

    /// A cache holding `page` as it is now, saved `age` seconds after the page was recorded.
    func cacheHolding(_ page: String, savedSecondsAfter age: Int64 = 5, fingerprint: String = "f") throws -> (BuildCache, BuildCache.Stamp) {
        let url = folder.url.appendingPathComponent(page)
        let stamp = try #require(BuildCache.Stamp.of(url))
        var cache = BuildCache(fingerprint: fingerprint)
        cache.record(page, stamp: stamp)
        // Saved as if the run had gone on a while after this page.
        try cache.save(to: cacheFile, now: stamp.changed + age * 1_000_000_000)
        return (BuildCache.load(from: cacheFile, fingerprint: fingerprint), stamp)
    }

    @Test func anUntouchedPageIsUpToDate() throws {
        try folder.write("<p>a</p>", to: "a.html")
        let (cache, _) = try cacheHolding("a.html", savedSecondsAfter: 5)
        #expect(cache.isUpToDate("a.html", stamp: BuildCache.Stamp.of(folder.url.appendingPathComponent("a.html"))))
    }

    @Test func aRewrittenPageOfTheSameSizeIsNot() throws {
        try folder.write("<p>a</p>", to: "a.html")
        let (cache, _) = try cacheHolding("a.html", savedSecondsAfter: 5)
        let url = folder.url.appendingPathComponent("a.html")
        let before = try #require(BuildCache.Stamp.of(url))
        // Same size, mtime set back to the recorded one: only the change time tells.
        try Data("<p>b</p>".utf8).write(to: url)
        var times = [timespec(tv_sec: Int(before.modified / 1_000_000_000), tv_nsec: Int(before.modified % 1_000_000_000)),
                     timespec(tv_sec: Int(before.modified / 1_000_000_000), tv_nsec: Int(before.modified % 1_000_000_000))]
        utimensat(AT_FDCWD, url.path, &times, 0)
        #expect(!cache.isUpToDate("a.html", stamp: BuildCache.Stamp.of(url)))
    }

    @Test func aPageRecordedJustBeforeTheSaveIsReadAgain() throws {
        try folder.write("<p>a</p>", to: "a.html")
        let (cache, _) = try cacheHolding("a.html", savedSecondsAfter: 0)
        #expect(!cache.isUpToDate("a.html", stamp: BuildCache.Stamp.of(folder.url.appendingPathComponent("a.html"))))
    }

    @Test func otherRulesOrAnotherVersionStartFromNothing() throws {
        try folder.write("<p>a</p>", to: "a.html")
        _ = try cacheHolding("a.html", savedSecondsAfter: 5, fingerprint: "old")
        let cache = BuildCache.load(from: cacheFile, fingerprint: "new")
        #expect(!cache.isUpToDate("a.html", stamp: BuildCache.Stamp.of(folder.url.appendingPathComponent("a.html"))))
    }

    @Test func aCorruptCacheIsAnEmptyOne() throws {
        try "garbage\n1 2 3".write(to: cacheFile, atomically: true, encoding: .utf8)
        let cache = BuildCache.load(from: cacheFile, fingerprint: "f")
        let stamp = BuildCache.Stamp(size: 1, modified: 2, changed: 3, inode: 4)
        #expect(cache.isUpToDate("a.html", stamp: stamp) == false)
    }

    @Test func aTruncatedCacheIsAnEmptyOne() throws {
        try folder.write("<p>a</p>", to: "a.html")
        let (_, stamp) = try cacheHolding("a.html", savedSecondsAfter: 5)
        let bytes = try Data(contentsOf: cacheFile)
        try bytes.dropLast(3).write(to: cacheFile)
        #expect(!BuildCache.load(from: cacheFile, fingerprint: "f").isUpToDate("a.html", stamp: stamp))
    }

    @Test func manyPagesAreEachFoundByTheirOwnPath() throws {
        var cache = BuildCache(fingerprint: "f")
        let pages = (0..<5_000).map { "section-\($0 % 13)/page-\($0).html" }
        for (number, page) in pages.enumerated() {
            cache.record(page, stamp: BuildCache.Stamp(size: Int64(number), modified: 1, changed: 1_000_000_000, inode: UInt64(number)))
        }
        try cache.save(to: cacheFile, now: 10_000_000_000)
        let loaded = BuildCache.load(from: cacheFile, fingerprint: "f")
        for (number, page) in pages.enumerated() {
            let own = BuildCache.Stamp(size: Int64(number), modified: 1, changed: 1_000_000_000, inode: UInt64(number))
            let other = BuildCache.Stamp(size: Int64(number + 1), modified: 1, changed: 1_000_000_000, inode: UInt64(number + 1))
            #expect(loaded.isUpToDate(page, stamp: own))
            #expect(!loaded.isUpToDate(page, stamp: other))
        }
        #expect(!loaded.isUpToDate("section-0/page-5000.html", stamp: BuildCache.Stamp(size: 0, modified: 1, changed: 1_000_000_000, inode: 0)))
    }

    @Test func aSaveKeepsOnlyThePagesTheRunSaw() throws {
        var cache = BuildCache(fingerprint: "f")
        let stamp = BuildCache.Stamp(size: 1, modified: 1, changed: 1_000_000_000, inode: 1)
        cache.record("kept.html", stamp: stamp)
        cache.record("gone.html", stamp: stamp)
        try cache.save(to: cacheFile, now: 10_000_000_000)
        var next = BuildCache.load(from: cacheFile, fingerprint: "f")
        // The next run finds kept.html up to date and never meets gone.html.
        var bits = next.emptySeenBits()
        BuildCache.mark(try #require(next.upToDateIndex("kept.html", stamp: stamp)), in: &bits)
        next.markSeen(bits)
        #expect(!next.isUnchanged)
        try next.save(to: cacheFile, now: 20_000_000_000)
        let third = BuildCache.load(from: cacheFile, fingerprint: "f")
        #expect(third.isUpToDate("kept.html", stamp: stamp))
        #expect(!third.isUpToDate("gone.html", stamp: stamp))
    }

    @Test func aRunThatFoundEveryPageAsItWasChangesNothing() throws {
        var cache = BuildCache(fingerprint: "f")
        let stamp = BuildCache.Stamp(size: 1, modified: 1, changed: 1_000_000_000, inode: 1)
        cache.record("a.html", stamp: stamp)
        try cache.save(to: cacheFile, now: 10_000_000_000)
        var next = BuildCache.load(from: cacheFile, fingerprint: "f")
        #expect(!next.isUnchanged, "a page not yet seen this run")
        var bits = next.emptySeenBits()
        BuildCache.mark(try #require(next.upToDateIndex("a.html", stamp: stamp)), in: &bits)
        next.markSeen(bits)
        #expect(next.isUnchanged)
    }

    @Test func theFingerprintChangesWithAnyPart() {
        let a = BuildCache.fingerprint(of: [Array("config".utf8), Array("lock".utf8)])
        #expect(a == BuildCache.fingerprint(of: [Array("config".utf8), Array("lock".utf8)]))
        #expect(a != BuildCache.fingerprint(of: [Array("config".utf8), Array("lock2".utf8)]))
        #expect(a != BuildCache.fingerprint(of: [Array("configlock".utf8), []]))
    }
}

@Suite struct ShardTests {
    @Test func everyPageIsInExactlyOneShard() throws {
        let shards = try (1...4).map { try Shard(parsing: "\($0)/4") }
        let pages = (0..<500).map { "section-\($0 % 7)/page-\($0).html" }
        for page in pages { #expect(shards.filter { $0.contains(page) }.count == 1) }
        let sizes = shards.map { shard in pages.filter(shard.contains).count }
        #expect(sizes.allSatisfy { $0 > 60 }, "shards are uneven: \(sizes)")
    }

    @Test func aBadShardIsAdvice() {
        #expect(throws: PixelTagError.input("--shard 5/4: expected i/n with 1 ≤ i ≤ n, e.g. --shard 2/4")) { try Shard(parsing: "5/4") }
        #expect(throws: PixelTagError.self) { try Shard(parsing: "0/3") }
        #expect(throws: PixelTagError.self) { try Shard(parsing: "x") }
    }
}
