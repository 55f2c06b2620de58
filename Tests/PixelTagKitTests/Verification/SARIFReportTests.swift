import Foundation
import Testing
@testable import PixelTagKit

/// `verify --format sarif`: SARIF 2.1.0 as GitHub code scanning reads it.
@Suite struct SARIFReportTests {
    /// The report's tool version written as VERSION, so that a release does not change the golden file.
    static func rendered(_ report: VerificationReport) -> String {
        SARIFReport.render(report).replacingOccurrences(of: "\"\(PixelTagKit.version)\"", with: "\"VERSION\"")
    }

    static func results(of sarif: String) throws -> [[String: Any]] {
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        return try #require(run["results"] as? [[String: Any]])
    }

    @Test(.enabled(if: SchemaCheck.hasJSONSchema, Comment(rawValue: SchemaCheck.needsJSONSchema)))
    func theSARIFReportIsValidAgainstTheSARIF210Schema() throws {
        let check = try SchemaCheck.sarif(SARIFReport.render(ReportTests.everything))
        #expect(check.valid, "\(check.output)")
    }

    @Test func theSARIFReportOfEveryKindOfFindingMatchesItsGoldenFile() throws {
        try Golden.check(Self.rendered(ReportTests.everything), matches: "Reports/everything.sarif")
    }

    @Test func everyFindingKindHasARuleAndEachResultPointsAtItsOwn() throws {
        let log = try #require(try JSONSerialization.jsonObject(with: Data(SARIFReport.render(ReportTests.everything).utf8)) as? [String: Any])
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let ids = try #require((driver["rules"] as? [[String: Any]])?.compactMap { $0["id"] as? String })
        #expect(ids == Finding.Kind.allCases.map(\.rawValue) + ["cannot-check"])
        for result in try Self.results(of: SARIFReport.render(ReportTests.everything)) {
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(ids[index] == result["ruleId"] as? String)
        }
    }

    @Test func aPageFindingIsOnItsPagesLineRelativeToTheCheckoutRoot() throws {
        let pages = [PageVerdict(path: "blog/a b.html", status: .failed, findings: [Finding(kind: .missing, event: nil, line: 7, message: "the base code is missing")])]
        let results = try Self.results(of: SARIFReport.render(VerificationReport(site: "public", lock: "l", config: "c", pages: pages)))
        let location = try #require((results.first?["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        let artifact = try #require(location["artifactLocation"] as? [String: String])
        #expect(artifact == ["uri": "public/blog/a%20b.html", "uriBaseId": "%SRCROOT%"])
        #expect((location["region"] as? [String: Int]) == ["startLine": 7])
    }

    @Test func aSiteGivenAsAnAbsolutePathGetsFileURIs() throws {
        let pages = [PageVerdict(path: "index.html", status: .failed, findings: [Finding(kind: .stale, event: nil, line: 3, message: "m")])]
        let results = try Self.results(of: SARIFReport.render(VerificationReport(site: "/srv/site", lock: "l", config: "c", pages: pages)))
        let location = try #require((results.first?["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect((location["artifactLocation"] as? [String: String]) == ["uri": "file:///srv/site/index.html"])
    }

    @Test func aFindingKeepsItsFingerprintWhenItsLineMovesAndOnlyThen() {
        let here = SARIFReport.result(Finding(kind: .missing, event: "evt_1", line: 3, message: "m"), file: "public/a.html", ruleIndex: [:])
        let moved = SARIFReport.result(Finding(kind: .missing, event: "evt_1", line: 40, message: "m"), file: "public/a.html", ruleIndex: [:])
        let other = SARIFReport.result(Finding(kind: .missing, event: "evt_2", line: 3, message: "m"), file: "public/a.html", ruleIndex: [:])
        #expect(here.partialFingerprints == moved.partialFingerprints)
        #expect(here.partialFingerprints != other.partialFingerprints)
    }

    @Test func aCleanSiteHasNoResultsButStillNamesItsRules() throws {
        let report = VerificationReport(site: "public", lock: "l", config: "c", pages: [PageVerdict(path: "index.html", status: .passed)])
        #expect(try Self.results(of: SARIFReport.render(report)).isEmpty)
        #expect(SARIFReport.render(report).contains("\"id\" : \"missing\""))
    }

    @Test func verifyWritesSARIFWithOneResultPerFinding() async throws {
        let sample = try SampleSiteCopy()
        let report = sample.url.appendingPathComponent("pixeltag.sarif")
        let result = try await ToolRunner.runAsync("pixeltag", ["verify", "--config", sample.config, "--format", "sarif", "--output", report.path],
                                                   in: sample.url)
        #expect(result.status == 1)
        let findings = try #require(result.stdout.split(separator: ";").last?.split(separator: " ").first.flatMap { Int($0) })
        let results = try Self.results(of: String(decoding: try Data(contentsOf: report), as: UTF8.self))
        #expect(results.count == findings)
        #expect(results.allSatisfy { $0["ruleId"] as? String == "missing" })
    }
}
