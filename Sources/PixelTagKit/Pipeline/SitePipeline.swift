import Foundation

/// The one loop over a built site that inject, strip and verify share: the walk, a bounded
/// number of workers pulling files from it, each page's read with what goes wrong mapped to
/// a message for its report, and each worker's tally handed back to be merged. The modes
/// differ only in the step each page goes through (`SiteRunner`'s write policy,
/// `SiteVerifier`'s verdicts, or `SiteCSP`'s gathering of inline scripts), as swift-format's frontends share one file loop.
struct SitePipeline: Sendable {
    /// What a run does to each page.
    enum Mode: Sendable {
        /// Put the rules' blocks in.
        case inject(RuleSet)
        /// Take every block out.
        case strip
        /// Write nothing; judge each page.
        case verify
        /// Write nothing; gather what the pages hold (the sources a Content-Security-Policy needs).
        case collect

        /// Only a run that writes pages cleans up what a killed one left behind.
        var writes: Bool {
            switch self {
            case .inject, .strip: return true
            case .verify, .collect: return false
            }
        }
    }

    /// Files a worker takes from the walk at a time: few enough that the workers stay even
    /// at the end of a run, enough that they rarely wait for each other.
    static let batchSize = 8

    /// Said of a page, or of a folder on the way to one, that is a symbolic link.
    static let linkRefusal = "pixeltag does not write through links"

    let site: URL
    let mode: Mode
    var jobs = ProcessInfo.processInfo.activeProcessorCount
    /// Nothing is written (dry run): not even the leftovers of a killed run are removed.
    var dryRun = false

    init(site: URL, mode: Mode) {
        self.site = site
        self.mode = mode
    }

    /// Every file of the walk through `step`, `jobs` workers at a time, each with a tally of
    /// its own (no lock per page); returns the workers' tallies, for the caller to merge.
    /// A few long-lived workers pull files from the walk: a task per page cost a thread
    /// wake-up per page, which on small pages was a tenth of the run.
    func run<Tally: Sendable>(
        tally: @escaping @Sendable () -> Tally,
        step: @escaping @Sendable (SiteWalker.Entry, inout Tally) -> Void
    ) async throws -> [Tally] {
        // The site is walked as it is worked through: no list of its paths, whatever its size.
        let walker = try SiteWalker(site: site, removingLeftovers: mode.writes && !dryRun)
        return try await withThrowingTaskGroup(of: Tally.self) { group in
            for _ in 0..<max(1, jobs) {
                group.addTask {
                    var mine = tally()
                    while case let batch = walker.next(upTo: Self.batchSize), !batch.isEmpty {
                        for entry in batch { step(entry, &mine) }
                    }
                    return mine
                }
            }
            var all: [Tally] = []
            for try await done in group { all.append(done) }
            return all
        }
    }

    /// A page as a run reads it.
    enum Read {
        case page(SiteFiles.PageFile)
        /// A symbolic link: skipped, as a run never writes through one.
        case link
        /// Could not be read: why, in a report's words.
        case unreadable(String)
    }

    /// One read of a page, links not followed, a page over `limit` bytes not read at all.
    static func read(_ path: String, limit: Int = PageLimits.maxPageBytes) -> Read {
        do {
            guard let file = try SiteFiles.readPage(atPath: path, limit: limit) else { return .link }
            return .page(file)
        } catch let error as PixelTagError {
            return .unreadable(error.message)
        } catch {
            return .unreadable("cannot read (\(error.localizedDescription))")
        }
    }
}
