import Foundation
import Testing

/// The sample site with the rules of issue 14 ("on the bundled sample-site itself…"): the
/// base code at head-start, an event inside every `<title>`, another at the very end of
/// `<body>`, whose last child is a script on most pages. Run through the built binary.
@Suite struct PlacementCommandTests {
    static let titleRule = "  - event: Purchase\n    pages: [\"**\"]\n    selector: \"title\"\n    position: afterbegin\n"
    static let lastChildRule = "  - event: Sign up\n    pages: [\"**\"]\n    selector: \"body > :last-child\"\n    position: beforeend\n"

    /// A sample-site copy whose config has the base code at head-start and `rules` appended.
    static func sample(with rules: String) throws -> (SampleSiteCopy, configLine: Int) {
        let sample = try SampleSiteCopy()
        let file = sample.url.appendingPathComponent("pixeltag.yml")
        var yaml = String(decoding: try Data(contentsOf: file), as: UTF8.self)
        yaml = yaml.replacingOccurrences(of: "  position: head-end\n", with: "  position: head-start\n")
        let line = yaml.split(separator: "\n", omittingEmptySubsequences: false).count
        try Data((yaml + rules).utf8).write(to: file)
        return (sample, line)
    }

    @Test func aRuleThatCanOnlyPutItsBlockInsideATitleIsRefusedBeforeAnyPageIsRead() async throws {
        let (sample, line) = try Self.sample(with: Self.titleRule + Self.lastChildRule)
        let before = try sample.snapshot()
        let result = try await ToolRunner.runAsync("pixeltag", ["inject", "--config", "pixeltag.yml"], in: sample.url)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "error: pixeltag.yml:\(line): event \"Purchase\": selector \"title\" matches <title>, and afterbegin puts the block inside it: a browser reads the content of <title> as text, not markup, so a block there never runs; use afterend, or select its parent\n")
        #expect(try sample.snapshot() == before)
    }

    @Test func aRuleOnlyThePageCanRefuseFailsThosePagesAndLeavesThemAsTheyWere() async throws {
        let (sample, _) = try Self.sample(with: Self.lastChildRule)
        let before = try sample.snapshot()
        let result = try await ToolRunner.runAsync("pixeltag", ["inject", "--config", "pixeltag.yml", "--no-cache"], in: sample.url)
        #expect(result.status == 3)
        #expect(result.stdout == "pixeltag inject: 11 pages scanned, 6 changed, 1 unchanged, 0 skipped, 4 failed\n")
        // Pages finish in any order: the golden file holds the lines sorted.
        let errors = result.stderr.split(separator: "\n").sorted().joined(separator: "\n") + "\n"
        try Golden.check(errors, matches: "Placement/sample-site-last-child.stderr.txt")

        let after = try sample.snapshot()
        for line in errors.split(separator: "\n") {
            let page = String(line.dropFirst("error: public/".count).prefix { $0 != ":" })
            #expect(before[page] != nil, "\(page) is a page of the site")
            #expect(after[page] == before[page], "\(page) was written")
        }
        for (page, bytes) in after where page.hasSuffix(".html") {
            #expect(LiveBlocks.dead(in: Array(bytes)).isEmpty, "\(page): \(LiveBlocks.dead(in: Array(bytes)))")
        }

        let explain = try await ToolRunner.runAsync("pixeltag", ["explain", "--config", "pixeltag.yml", "index.html"], in: sample.url)
        try Golden.check(explain.stdout, matches: "Placement/sample-site-last-child.explain.txt")
        let verify = try await ToolRunner.runAsync("pixeltag", ["verify", "--config", "pixeltag.yml"], in: sample.url)
        #expect(verify.status == 3, "the pages inject cannot handle are errors for verify too")
    }
}
