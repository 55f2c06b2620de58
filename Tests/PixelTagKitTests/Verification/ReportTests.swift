import Foundation
import Testing
@testable import PixelTagKit

/// The four report formats, on one report that holds every kind of finding and page status.
@Suite struct ReportTests {
    static let everything: VerificationReport = {
        var pages = [
            PageVerdict(path: "index.html", status: .passed),
            PageVerdict(path: "empty.html", status: .skipped, message: "empty file"),
            PageVerdict(path: "jp.html", status: .error, message: "declares charset \"shift_jis\" <&>"),
        ]
        for (index, kind) in [Finding.Kind.missing, .stale, .unmarked, .misplaced, .duplicate, .extra, .blocked].enumerated() {
            pages.append(PageVerdict(path: "pages/\(kind.rawValue).html", status: .failed, findings: [
                Finding(kind: kind, event: index.isMultiple(of: 2) ? nil : "evt_\(index)", line: index + 1, message: "\(kind.rawValue): a, b: \"c\" 100% <d>\nnext"),
            ]))
        }
        let lock = [Finding.Kind.deleted, .deactivated, .renamed, .changed].map {
            Finding(kind: $0, event: $0 == .changed ? nil : "evt_1", line: $0 == .changed ? nil : 14, message: "\($0.rawValue) on the account",
                    file: $0 == .changed ? "pixeltag.lock.json" : "pixeltag.yml")
        }
        return VerificationReport(site: "public", lock: "pixeltag.lock.json", config: "pixeltag.yml", pages: pages, lockFindings: lock, online: true)
    }()

    @Test func passedPagesThatAreOnlyCountedStillCountEverywhere() {
        let pages = [PageVerdict(path: "a.html", status: .failed, findings: [Finding(kind: .missing, event: nil, line: 3, message: "m")])]
        let report = VerificationReport(site: "public", lock: "l", config: "c", pages: pages, passedNotListed: 5)
        #expect(report.summary.pages == 6)
        #expect(report.summary.passed == 5)
        #expect(report.summaryLine.hasPrefix("pixeltag verify: 6 pages checked: 5 passed, 1 failed"))
        #expect(report.exitCode == 1)
    }

    /// The formats that list passed pages do so, page by page; the others name only pages
    /// with something to say, so a site of thousands of passed pages stays a short report.
    @Test func onlyJSONAndJUnitNameEveryPage() {
        let passed = "index.html"
        for format in ReportFormat.allCases {
            let rendered: String
            switch format {
            case .text: rendered = TextReport.render(Self.everything, colors: false)
            case .json: rendered = JSONReport.render(Self.everything)
            case .github: rendered = GitHubReport.render(Self.everything)
            case .junit: rendered = JUnitReport.render(Self.everything, timestamp: Date(timeIntervalSince1970: 0), hostname: "ci")
            case .sarif: rendered = SARIFReport.render(Self.everything)
            }
            #expect(rendered.contains(passed) == format.listsEveryPage, "\(format): names the passed page: \(rendered.contains(passed))")
        }
        #expect(ReportFormat.allCases.filter(\.listsEveryPage) == [.json, .junit])
    }

    // Each format on the report that holds every kind of finding and page status, as a CI
    // system reads it: golden files, refreshed with PIXELTAG_UPDATE_GOLDEN=1 (see README).
    @Test func theTextReportOfEveryKindOfFindingMatchesItsGoldenFile() throws {
        try Golden.check(TextReport.render(Self.everything, colors: false), matches: "Reports/everything.txt")
    }

    @Test func theJSONReportOfEveryKindOfFindingMatchesItsGoldenFile() throws {
        try Golden.check(JSONReport.render(Self.everything), matches: "Reports/everything.json")
    }

    @Test func theGitHubReportOfEveryKindOfFindingMatchesItsGoldenFile() throws {
        try Golden.check(GitHubReport.render(Self.everything), matches: "Reports/everything.github.txt")
    }

    @Test func theJUnitReportOfEveryKindOfFindingMatchesItsGoldenFile() throws {
        let xml = JUnitReport.render(Self.everything, timestamp: Date(timeIntervalSince1970: 0), hostname: "ci")
        try Golden.check(xml, matches: "Reports/everything.junit.xml")
    }

    @Test func theMarkdownSummaryOfEveryKindOfFindingMatchesItsGoldenFile() throws {
        try Golden.check(MarkdownSummary.render(Self.everything), matches: "Reports/everything.summary.md")
    }

    @Test(.enabled(if: SchemaCheck.hasJSONSchema, Comment(rawValue: SchemaCheck.needsJSONSchema)))
    func theJSONReportIsValidAgainstItsSchema() throws {
        let check = try SchemaCheck.json(JSONReport.render(Self.everything))
        #expect(check.valid, "\(check.output)")
    }

    @Test func theJSONReportCountsEveryKindAndKeepsNullsForTheBaseCode() throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(JSONReport.render(Self.everything).utf8)) as? [String: Any])
        let summary = try #require(object["summary"] as? [String: Any])
        let kinds = try #require(summary["kinds"] as? [String: Int])
        #expect(kinds.count == Finding.Kind.allCases.count)
        #expect(kinds["missing"] == 1 && kinds["deleted"] == 1)
        let pages = try #require(object["pages"] as? [[String: Any]])
        let missing = try #require(pages.first { $0["path"] as? String == "pages/missing.html" })
        let finding = try #require((missing["findings"] as? [[String: Any]])?.first)
        #expect(finding["event"] is NSNull)
    }

    @Test(.enabled(if: SchemaCheck.hasXmllint, Comment(rawValue: SchemaCheck.needsXmllint)))
    func theJUnitReportIsValidAgainstTheJUnitSchema() throws {
        let check = try SchemaCheck.junit(JUnitReport.render(Self.everything))
        #expect(check.valid, "\(check.output)")
    }

    @Test func theJUnitReportHasOneTestcasePerPageAndOneForTheLock() throws {
        let xml = JUnitReport.render(Self.everything)
        #expect(xml.components(separatedBy: "<testcase ").count - 1 == Self.everything.pages.count + 1)
        #expect(xml.contains("tests=\"\(Self.everything.pages.count + 1)\" failures=\"8\" errors=\"1\" skipped=\"1\""))
    }

    @Test func gitHubPropertiesEscapeColonsAndCommasAndDataEscapesLineBreaks() {
        #expect(GitHubReport.escapeProperty("a:b,c%d\r\ne") == "a%3Ab%2Cc%25d%0D%0Ae")
        #expect(GitHubReport.escapeData("a:b,c%d\ne") == "a:b,c%25d%0Ae")
    }

    @Test func gitHubAnnotationsShowEveryDifferentProblemBeforeRepeatingOne() {
        // Twenty pages, each with several findings: the same kind for two events is two
        // problems, and the problems come in the pages' order, each many times over.
        let pages = (0..<20).map { number in
            PageVerdict(path: "p\(number).html", status: .failed, findings: [
                Finding(kind: .extra, event: "evt_old", line: 9, message: "extra"),
                Finding(kind: .missing, event: "evt_a", line: 3, message: "missing a"),
                Finding(kind: .missing, event: "evt_b", line: 4, message: "missing b"),
                Finding(kind: .stale, event: nil, line: 5, message: "stale base"),
            ] + (number % 5 == 4 ? [Finding(kind: .duplicate, event: "evt_a", line: 6, message: "duplicate a")] : []))
        }
        let report = VerificationReport(site: "public", lock: "l", config: "c", pages: pages)
        let errors = GitHubReport.render(report).split(separator: "\n").filter { $0.hasPrefix("::error ") }
        #expect(errors.count == 84)
        func problem(_ line: Substring) -> String { String(line.split(separator: "::").last ?? "") }
        // The five problems, most important first (missing, stale, duplicate, extra), then
        // each once more, and so on: the ten GitHub shows hold every one of them.
        #expect(errors.prefix(10).map(problem) == ["missing a", "missing b", "stale base", "duplicate a", "extra",
                                                  "missing a", "missing b", "stale base", "duplicate a", "extra"])
        #expect(Set(errors.prefix(5).map(problem)).count == 5)
        // Every finding is still there, none twice.
        #expect(errors.count == Set(errors).count)
        // Each problem's repeats keep the report's order of pages (by path).
        let missingA = errors.filter { problem($0) == "missing a" }.map { $0.split(separator: ",").first.map(String.init) ?? "" }
        #expect(missingA == (0..<20).map { "p\($0).html" }.sorted().map { "::error file=public/\($0)" })
    }

    @Test func theGitHubReportEndsWithASummaryNotice() throws {
        let last = try #require(GitHubReport.render(Self.everything).split(separator: "\n").last)
        #expect(last.hasPrefix("::notice title=pixeltag verify::pixeltag verify: 10 pages checked"))
    }

    @Test func theGitHubReportPutsEachFindingOnItsPagesLine() {
        let output = GitHubReport.render(Self.everything)
        #expect(output.contains("::error file=public/pages/stale.html,line=2,title=pixeltag verify%3A stale::stale: a, b: \"c\" 100%25 <d>%0Anext\n"))
        #expect(output.contains("::error file=pixeltag.yml,line=14,title=pixeltag verify%3A deleted::"))
    }

    @Test func theMarkdownSummaryTablesEveryFindingOnOneLineEach() {
        let markdown = MarkdownSummary.render(Self.everything)
        #expect(markdown.hasPrefix("## pixeltag verify\n"))
        #expect(markdown.contains("| `public/pages/stale.html` | 2 | stale | evt_1 | stale: a, b: \"c\" 100% <d> next |\n"))
    }

    @Test func textColoursOnlyWhenAsked() {
        #expect(TextReport.render(Self.everything, colors: true).contains("\u{1B}[31m"))
        #expect(!TextReport.render(Self.everything, colors: false).contains("\u{1B}"))
    }

    @Test func theTextReportGroupsFindingsUnderTheirPageAndEndsWithTheSummary() throws {
        let text = TextReport.render(Self.everything, colors: false)
        #expect(text.contains("public/pages/stale.html\n  line 2: stale: "))
        #expect(text.contains("public/empty.html\n  skipped: empty file\n"))
        let last = try #require(text.split(separator: "\n").last)
        #expect(last.hasPrefix("pixeltag verify: 10 pages checked: 1 passed, 7 failed, 1 skipped, 1 error; 11 findings"))
    }
}

/// A verify run for a report that names only pages with findings keeps no verdict for the
/// passed ones, and counts them all the same.
@Suite struct SiteVerifierCountingTests {
    @Test func passedPagesAreCountedWithoutAVerdictWhenTheReportDoesNotListThem() async throws {
        let folder = try TemporaryFolder()
        try SampleSiteCopy.copy(into: folder.url)
        let config = try PixelTagConfig.load(from: folder.url.appendingPathComponent("pixeltag.yml"))
        let lock = try LockFile.load(from: config.lock)
        let rules = try RuleSet(config: config, lock: lock)
        let site = try config.siteFolder()
        _ = try await SiteRunner(rules: rules, options: SiteRunner.Options(site: site)).run { _ in }
        var verifier = SiteVerifier(rules: rules, lock: lock, site: site)
        let everything = try await verifier.run()
        verifier.keepsPassedPages = false
        let counted = try await verifier.run()
        #expect(everything.passedNotKept == 0)
        #expect(everything.pages.filter { $0.status == .passed }.count >= 8, "an injected sample site passes")
        #expect(counted.pages.allSatisfy { $0.status != .passed })
        #expect(counted.pages.count + counted.passedNotKept == everything.pages.count)
        #expect(counted.passedNotKept == everything.pages.filter { $0.status == .passed }.count)
    }
}
