import Foundation

/// `pixeltag verify` over a whole site: every page checked, several at a time, nothing
/// written (not even the leftovers of a killed inject are removed).
package struct SiteVerifier: Sendable {
    package var verifier: PageVerifier
    package let site: URL
    package var jobs = ProcessInfo.processInfo.activeProcessorCount
    /// Keep a verdict for every passed page (the JSON and JUnit reports list them); otherwise
    /// passed pages are only counted.
    package var keepsPassedPages = true
    /// A page's warnings are findings instead, and so are the config's (`Outcome.notices`).
    package var strict = false

    /// The verdicts, and how many passed pages were counted without one.
    package struct Outcome: Sendable {
        package var pages: [PageVerdict]
        package var passedNotKept: Int
        /// Pages of the site (every page was checked).
        package var pageCount = 0
        /// What the config does that did nothing or may not be what was meant, on its lines:
        /// rules and globs that placed nothing, rules naming inactive events.
        package var notices: [Finding] = []
    }

    package init(rules: RuleSet, lock: LockFile, site: URL) {
        verifier = PageVerifier(rules: rules, lock: lock)
        self.site = site
    }

    /// The verdicts, one per page kept, in no particular order (the report sorts them).
    package func run() async throws -> Outcome {
        let sitePath = site.path
        let rules = verifier.rules
        let keepsPassed = keepsPassedPages
        let strict = self.strict
        var pipeline = SitePipeline(site: site, mode: .verify)
        pipeline.jobs = jobs
        let tallies = try await pipeline.run(tally: { (outcome: Outcome(pages: [], passedNotKept: 0), usage: RuleUsage(rules: rules)) }) { entry, tally in
            guard case .file(let path) = entry, tally.usage.noteFile(path, rules: rules) else { return }
            var verdict = self.check(path, in: sitePath, usage: &tally.usage)
            if strict && !verdict.warnings.isEmpty {
                verdict.findings = (verdict.findings + verdict.warnings).sorted { ($0.line ?? 0, $0.kind.rank) < ($1.line ?? 0, $1.kind.rank) }
                verdict.warnings = []
                if verdict.status == .passed { verdict.status = .failed }
            }
            if verdict.status == .passed && verdict.warnings.isEmpty && !keepsPassed {
                tally.outcome.passedNotKept += 1
            } else {
                tally.outcome.pages.append(verdict)
            }
        }
        var result = Outcome(pages: [], passedNotKept: 0)
        var usage = RuleUsage(rules: rules)
        for tally in tallies {
            result.pages.append(contentsOf: tally.outcome.pages)
            result.passedNotKept += tally.outcome.passedNotKept
            usage.merge(tally.usage)
        }
        result.pageCount = usage.pages
        result.notices = rules.notices + usage.findings(rules: rules, site: site.relativePathForDisplay, wholeSite: true)
        return result
    }

    private func check(_ path: String, in sitePath: String, usage: inout RuleUsage) -> PageVerdict {
        switch SitePipeline.read(sitePath + "/" + path) {
        case .page(let page):
            let (verdict, review) = verifier.verifyReviewing(page.bytes, path: path)
            usage.notePage(review)
            return verdict
        case .link:
            // As inject does: it never writes through a link, so it never checks one either.
            return PageVerdict(path: path, status: .skipped, message: "a symbolic link; \(SitePipeline.linkRefusal)")
        case .unreadable(let reason):
            // Already "cannot read (why)" or the size refusal, as inject says it.
            return PageVerdict(path: path, status: .error, message: reason)
        }
    }
}
