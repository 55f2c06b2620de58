import Foundation

/// Walks a built site and injects (or strips) every page, several pages at a time, writing
/// each changed page atomically and leaving unchanged pages untouched (mtime kept).
package struct SiteRunner: Sendable {
    package struct Options: Sendable {
        package var site: URL
        /// Write the whole site here instead of rewriting it in place.
        package var out: URL?
        package var dryRun = false
        package var jobs = ProcessInfo.processInfo.activeProcessorCount
        /// Keep each changed page's old and new bytes in its report, for `--diff`.
        package var keepBytes = false
        /// Larger pages fail alone, unread; tests lower it to try the limit without the memory.
        package var maxPageBytes = PageLimits.maxPageBytes
        /// Only the pages of this part of the site (`--shard i/n`).
        package var shard: Shard?
        /// The build cache file, for a run in place; nil runs without one.
        package var cache: URL?
        /// What the cache is valid for: pixeltag's version, the config, the lock.
        package var cacheFingerprint = ""
        /// A page with a warning (an unreadable annotation, code pasted by hand that inject
        /// would double) fails instead, untouched.
        package var strict = false
        /// With `out`: remove the files there that the site does not have and pixeltag did
        /// not write, instead of refusing to run.
        package var deleteExtra = false

        package init(site: URL, out: URL? = nil) {
            self.site = site
            self.out = out
        }
    }

    /// What happened to one page.
    package struct PageReport: Sendable {
        package enum Status: Sendable { case changed, unchanged, skipped, failed }
        package var path: String
        package var status: Status
        package var message: String?
        package var before: [UInt8]?
        package var after: [UInt8]?
        /// Known up to date from the build cache, without reading the page.
        package var fromCache = false
        /// The page on disk once pixeltag was done with it, for the build cache.
        var stamp: BuildCache.Stamp?
        /// The build cache's entry that vouched for the page.
        var cacheEntry: Int?
        /// False for what the walk reports that is not a page: a link to a folder, an asset
        /// --out could not copy.
        var isPage = true
        /// Warnings about the page (with --strict they made it fail instead), lines in the page.
        package var notices: [Finding] = []
        /// What the page's run did with the rules (nil for a page not read).
        var review: PageInjector.Review?
        /// Failed only because strict makes its warnings errors.
        package var refused = false
    }

    package struct Summary: Sendable, Equatable {
        package var scanned = 0, changed = 0, unchanged = 0, skipped = 0, failed = 0
        /// Of the unchanged pages, those the build cache vouched for without a read.
        package var cached = 0
        /// Of the failed pages, those that failed only for a warning, under strict.
        package var refused = 0
        /// Pages of the whole site, every shard's: a run that finds none has nothing to do.
        package var pagesInSite = 0
        /// Warnings about pages (in their reports) and about the config (`notices`).
        package var warnings = 0
        /// What the config does that did nothing, or may not be what was meant: rules and
        /// globs that placed nothing, rules naming inactive events. Warnings, or errors with
        /// strict; the config's lines.
        package var notices: [Finding] = []
        /// Files removed from `out` (with a dry run, that would be) because the site no longer
        /// has them, relative to `out`.
        package var removedFromOut: [String] = []

        mutating func add(_ other: Summary) {
            scanned += other.scanned
            changed += other.changed
            unchanged += other.unchanged
            skipped += other.skipped
            failed += other.failed
            cached += other.cached
            refused += other.refused
            warnings += other.warnings
        }

        package var line: String {
            let fromCache = cached > 0 ? " (\(cached) from the build cache)" : ""
            let warned = warnings > 0 ? "; \(warnings) \(warnings == 1 ? "warning" : "warnings")" : ""
            return "\(scanned) pages scanned, \(changed) changed, \(unchanged) unchanged\(fromCache), \(skipped) skipped, \(failed) failed\(warned)"
        }
    }

    package let rules: RuleSet
    package let injector: PageInjector
    package let options: Options

    /// - Parameter strip: remove every block instead of injecting.
    /// `options.site` as a path, worked out once.
    private let sitePath: String

    /// The pages' mode: inject the rules, or strip (the rules then only say which files are pages).
    let mode: SitePipeline.Mode

    package init(rules: RuleSet, options: Options, strip: Bool = false) {
        self.rules = rules
        mode = strip ? .strip : .inject(rules)
        self.injector = PageInjector(rules: strip ? nil : rules)
        self.options = options
        sitePath = options.site.path
    }

    package func run(report: @escaping @Sendable (PageReport) -> Void) async throws -> Summary {
        if let out = options.out { try OutFolder.check(out, site: options.site) }
        var pipeline = SitePipeline(site: options.site, mode: mode)
        pipeline.jobs = options.jobs
        pipeline.dryRun = options.dryRun
        var removed: [String] = []
        if let out = options.out {
            let cleanup = try OutFolder.cleanup(out, site: options.site, deleteExtra: options.deleteExtra)
            if !cleanup.extra.isEmpty { throw OutFolder.refusal(cleanup, out: out, dryRun: options.dryRun) }
            if !options.dryRun { try OutFolder.remove(cleanup.remove, from: out) }
            removed = cleanup.remove
        }
        // Only a run in place can trust what it left on disk last time.
        let useCache = options.cache != nil && options.out == nil && !options.dryRun
        var cache = options.cache.map { BuildCache.load(from: $0, fingerprint: options.cacheFingerprint) } ?? BuildCache(fingerprint: "")
        let known: BuildCache? = useCache ? cache : nil
        let rules = self.rules
        let tallies = try await pipeline.run(tally: { Tally(seen: known?.emptySeenBits() ?? [], usage: RuleUsage(rules: rules)) }) { entry, tally in
            guard let result = self.handle(entry, known: known, usage: &tally.usage) else { return }
            tally.add(result)
            report(result)
        }
        var summary = Summary()
        var usage = RuleUsage(rules: rules)
        for tally in tallies {
            summary.add(tally.summary)
            usage.merge(tally.usage)
            cache.record(contentsOf: tally.records)
            cache.markSeen(tally.seen)
        }
        summary.pagesInSite = usage.pages
        summary.removedFromOut = removed
        if let out = options.out, !options.dryRun { try OutFolder.recordManifest(in: out) }
        if !injector.isStripping {
            summary.notices = rules.notices + usage.findings(rules: rules, site: options.site.relativePathForDisplay, wholeSite: options.shard == nil)
            if !options.strict { summary.warnings += summary.notices.count }
        }
        if useCache, let file = options.cache, !cache.isUnchanged {
            // The cache only saves work: a run whose cache cannot be written is still a good run.
            try? cache.save(to: file)
        }
        return summary
    }

    /// What one file of the walk comes to: a page's report, a report for what cannot be
    /// done with a file, or nil for a file that is not this run's business.
    private func handle(_ entry: SiteWalker.Entry, known cache: BuildCache?, usage: inout RuleUsage) -> PageReport? {
        switch entry {
        case .folderLink(let link):
            return PageReport(path: link, status: .skipped, message: "a symbolic link to a folder; \(SitePipeline.linkRefusal)", isPage: false)
        case .file(let path) where !usage.noteFile(path, rules: rules):
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
            let report = process(path, known: cache)
            if let review = report.review {
                usage.notePage(review)
            } else if let entry = report.cacheEntry, let cache {
                usage.notePage(path, cachedReview: cache.ruleBits(at: entry), rules: rules)
            }
            return report
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
        switch SitePipeline.read(source, limit: options.maxPageBytes) {
        case .page(let read): file = read
        case .link: return PageReport(path: path, status: .skipped, message: "a symbolic link; \(SitePipeline.linkRefusal)")
        case .unreadable(let message): return PageReport(path: path, status: .failed, message: message)
        }
        let bytes = file.bytes
        var (outcome, review) = injector.processReviewing(bytes, path: path)
        let refused = options.strict && !review.notices.isEmpty
        if refused {
            outcome = .failed(.strict(review.notices))
            review.notices = []
        }
        var report: PageReport
        var output = bytes
        switch outcome {
        case .unchanged:
            report = PageReport(path: path, status: .unchanged, stamp: stamp)
        case .changed(let new):
            report = PageReport(path: path, status: .changed)
            output = new
            if options.keepBytes { (report.before, report.after) = (bytes, new) }
        case .skipped(let problem):
            report = PageReport(path: path, status: .skipped, message: problem.description)
        case .failed(let problem):
            report = PageReport(path: path, status: .failed, message: problem.description)
        }
        report.review = review
        report.notices = review.notices
        report.refused = refused
        // A page with a warning is read again next run, so the warning is not lost to the cache.
        if !review.notices.isEmpty { report.stamp = nil }
        guard !options.dryRun else { return report }
        do {
            if let out = options.out {
                // A complete site in `out`: every page, changed or not, but rewritten only if different.
                let target = out.appendingPathComponent(path)
                if let link = SiteFiles.linkedFolder(on: path, under: out) {
                    return PageReport(path: path, status: .failed, message: "\(link) is a symbolic link; \(SitePipeline.linkRefusal)")
                }
                if (try? SiteFiles.read(target)) != output {
                    try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try AtomicFile.write(Data(output), to: target)
                }
            } else if case .changed = outcome {
                try AtomicFile.write(output, toPath: source, mode: file.mode)
                report.stamp = cache == nil || !review.notices.isEmpty ? nil : BuildCache.Stamp.of(path: source)
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
            throw PixelTagError.io("cannot copy to \(out.relativePathForDisplay), \(link) is a symbolic link; \(SitePipeline.linkRefusal)")
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
    /// For the build cache: 48 bytes a page read, not the page's path, and a bit per page
    /// the cache vouched for.
    var records: [BuildCache.Record] = []
    var seen: [UInt64]
    var usage: RuleUsage

    mutating func add(_ report: SiteRunner.PageReport) {
        if !report.isPage {
            // A folder link or an asset that could not be copied: reported, but not a page.
            if report.status == .failed { summary.failed += 1 }
            return
        }
        summary.scanned += 1
        if report.fromCache { summary.cached += 1 }
        if let entry = report.cacheEntry { BuildCache.mark(entry, in: &seen) }
        if let stamp = report.stamp {
            records.append(BuildCache.Record(path: report.path, stamp: stamp, placed: report.review.map(RuleUsage.bits) ?? 0))
        }
        summary.warnings += report.notices.count
        switch report.status {
        case .changed: summary.changed += 1
        case .unchanged: summary.unchanged += 1
        case .skipped: summary.skipped += 1
        case .failed: summary.failed += 1
        }
        if report.refused { summary.refused += 1 }
    }
}
