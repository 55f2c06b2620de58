import Foundation
import Testing

/// The built `pixeltag` run on a temporary copy of sample-site, as a user runs it.
@Suite struct InjectCommandTests {
    let sample: SampleSiteCopy
    var folder: TemporaryFolder { sample.folder }
    var config: String { sample.config }
    var site: URL { sample.site }

    init() throws {
        sample = try SampleSiteCopy()
    }

    func snapshot() throws -> [String: Data] { try sample.snapshot() }

    func modificationDates() throws -> [String: Date] {
        try snapshot().keys.reduce(into: [:]) { dates, path in
            dates[path] = try FileManager.default.attributesOfItem(atPath: site.appendingPathComponent(path).path)[.modificationDate] as? Date
        }
    }

    @Test func injectChangesThePagesAndSaysSoInOneLine() async throws {
        let result = try await ToolRunner.run(["inject", "--config", config])
        #expect(result.status == 0)
        #expect(result.stdout == "pixeltag inject: 11 pages scanned, 10 changed, 1 unchanged, 0 skipped, 0 failed\n")
        let thankYou = String(decoding: try folder.read("public/checkout/thank-you/index.html"), as: UTF8.self)
        #expect(thankYou.contains("pixeltag:begin base") && thankYou.contains("pixeltag:begin event=evt_9f2c1a_purchase"))
    }

    /// Once through the build cache and once reading every page: either way, nothing is rewritten.
    @Test(arguments: [[], ["--no-cache"]])
    func aSecondInjectRewritesNothing(_ cacheOption: [String]) async throws {
        _ = try await ToolRunner.run(["inject", "--config", config])
        let dates = try modificationDates()
        let bytes = try snapshot()
        try await Task.sleep(for: .milliseconds(20))
        let second = try await ToolRunner.run(["inject", "--config", config] + cacheOption)
        #expect(second.status == 0)
        // How many pages the cache vouches for depends on the clock (a page written in the
        // last moments is read again); with --no-cache none, and every page is read.
        #expect(second.stdout.hasPrefix("pixeltag inject: 11 pages scanned, 0 changed, 11 unchanged"))
        if !cacheOption.isEmpty {
            #expect(second.stdout == "pixeltag inject: 11 pages scanned, 0 changed, 11 unchanged, 0 skipped, 0 failed\n")
        }
        #expect(try snapshot() == bytes)
        #expect(try modificationDates() == dates)
    }

    @Test func stripRestoresEveryPageByteForByte() async throws {
        let original = try snapshot()
        _ = try await ToolRunner.run(["inject", "--config", config])
        #expect(try snapshot() != original)
        let strip = try await ToolRunner.run(["strip", "--config", config])
        #expect(strip.status == 0)
        #expect(try snapshot() == original)
    }

    @Test func outWritesACompleteSiteAndLeavesTheSourceAlone() async throws {
        let original = try snapshot()
        let out = folder.url.appendingPathComponent("dist")
        let result = try await ToolRunner.run(["inject", "--config", config, "--out", out.path])
        #expect(result.status == 0)
        #expect(try snapshot() == original)
        // Complete: every file of the site, each as inject in place makes it (the pages with
        // their blocks, every other file byte for byte), and nothing else but pixeltag's list.
        let inPlace = try SampleSiteCopy()
        #expect(try await ToolRunner.run(["inject", "--config", inPlace.config]).status == 0)
        var copy = try SampleSiteCopy.snapshot(of: out)
        let manifest = copy.removeValue(forKey: ".pixeltag-out")
        #expect(copy == (try inPlace.snapshot()))
        #expect(copy.keys.sorted() == original.keys.sorted())
        let listed = String(decoding: manifest ?? Data(), as: UTF8.self).split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
        #expect(listed == original.keys.sorted())
    }

    @Test func dryRunListsChangesAndWritesNothing() async throws {
        let original = try snapshot()
        let result = try await ToolRunner.run(["inject", "--config", config, "--dry-run", "--diff"], in: folder.url)
        #expect(result.status == 0)
        #expect(result.stdout.contains("would change public/checkout/thank-you/index.html"))
        #expect(result.stdout.contains("+<!-- pixeltag:begin event=evt_9f2c1a_purchase"))
        #expect(try snapshot() == original)
    }

    @Test func theDiffOfACRLFPageShowsItsLinesAsTheyAre() async throws {
        let page = "public/features/index.html"
        let lf = String(decoding: try folder.read(page), as: UTF8.self)
        try folder.write(lf.replacingOccurrences(of: "\n", with: "\r\n"), to: page)
        let result = try await ToolRunner.run(["inject", "--dry-run", "--diff"], in: folder.url)
        #expect(result.status == 0, "\(result.stderr)")
        // Bytes, not Characters: Swift reads "\r\n" as one Character.
        let lines = result.stdout.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        let start = try #require(lines.firstIndex(of: "--- a/\(page)"))
        let hunk = lines[(start + 3)...].prefix { !$0.hasPrefix("would change ") && !$0.hasPrefix("pixeltag inject:") }
        #expect(!hunk.isEmpty)
        #expect(hunk.allSatisfy { $0.utf8.last == 0x0D }, "every line of the page keeps its CR, with no empty line after it")
        #expect(!result.stdout.contains("No newline at end of file"))
    }

    @Test func aDryRunListsThePagesInPathOrderEveryRun() async throws {
        let first = try await ToolRunner.run(["inject", "--dry-run", "--jobs", "4"], in: folder.url)
        let second = try await ToolRunner.run(["inject", "--dry-run", "--jobs", "4"], in: folder.url)
        let pages = first.stdout.split(separator: "\n").filter { $0.hasPrefix("would change ") }
        #expect(pages.count == 10)
        #expect(pages == pages.sorted())
        #expect(second.stdout == first.stdout)
    }

    @Test func stripsHelpOffersOnlyWhatStripDoes() async throws {
        let help = try await ToolRunner.run(["strip", "--help"])
        #expect(help.status == 0)
        #expect(!help.stdout.contains("--no-cache") && !help.stdout.contains("--strict") && !help.stdout.contains("pixeltag inject"))
        let examples = help.stdout.split(separator: "\n").filter { $0.hasPrefix("  pixeltag ") }
        #expect(!examples.isEmpty && examples.allSatisfy { $0.contains("pixeltag strip") }, "\(examples)")
    }

    @Test func stripNeedsNoLock() async throws {
        let original = try snapshot()
        #expect(try await ToolRunner.run(["inject"], in: folder.url).status == 0)
        try FileManager.default.removeItem(at: folder.url.appendingPathComponent("pixeltag.lock.json"))
        let strip = try await ToolRunner.run(["strip"], in: folder.url)
        #expect(strip.status == 0, "\(strip.stderr)")
        #expect(try snapshot() == original)
    }

    @Test func aBadConfigIsOneLineOfAdviceAndExitStatus2() async throws {
        try folder.write("site: public\nevents:\n  - event: Purchse\n", to: "bad.yml")
        try FileManager.default.copyItem(at: folder.url.appendingPathComponent("pixeltag.lock.json"), to: folder.url.appendingPathComponent("pixeltag.lock.json.copy"))
        let result = try await ToolRunner.run(["inject", "--config", folder.url.appendingPathComponent("bad.yml").path])
        #expect(result.status == 2)
        #expect(result.stderr.hasSuffix("no event \"Purchse\" in pixeltag.lock.json; did you mean \"Purchase\"?\n"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func aMissingLockAsksForSync() async throws {
        try FileManager.default.removeItem(at: folder.url.appendingPathComponent("pixeltag.lock.json"))
        let result = try await ToolRunner.run(["inject", "--config", config])
        #expect(result.status == 2)
        #expect(result.stderr.contains("run `pixeltag sync`"))
    }

    @Test func aPageThatCannotBeHandledFailsAloneAndTheRunSaysSo() async throws {
        try folder.write("<meta charset=iso-2022-jp><title>x</title>", to: "public/jp.html")
        try folder.write(Data([0x89, 0x50, 0x4E, 0x47, 0, 0, 0]), to: "public/image.html")
        let result = try await ToolRunner.run(["inject", "--config", config], in: folder.url)
        #expect(result.status == 3)
        #expect(result.stderr.contains("error: public/jp.html: declares charset \"iso-2022-jp\""))
        #expect(result.stderr.contains("warning: public/image.html: skipped, not HTML (binary content)"))
        #expect(String(decoding: try folder.read("public/jp.html"), as: UTF8.self) == "<meta charset=iso-2022-jp><title>x</title>")
        #expect(result.stdout.contains("1 skipped, 1 failed"))
    }

    @Test func aSymlinkedPageIsSkippedAndItsTargetLeftAlone() async throws {
        let outside = try TemporaryFolder()
        try outside.write("<html><head></head></html>", to: "elsewhere.html")
        try FileManager.default.createSymbolicLink(
            at: site.appendingPathComponent("linked.html"), withDestinationURL: outside.url.appendingPathComponent("elsewhere.html")
        )
        let result = try await ToolRunner.run(["inject", "--config", config], in: folder.url)
        #expect(result.stderr.contains("warning: public/linked.html: skipped, a symbolic link"))
        #expect(String(decoding: try outside.read("elsewhere.html"), as: UTF8.self) == "<html><head></head></html>")
    }

    @Test func aSiteOptionOverridesTheConfigsSite() async throws {
        let other = folder.url.appendingPathComponent("other")
        try folder.write("<title>x</title><p>y</p>", to: "other/page.html")
        let result = try await ToolRunner.run(["inject", "--config", config, "--site", other.path])
        #expect(result.stdout.contains("1 pages scanned, 1 changed"))
        #expect(String(decoding: try folder.read("other/page.html"), as: UTF8.self).contains("pixeltag:begin base"))
    }

    @Test func aDryRunLeavesEvenLeftoverTemporaryFilesAlone() async throws {
        try folder.write("half", to: "public/.index.html.pixeltag-tmp-abc")
        _ = try await ToolRunner.run(["inject", "--config", config, "--dry-run"])
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent(".index.html.pixeltag-tmp-abc").path))
    }

    @Test func leftoverTemporaryFilesOfAKilledRunAreRemoved() async throws {
        try folder.write("half", to: "public/.index.html.pixeltag-tmp-abc")
        _ = try await ToolRunner.run(["inject", "--config", config])
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent(".index.html.pixeltag-tmp-abc").path))
    }
}
