import Foundation
import Testing

/// The built `pixeltag verify` on a temporary copy of sample-site, as CI runs it. Each run
/// waits on a thread of its own, off the cooperative pool the in-process fakes need.
@Suite struct VerifyCommandTests {
    let sample: SampleSiteCopy
    var config: String { sample.config }

    init() async throws {
        sample = try SampleSiteCopy()
    }

    /// A count from a summary line, e.g. `changed` in "…, 10 changed, …".
    func count(_ word: String, in text: String) -> Int? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == ":" || $0 == ";" || $0 == "\n" })
        return words.indices.dropFirst().first { words[$0] == word }.flatMap { Int(words[$0 - 1]) }
    }

    @Test func theUntouchedSampleSiteFailsWithEveryMissingBlockAndExitStatus1() async throws {
        let result = try await ToolRunner.runAsync("pixeltag", ["verify", "--config", config], in: sample.url)
        #expect(result.status == 1)
        #expect(result.stdout.contains("public/checkout/thank-you/index.html\n  line 9: missing: the base code is missing"))
        let summary = try #require(result.stdout.split(separator: "\n").last.map(String.init))
        #expect(summary.hasPrefix("pixeltag verify: "))
        #expect(summary.contains(" missing)"))
    }

    @Test func verifyFailsExactlyThePagesInjectWouldChange() async throws {
        let dryRun = try await ToolRunner.runAsync("pixeltag", ["inject", "--config", config, "--dry-run"])
        let verify = try await ToolRunner.runAsync("pixeltag", ["verify", "--config", config])
        let changed = try #require(count("changed", in: dryRun.stdout))
        #expect(changed > 0)
        #expect(count("failed", in: verify.stdout) == changed)
        #expect(count("checked", in: verify.stdout.replacingOccurrences(of: "pages checked", with: "checked")) == count("scanned", in: dryRun.stdout.replacingOccurrences(of: "pages scanned", with: "scanned")))
    }

    @Test func theSampleSiteAfterInjectPasses() async throws {
        let inject = try await ToolRunner.runAsync("pixeltag", ["inject", "--config", config])
        #expect(inject.status == 0)
        let result = try await ToolRunner.runAsync("pixeltag", ["verify", "--config", config])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.hasSuffix(" passed, 0 failed, 0 skipped, 0 errors; 0 findings\n"))
    }

    @Test func verifyWritesNothingNotEvenLeftoversOfAKilledRun() async throws {
        // An injected site with its build cache beside the config, and a killed run's leftover.
        #expect(try await ToolRunner.runAsync("pixeltag", ["inject", "--config", config]).status == 0)
        #expect(FileManager.default.fileExists(atPath: sample.url.appendingPathComponent(".pixeltag-cache").path))
        try sample.folder.write("half", to: "public/.index.html.pixeltag-tmp-abc")
        // The whole folder: config, lock, cache and site, bytes and modification times.
        func everything() throws -> [String: (Data, Date?)] {
            try SampleSiteCopy.snapshot(of: sample.url).reduce(into: [:]) { all, file in
                let date = try FileManager.default.attributesOfItem(atPath: sample.url.appendingPathComponent(file.key).path)[.modificationDate] as? Date
                all[file.key] = (file.value, date)
            }
        }
        let before = try everything()
        try await Task.sleep(for: .milliseconds(20))
        let result = try await ToolRunner.runAsync("pixeltag", ["verify", "--config", "pixeltag.yml"], in: sample.url)
        #expect(result.status == 0, "\(result.output)")
        let after = try everything()
        #expect(after.keys.sorted() == before.keys.sorted())
        for (path, (bytes, date)) in before {
            #expect(after[path]?.0 == bytes, "\(path)")
            #expect(after[path]?.1 == date, "\(path)")
        }
    }

    @Test func outputWritesTheReportToAFileAndPrintsOnlyTheSummary() async throws {
        let report = sample.url.appendingPathComponent("pixeltag-junit.xml")
        let result = try await ToolRunner.runAsync("pixeltag", ["verify", "--config", config, "--format", "junit", "--output", report.path])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("pixeltag verify: "))
        #expect(result.stdout.split(separator: "\n").count == 1)
        let xml = String(decoding: try Data(contentsOf: report), as: UTF8.self)
        #expect(xml.hasPrefix("<?xml") && xml.contains("<testsuite "))
    }

    @Test func outputMakesItsFolderAsTheREADMEsCIStepNeedsOnAFreshCheckout() async throws {
        let result = try await ToolRunner.runAsync(
            "pixeltag", ["verify", "--config", "pixeltag.yml", "--format", "junit", "--output", "reports/pixeltag-junit.xml"], in: sample.url)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        #expect(result.stdout.hasPrefix("pixeltag verify: 11 pages checked: "))
        let xml = String(decoding: try sample.folder.read("reports/pixeltag-junit.xml"), as: UTF8.self)
        #expect(xml.hasPrefix("<?xml") && xml.contains("<testsuite "))
    }

    @Test func anOutputThatCannotBeWrittenStillPrintsTheSummaryAndExitsThree() async throws {
        try sample.folder.write("a file, not a folder", to: "reports")
        let result = try await ToolRunner.runAsync(
            "pixeltag", ["verify", "--config", "pixeltag.yml", "--format", "junit", "--output", "reports/pixeltag-junit.xml"], in: sample.url)
        #expect(result.status == 3)
        #expect(result.stdout.hasPrefix("pixeltag verify: 11 pages checked: "))
        #expect(result.stderr == "error: reports/pixeltag-junit.xml: reports is a file, not a folder; write the report elsewhere or move that file\n")
    }

    @Test(.enabled(if: SchemaCheck.hasXmllint, Comment(rawValue: SchemaCheck.needsXmllint)))
    func theJUnitReportFileOfTheSampleSiteIsValidAgainstTheJUnitSchema() async throws {
        let report = sample.url.appendingPathComponent("pixeltag-junit.xml")
        _ = try await ToolRunner.runAsync("pixeltag", ["verify", "--config", config, "--format", "junit", "--output", report.path])
        let check = try SchemaCheck.junit(String(decoding: try Data(contentsOf: report), as: UTF8.self))
        #expect(check.valid, "\(check.output)")
    }

    @Test(.enabled(if: SchemaCheck.hasJSONSchema, Comment(rawValue: SchemaCheck.needsJSONSchema)))
    func theJSONReportOfTheSampleSiteIsValidAgainstItsSchema() async throws {
        let result = try await ToolRunner.runAsync("pixeltag", ["verify", "--config", config, "--format", "json"])
        #expect(result.status == 1)
        let check = try SchemaCheck.json(result.stdout)
        #expect(check.valid, "\(check.output)")
    }

    @Test func theGitHubFormatAppendsAJobSummaryWhenGitHubAsksForOne() async throws {
        try sample.folder.write("# Build\n", to: "step-summary.md")
        let summary = sample.url.appendingPathComponent("step-summary.md")
        let result = try await ToolRunner.runAsync("pixeltag", ["verify", "--config", config, "--format", "github"], environment: ["GITHUB_STEP_SUMMARY": summary.path])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("::error file="))
        let markdown = String(decoding: try Data(contentsOf: summary), as: UTF8.self)
        #expect(markdown.hasPrefix("# Build\n## pixeltag verify\n"))
        #expect(markdown.contains("| missing | "))
    }

    @Test func aJobSummaryFileThatIsNotThereYetIsMade() async throws {
        let summary = sample.url.appendingPathComponent("step-summary.md")
        let result = try await ToolRunner.runAsync("pixeltag", ["verify", "--config", config, "--format", "github"], environment: ["GITHUB_STEP_SUMMARY": summary.path])
        #expect(result.status == 1)
        #expect(result.stderr.isEmpty)
        #expect(String(decoding: try Data(contentsOf: summary), as: UTF8.self).hasPrefix("## pixeltag verify\n"))
    }

    @Test func aJobSummaryThatCannotBeWrittenIsOneWarningAndTheReportStands() async throws {
        let summary = sample.url.appendingPathComponent("no-such-folder/step-summary.md")
        let result = try await ToolRunner.runAsync("pixeltag", ["verify", "--config", config, "--format", "github"], environment: ["GITHUB_STEP_SUMMARY": summary.path])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("::error file="))
        #expect(result.stderr == "warning: cannot append the job summary to $GITHUB_STEP_SUMMARY (\(summary.path)): No such file or directory; the report above is complete, only the summary is missing\n")
    }

    @Test func aPageThatCannotBeCheckedIsNamedAndExitsThree() async throws {
        try sample.folder.write("<meta charset=iso-2022-jp><title>x</title>", to: "public/jp.html")
        let result = try await ToolRunner.runAsync("pixeltag", ["verify", "--config", config])
        #expect(result.status == 3)
        #expect(result.stdout.contains("public/jp.html\n  error: declares charset \"iso-2022-jp\""))
    }

    @Test func aBadConfigIsOneLineOfAdviceAndExitStatus2() async throws {
        try sample.folder.write("site: public\nevents:\n  - event: Purchse\n", to: "bad.yml")
        let result = try await ToolRunner.runAsync("pixeltag", ["verify", "--config", sample.url.appendingPathComponent("bad.yml").path])
        #expect(result.status == 2)
        #expect(result.stderr.hasSuffix("did you mean \"Purchase\"?\n"))
    }

    @Test func onlineOptionsWithoutOnlineAreRefused() async throws {
        let result = try await ToolRunner.runAsync("pixeltag", ["verify", "--config", config, "--account", "1"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("go with --online"))
    }

    @Test func verifyHasHelpWithExamples() async throws {
        let result = try await ToolRunner.runAsync("pixeltag", ["verify", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Examples:"))
        #expect(result.stdout.contains("--format <format>"))
    }
}
