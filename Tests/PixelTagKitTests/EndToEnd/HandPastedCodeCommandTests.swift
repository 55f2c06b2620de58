import Foundation
import Testing

/// Pixel code pasted into a template by hand, through the built binary: every call no rule
/// owns is a finding, and inject warns (with --strict refuses) before it doubles one.
@Suite(.serialized) struct HandPastedCodeCommandTests {
    let sample: SampleSiteCopy

    /// The sample site with the code pasted as the dashboard shows it: Purchase on the
    /// features page (no rule puts it there), the base code into the excluded 404 page, and
    /// Sign up on the sign-up page, where a rule puts it too.
    init() throws {
        sample = try SampleSiteCopy()
        try paste("<script>tgp(\"event\", \"tge_Pq81xZ\");</script>\n    </main>", before: "    </main>", in: "features/index.html")
        try paste("<script>tgp('init','pixel_7Hq2');</script>\n<title>", before: "<title>", in: "404.html")
        try paste("<script>tgp('event', 'tge_S1gnUp');</script>\n    </main>", before: "    </main>", in: "signup/index.html")
    }

    func paste(_ replacement: String, before marker: String, in page: String) throws {
        let file = sample.site.appendingPathComponent(page)
        let html = try String(contentsOf: file, encoding: .utf8)
        #expect(html.contains(marker), "\(page) has \(marker)")
        try Data(html.replacingOccurrences(of: marker, with: replacement).utf8).write(to: file)
    }

    @Test func verifyFindsEachPastedCallAndInjectWarnsBeforeDoublingOne() async throws {
        var transcript = Transcript(in: sample.url)
        #expect(try await transcript.run(["verify"]).status == 1)
        #expect(try await transcript.run(["inject"]).status == 0)
        #expect(try await transcript.run(["verify"]).status == 1)
        try Golden.check(transcript.text, matches: "Golden/hand-pasted/warn.txt")
    }

    @Test func strictInjectRefusesToDoubleAPastedCall() async throws {
        let before = try sample.snapshot()
        var transcript = Transcript(in: sample.url)
        #expect(try await transcript.run(["inject", "--strict"]).status == 2)
        #expect(try sample.snapshot()["signup/index.html"] == before["signup/index.html"], "the page with the pasted copy is left as it was")
        try Golden.check(transcript.text, matches: "Golden/hand-pasted/strict.txt")
    }
}
