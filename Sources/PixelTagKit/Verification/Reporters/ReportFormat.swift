/// The forms `pixeltag verify` writes its report in.
package enum ReportFormat: String, Sendable, CaseIterable {
    /// For people: grouped by page, a summary last.
    case text
    /// For programs: the stable schema in Schemas/verify-report.schema.json.
    case json
    /// GitHub Actions workflow commands: annotations on the pages' lines.
    case github
    /// JUnit XML (one testsuite, one testcase per page) for CI test report viewers.
    case junit
    /// SARIF 2.1.0 for GitHub code scanning: alerts on the pages' lines in pull requests.
    case sarif

    /// JSON and JUnit name every page, passed ones too; the others name only pages with
    /// something to say, so a run for them need not keep a verdict per passed page.
    package var listsEveryPage: Bool { self == .json || self == .junit }

    package func render(_ report: VerificationReport, colors: Bool = false) -> String {
        switch self {
        case .text: TextReport.render(report, colors: colors)
        case .json: JSONReport.render(report)
        case .github: GitHubReport.render(report)
        case .junit: JUnitReport.render(report)
        case .sarif: SARIFReport.render(report)
        }
    }
}

extension VerificationReport {
    /// The last line of every human report: `pixeltag verify: 11 pages checked: …`.
    package var summaryLine: String {
        "pixeltag verify: " + summary.line + (online ? "; lock checked against the account" : "")
    }
}
