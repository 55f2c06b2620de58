import Foundation
import Testing

/// A rule, glob or annotation that places nothing is reported, by inject and verify alike,
/// with the config's line or the page's: a typo must not pass CI as "0 findings". The
/// transcripts in Fixtures/Golden/nothing-placed are the specification.
@Suite(.serialized) struct NothingPlacedTests {
    let sample: SampleSiteCopy

    /// The sample site with a config carrying the mistakes a new user makes.
    static let mistakes = """
        site: public
        pages:
          include: ["**/*.html"]
          exclude: ["drafts/**"]
        base:
          exclude: ["404.htm"]
        events:
          - event: Purchase
            pages: ["public/checkout/thank-you/index.html"]
          - event: Sign up
            pages: ["signup/**"]
            selector: "form#signup-forms button[type=submit]"
          - event: Add to cart
            pages: ["pricing/**"]
            selector: ".plan :is(button, a).btn-primary"
            on: click
          - event: Start trial
            pages: []
          - event: Read article
            pages: ["blog/**"]
          - event: Read article
            pages: ["blog/2026/**", "posts/**"]

        """

    init() throws {
        sample = try SampleSiteCopy()
        try sample.folder.write(Self.mistakes, to: "pixeltag.yml")
        let features = sample.site.appendingPathComponent("features/index.html")
        let page = try String(contentsOf: features, encoding: .utf8).replacingOccurrences(of: "<h1>", with: """
            <!-- pixeltag: event Purchase -->
                  <!-- pixeltag:evnt Purchase -->
                  <div data-pixeltag-evnt="Purchase"></div>
                  <p data-pixeltag-on="click">Try</p>
                  <h1>
            """)
        try Data(page.utf8).write(to: features)
    }

    @Test func injectAndVerifyNameEveryRuleGlobAndAnnotationThatPlacedNothing() async throws {
        var transcript = Transcript(in: sample.url)
        let first = try await transcript.run(["inject"])
        #expect(first.status == 0)
        // Past the build cache's clock tick, so the next run can trust what this one saves.
        try await Task.sleep(for: .milliseconds(120))
        let second = try await transcript.run(["inject"])
        try await Task.sleep(for: .milliseconds(120))
        let cached = try await transcript.run(["inject"])
        #expect(cached.stdout.contains(" from the build cache)"))
        #expect(cached.stderr == second.stderr, "a run the build cache serves warns as one that reads every page")
        let verify = try await transcript.run(["verify"])
        #expect(verify.status == 0)
        try await transcript.run(["verify", "--format", "github"])
        try Golden.check(transcript.text, matches: "Golden/nothing-placed/warnings.txt")
    }

    @Test func strictMakesThemFailTheRun() async throws {
        var transcript = Transcript(in: sample.url)
        let before = try sample.snapshot()
        let inject = try await transcript.run(["inject", "--strict"])
        #expect(inject.status == 2)
        let features = "features/index.html"
        #expect(try sample.snapshot()[features] == before[features], "a page with an unreadable annotation is left untouched")
        let verify = try await transcript.run(["verify", "--strict"])
        #expect(verify.status == 1)
        try sample.folder.write("strict: true\n" + Self.mistakes, to: "pixeltag.yml")
        let key = try await transcript.run(["verify", "--format", "json"])
        #expect(key.status == 1, "strict: true in the config is --strict")
        try Golden.check(transcript.text, matches: "Golden/nothing-placed/strict.txt")
    }

    @Test(arguments: ["inject", "verify", "strip"])
    func aSiteWithoutPagesFailsTheRun(_ command: String) async throws {
        try FileManager.default.removeItem(at: sample.site)
        try sample.folder.write("body { color: red }\n", to: "public/assets/site.css")
        let result = try await ToolRunner.run([command], in: sample.url)
        #expect(result.status == 2)
        #expect(result.stderr.hasSuffix("error: public: no pages (no file matches pages.include: **/*.html); build the site first, or check `site:` and `pages.include` in pixeltag.yml\n"))
    }

    @Test func aShardNamesTheGlobsThatMatchNothingButNotTheRulesOtherShardsMayPlace() async throws {
        let result = try await ToolRunner.run(["inject", "--shard", "1/2"], in: sample.url)
        #expect(result.status == 0)
        let warned = result.stderr.split(separator: "\n").filter { $0.hasPrefix("warning: pixeltag.yml") }
        #expect(warned.contains { $0.contains("pages.exclude \"drafts/**\" matches no page") })
        #expect(warned.contains { $0.contains("\"public/checkout/thank-you/index.html\") match no page") })
        #expect(!warned.contains { $0.contains("selector") }, "\(warned)")
    }
}

/// A page with an event no rule places any more, after an edit: verify's advice says whether
/// the rule is still there (a typo to fix) before it advises removing the event.
@Suite struct ExtraAdviceTests {
    @Test func afterATypoVerifyPointsAtTheRuleInsteadOfAdvisingToRemoveTheEvent() async throws {
        let sample = try SampleSiteCopy()
        var transcript = Transcript(in: sample.url)
        #expect(try await transcript.run(["inject"]).status == 0)
        let config = try String(contentsOf: sample.url.appendingPathComponent("pixeltag.yml"), encoding: .utf8)
        transcript.note("the Sign up selector mistyped, the Purchase page named from the config's folder")
        try sample.folder.write(config.replacingOccurrences(of: "form#signup-form button", with: "form#signup-forms button")
            .replacingOccurrences(of: "[\"checkout/thank-you/index.html\"]", with: "[\"public/checkout/thank-you/index.html\"]"), to: "pixeltag.yml")
        #expect(try await transcript.run(["verify"]).status == 1)
        try Golden.check(transcript.text, matches: "Golden/extra-after-a-typo.txt")
    }
}
