import Foundation
import Testing

/// What `explain` says about pages that are not plain: a folder, a page the base code
/// leaves out, a page inject cannot read, a rule another's placement makes idle.
@Suite struct ExplainPagesTests {
    let sample: SampleSiteCopy

    init() throws {
        sample = try SampleSiteCopy()
    }

    func explain(_ page: String) async throws -> ToolRunner.Result {
        try await ToolRunner.run(["explain", page], in: sample.url)
    }

    @Test func aFolderIsExplainedAsItsIndexPage() async throws {
        let folder = try await explain("blog/")
        let page = try await explain("blog/index.html")
        #expect(folder.status == 0, "\(folder.stderr)")
        #expect(folder.stdout == page.stdout)
        #expect(folder.stdout.hasPrefix("blog/index.html ("))
    }

    @Test func aFolderWithoutAnIndexPageIsOneLineOfAdvice() async throws {
        let result = try await explain("assets/")
        #expect(result.status == 2)
        #expect(result.stderr == "error: assets/: a folder without an index.html; give a page in it, e.g. assets/index.html\n")
    }

    @Test func aPageTheBaseCodeExcludesNamesTheGlobAndItsLine() async throws {
        let result = try await explain("404.html")
        #expect(result.status == 0)
        #expect(result.stdout == """
            404.html: no rule applies; inject leaves it without blocks
            the base code: excluded by base.exclude "404.html" (pixeltag.yml:22)

            """)
    }

    @Test func aPageInjectWouldRefuseStillShowsTheRulesItFallsUnder() async throws {
        try sample.folder.write("<!doctype html><html><head><meta charset=\"iso-2022-jp\"><title>t</title></head><body></body></html>\n",
                                to: "public/checkout/thank-you/index.html")
        let result = try await explain("checkout/thank-you/index.html")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("checkout/thank-you/index.html: inject would fail: declares charset \"iso-2022-jp\"") == true)
        #expect(Array(lines.dropFirst()) == [
            "base code: head-end",
            "pixeltag.yml:33 event \"Purchase\": body-end",
            "pixeltag.yml:37 event \"Sign up\": pages do not match this page",
            "pixeltag.yml:43 event \"Add to cart\": pages do not match this page",
        ])
    }

    @Test func aRuleWhoseEventAnEarlierRulePlacesFirstSaysItPlacesNothing() async throws {
        var config = String(decoding: try sample.folder.read("pixeltag.yml"), as: UTF8.self)
        let line = config.filter { $0 == "\n" }.count + 1  // the new rule's first line
        config += """
              - event: Purchase
                pages: ["checkout/**"]
                position: head-end

            """
        try sample.folder.write(config, to: "pixeltag.yml")
        let result = try await explain("checkout/thank-you/index.html")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("pixeltag.yml:\(line) event \"Purchase\": head-end; no block: pixeltag.yml:33 places the event first (add `repeat: true` to place it again)\n"))
        #expect(result.stdout.contains("pixeltag.yml:33 event \"Purchase\": body-end\n"))
    }
}
