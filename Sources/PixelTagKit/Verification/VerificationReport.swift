import Foundation

/// Everything one `pixeltag verify` run found, for the reporters to write out.
package struct VerificationReport: Sendable {
    package struct Summary: Sendable, Equatable {
        package var pages = 0, passed = 0, failed = 0, skipped = 0, errors = 0
        package var findings = 0
        /// Findings per kind, for every kind (zero included), pages, config and lock together.
        package var kinds: [Finding.Kind: Int] = Dictionary(uniqueKeysWithValues: Finding.Kind.allCases.map { ($0, 0) })
        /// Warnings, pages' and the config's: they fail nothing (without --strict).
        package var warnings = 0

        /// `11 pages checked: 1 passed, 10 failed, 0 skipped, 0 errors; 11 findings (10 missing, 1 stale)`
        package var line: String {
            var text = "\(pages) \(pages == 1 ? "page" : "pages") checked: \(passed) passed, \(failed) failed, \(skipped) skipped, \(errors) \(errors == 1 ? "error" : "errors")"
            text += "; \(findings) \(findings == 1 ? "finding" : "findings")"
            let counts = Finding.Kind.allCases.compactMap { kind in kinds[kind].flatMap { $0 > 0 ? "\($0) \(kind.rawValue)" : nil } }
            if !counts.isEmpty { text += " (" + counts.joined(separator: ", ") + ")" }
            if warnings > 0 { text += "; \(warnings) \(warnings == 1 ? "warning" : "warnings") (--strict fails on them)" }
            return text
        }
    }

    /// The site folder as the person typed it (relative to the working folder when inside it).
    package var site: String
    /// The lock file, for lock findings.
    package var lock: String
    /// The config, where lock findings point at the rule that uses an event.
    package var config: String
    /// Sorted by path. Passed pages may be left out (see `passedNotListed`).
    package var pages: [PageVerdict]
    /// Pages that passed and are only counted, not listed: a report that names only pages
    /// with something to say keeps memory flat however big the site.
    package var passedNotListed: Int
    /// Differences between the lock and the live account; empty unless checked online.
    package var lockFindings: [Finding]
    /// Whether the account was compared (`--online`).
    package var online: Bool
    /// What the config does that did nothing (a rule or glob that placed nothing) or may not
    /// be what was meant (a rule naming an inactive event), on the config's lines: warnings,
    /// or with `strict` findings that fail the run.
    package var configFindings: [Finding]
    package var strict: Bool

    package init(site: String, lock: String, config: String, pages: [PageVerdict], passedNotListed: Int = 0,
                lockFindings: [Finding] = [], online: Bool = false, configFindings: [Finding] = [], strict: Bool = false) {
        self.passedNotListed = passedNotListed
        self.site = site
        self.lock = lock
        self.config = config
        self.pages = pages.sorted { $0.path < $1.path }
        self.lockFindings = lockFindings
        self.online = online
        self.configFindings = configFindings
        self.strict = strict
    }

    /// The config's findings that fail the run (with strict), and those that only warn.
    package var configErrors: [Finding] { strict ? configFindings : [] }
    package var configWarnings: [Finding] { strict ? [] : configFindings }

    package var summary: Summary {
        var summary = Summary()
        summary.pages = pages.count + passedNotListed
        summary.passed = passedNotListed
        for page in pages {
            switch page.status {
            case .passed: summary.passed += 1
            case .failed: summary.failed += 1
            case .skipped: summary.skipped += 1
            case .error: summary.errors += 1
            }
        }
        for finding in pages.flatMap(\.findings) + lockFindings + configErrors {
            summary.findings += 1
            summary.kinds[finding.kind, default: 0] += 1
        }
        summary.warnings = pages.reduce(configWarnings.count) { $0 + $1.warnings.count }
        return summary
    }

    /// 0 when everything passed, 1 when something needs fixing, 3 when some page could not be
    /// checked (as `inject` exits 3 when it cannot handle a page).
    package var exitCode: Int32 {
        if pages.contains(where: { $0.status == .error }) { return 3 }
        if !lockFindings.isEmpty || !configErrors.isEmpty || pages.contains(where: { $0.status == .failed }) { return 1 }
        return 0
    }

    /// A page's path as the person sees it from the working folder, e.g. `public/index.html`.
    package func displayPath(of page: String) -> String {
        site.isEmpty || site == "." ? page : site + "/" + page
    }
}
