import Foundation

/// `pixeltag verify` over a whole site: every page checked, several at a time, nothing
/// written (not even the leftovers of a killed inject are removed).
public struct SiteVerifier: Sendable {
    public let verifier: PageVerifier
    public let site: URL
    public var jobs = ProcessInfo.processInfo.activeProcessorCount
    /// Keep a verdict for every passed page (the JSON and JUnit reports list them); otherwise
    /// passed pages are only counted.
    public var keepsPassedPages = true

    /// The verdicts, and how many passed pages were counted without one.
    public struct Outcome: Sendable {
        public var pages: [PageVerdict]
        public var passedNotKept: Int
    }

    public init(rules: RuleSet, lock: LockFile, site: URL) {
        verifier = PageVerifier(rules: rules, lock: lock)
        self.site = site
    }

    /// The verdicts, one per page kept, in no particular order (the report sorts them).
    public func run() async throws -> Outcome {
        let walker = try SiteWalker(site: site, removingLeftovers: false)
        let sitePath = site.path
        let rules = verifier.rules
        let keepsPassed = keepsPassedPages
        return try await withThrowingTaskGroup(of: Outcome.self) { group in
            // Workers pull pages from the walk, as inject's do: no list of the site's paths.
            for _ in 0..<max(1, jobs) {
                group.addTask {
                    var outcome = Outcome(pages: [], passedNotKept: 0)
                    while case let batch = walker.next(upTo: SiteRunner.batchSize), !batch.isEmpty {
                        for case .file(let path) in batch where rules.isPage(path) {
                            let verdict = self.check(path, in: sitePath)
                            if verdict.status == .passed && !keepsPassed {
                                outcome.passedNotKept += 1
                            } else {
                                outcome.pages.append(verdict)
                            }
                        }
                    }
                    return outcome
                }
            }
            var all = Outcome(pages: [], passedNotKept: 0)
            for try await outcome in group {
                all.pages.append(contentsOf: outcome.pages)
                all.passedNotKept += outcome.passedNotKept
            }
            return all
        }
    }

    private func check(_ path: String, in sitePath: String) -> PageVerdict {
        do {
            // As inject does: it never writes through a link, so it never checks one either.
            guard let page = try SiteFiles.readPage(atPath: sitePath + "/" + path) else {
                return PageVerdict(path: path, status: .skipped, message: "a symbolic link; pixeltag does not write through links")
            }
            return verifier.verify(page.bytes, path: path)
        } catch {
            let reason = (error as? PixelTagError)?.message ?? error.localizedDescription
            return PageVerdict(path: path, status: .error, message: "cannot read (\(reason))")
        }
    }
}
