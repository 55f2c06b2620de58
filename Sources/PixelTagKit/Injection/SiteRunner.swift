import Foundation

/// Walks a built site and injects (or strips) every page, several pages at a time, writing
/// each changed page atomically and leaving unchanged pages untouched (mtime kept).
public struct SiteRunner: Sendable {
    public struct Options: Sendable {
        public var site: URL
        /// Write the whole site here instead of rewriting it in place.
        public var out: URL?
        public var dryRun = false
        public var jobs = ProcessInfo.processInfo.activeProcessorCount
        /// Keep each changed page's old and new bytes in its report, for `--diff`.
        public var keepBytes = false
        /// Larger pages fail alone, unread; tests lower it to try the limit without the memory.
        public var maxPageBytes = PageLimits.maxPageBytes
        /// Only the pages of this part of the site (`--shard i/n`).
        public var shard: Shard?
        /// The build cache file, for a run in place; nil runs without one.
        public var cache: URL?
        /// What the cache is valid for: pixeltag's version, the config, the lock.
        public var cacheFingerprint = ""

        public init(site: URL, out: URL? = nil) {
            self.site = site
            self.out = out
        }
    }

    /// What happened to one page.
    public struct PageReport: Sendable {
        public enum Status: Sendable { case changed, unchanged, skipped, failed }
        public var path: String
        public var status: Status
        public var message: String?
        public var before: [UInt8]?
        public var after: [UInt8]?
        /// Known up to date from the build cache, without reading the page.
        public var fromCache = false
        /// The page on disk once pixeltag was done with it, for the build cache.
        var stamp: BuildCache.Stamp?
        /// The build cache's entry that vouched for the page.
        var cacheEntry: Int?
        /// False for what the walk reports that is not a page: a link to a folder, an asset
        /// --out could not copy.
        var isPage = true
    }

    public struct Summary: Sendable, Equatable {
        public var scanned = 0, changed = 0, unchanged = 0, skipped = 0, failed = 0
        /// Of the unchanged pages, those the build cache vouched for without a read.
        public var cached = 0

        mutating func add(_ other: Summary) {
            scanned += other.scanned
            changed += other.changed
            unchanged += other.unchanged
            skipped += other.skipped
            failed += other.failed
            cached += other.cached
        }

        public var line: String {
            let fromCache = cached > 0 ? " (\(cached) from the build cache)" : ""
            return "\(scanned) pages scanned, \(changed) changed, \(unchanged) unchanged\(fromCache), \(skipped) skipped, \(failed) failed"
        }
    }

    /// Files a worker takes from the walk at a time: few enough that the workers stay even
    /// at the end of a run, enough that they rarely wait for each other.
    static let batchSize = 8

    public let rules: RuleSet
    public let injector: PageInjector
    public let options: Options

    /// - Parameter strip: remove every block instead of injecting.
    /// `options.site` as a path, worked out once.
    private let sitePath: String

    public init(rules: RuleSet, options: Options, strip: Bool = false) {
        self.rules = rules
        self.injector = PageInjector(rules: strip ? nil : rules)
        self.options = options
        sitePath = options.site.path
    }

    public func run(report: @escaping @Sendable (PageReport) -> Void) async throws -> Summary {
        if let out = options.out { try OutFolder.check(out, site: options.site) }
        // The site is walked as it is worked through: no list of its paths, whatever its size.
        let walker = try SiteWalker(site: options.site, removingLeftovers: !options.dryRun)
        // Only a run in place can trust what it left on disk last time.
        let useCache = options.cache != nil && options.out == nil && !options.dryRun
        var cache = options.cache.map { BuildCache.load(from: $0, fingerprint: options.cacheFingerprint) } ?? BuildCache(fingerprint: "")
        let known: BuildCache? = useCache ? cache : nil
        // A few long-lived workers pull files from the walk: a task per page cost a thread
        // wake-up per page, which on small pages was a tenth of the run.
        let tallies = try await withThrowingTaskGroup(of: Tally.self) { group in
            for _ in 0..<max(1, options.jobs) {
                group.addTask {
                    var tally = Tally(seen: known?.emptySeenBits() ?? [])
                    while case let batch = walker.next(upTo: Self.batchSize), !batch.isEmpty {
                        for entry in batch {
                            guard let result = self.handle(entry, known: known) else { continue }
                            tally.add(result)
                            report(result)
                        }
                    }
                    return tally
                }
            }
            var all: [Tally] = []
            for try await tally in group { all.append(tally) }
            return all
        }
        var summary = Summary()
        for tally in tallies {
            summary.add(tally.summary)
            cache.record(contentsOf: tally.records)
            cache.markSeen(tally.seen)
        }
        if useCache, let file = options.cache, !cache.isUnchanged {
            // The cache only saves work: a run whose cache cannot be written is still a good run.
            try? cache.save(to: file)
        }
        return summary
    }

    /// What one file of the walk comes to: a page's report, a report for what cannot be
    /// done with a file, or nil for a file that is not this run's business.
    private func handle(_ entry: SiteWalker.Entry, known cache: BuildCache?) -> PageReport? {
        switch entry {
        case .folderLink(let link):
            return PageReport(path: link, status: .skipped, message: "a symbolic link to a folder; pixeltag does not write through links", isPage: false)
        case .file(let path) where !rules.isPage(path):
            guard let out = options.out, !options.dryRun else { return nil }
            do {
                try copyAsset(path, to: out)
                return nil
            } catch {
                let message = (error as? PixelTagError)?.message ?? "\(error)"
                return PageReport(path: path, status: .failed, message: message, isPage: false)
            }
        case .file(let path):
            guard options.shard?.contains(path) != false else { return nil }
            return process(path, known: cache)
        }
    }

    /// - Parameter cache: what the last run left, when this run may trust it.
    private func process(_ path: String, known cache: BuildCache?) -> PageReport {
        // Paths as strings: Foundation's URL work per page was a few percent of a run.
        let source = sitePath + "/" + path
        // Stamped before the read: a write landing after it makes the next run read again.
        let stamp = cache == nil ? nil : BuildCache.Stamp.of(path: source)
        if let cache, let entry = cache.upToDateIndex(path, stamp: stamp) {
            return PageReport(path: path, status: .unchanged, fromCache: true, cacheEntry: entry)
        }
        let file: SiteFiles.PageFile
        do {
            guard let read = try SiteFiles.readPage(atPath: source, limit: options.maxPageBytes) else {
                return PageReport(path: path, status: .skipped, message: "a symbolic link; pixeltag does not write through links")
            }
            file = read
        } catch let error as PixelTagError {
            return PageReport(path: path, status: .failed, message: error.message)
        } catch {
            return PageReport(path: path, status: .failed, message: "cannot read (\(error.localizedDescription))")
        }
        let bytes = file.bytes
        let outcome = injector.process(bytes, path: path)
        var report: PageReport
        var output = bytes
        switch outcome {
        case .unchanged:
            report = PageReport(path: path, status: .unchanged, stamp: stamp)
        case .changed(let new):
            report = PageReport(path: path, status: .changed)
            output = new
            if options.keepBytes { (report.before, report.after) = (bytes, new) }
        case .skipped(let reason):
            report = PageReport(path: path, status: .skipped, message: reason)
        case .failed(let reason):
            report = PageReport(path: path, status: .failed, message: reason)
        }
        guard !options.dryRun else { return report }
        do {
            if let out = options.out {
                // A complete site in `out`: every page, changed or not, but rewritten only if different.
                let target = out.appendingPathComponent(path)
                if let link = SiteFiles.linkedFolder(on: path, under: out) {
                    return PageReport(path: path, status: .failed, message: "\(link) is a symbolic link; pixeltag does not write through links")
                }
                if (try? SiteFiles.read(target)) != output {
                    try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try AtomicFile.write(Data(output), to: target)
                }
            } else if case .changed = outcome {
                try AtomicFile.write(output, toPath: source, mode: file.mode)
                report.stamp = cache == nil ? nil : BuildCache.Stamp.of(path: source)
            }
        } catch let error as PixelTagError {
            return PageReport(path: path, status: .failed, message: error.message)
        } catch {
            return PageReport(path: path, status: .failed, message: "cannot write (\(error.localizedDescription))")
        }
        return report
    }

    /// With --out, the files that are not pages (styles, images) go to the copy unchanged.
    /// Errors leave out the path: the report names the file.
    private func copyAsset(_ path: String, to out: URL) throws {
        let source = options.site.appendingPathComponent(path)
        let target = out.appendingPathComponent(path)
        if let link = SiteFiles.linkedFolder(on: path, under: out) {
            throw PixelTagError.io("cannot copy to \(out.relativePathForDisplay), \(link) is a symbolic link; pixeltag does not write through links")
        }
        do {
            let data = try Data(contentsOf: source)
            if (try? Data(contentsOf: target)) == data { return }
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try AtomicFile.write(data, to: target)
        } catch let error as PixelTagError {
            throw error
        } catch {
            throw PixelTagError.io("cannot copy to \(out.relativePathForDisplay) (\(error.localizedDescription)); check that the --out folder is writable")
        }
    }
}

/// One worker's share of a run.
private struct Tally: Sendable {
    var summary = SiteRunner.Summary()
    /// For the build cache: 40 bytes a page read, not the page's path, and a bit per page
    /// the cache vouched for.
    var records: [BuildCache.Record] = []
    var seen: [UInt64]

    mutating func add(_ report: SiteRunner.PageReport) {
        if !report.isPage {
            // A folder link or an asset that could not be copied: reported, but not a page.
            if report.status == .failed { summary.failed += 1 }
            return
        }
        summary.scanned += 1
        if report.fromCache { summary.cached += 1 }
        if let entry = report.cacheEntry { BuildCache.mark(entry, in: &seen) }
        if let stamp = report.stamp { records.append(BuildCache.Record(path: report.path, stamp: stamp)) }
        switch report.status {
        case .changed: summary.changed += 1
        case .unchanged: summary.unchanged += 1
        case .skipped: summary.skipped += 1
        case .failed: summary.failed += 1
        }
    }
}
