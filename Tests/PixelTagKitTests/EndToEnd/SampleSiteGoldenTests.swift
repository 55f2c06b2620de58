import Foundation
import Testing

/// The README's main command on sample-site, page by page: every injected page is kept whole
/// under Fixtures/Golden/sample-site, so any change to what inject writes shows as a diff of
/// real pages. PIXELTAG_UPDATE_GOLDEN=1 rewrites them (see README, "Golden files").
@Suite struct SampleSiteGoldenTests {
    @Test func everyInjectedPageOfTheSampleSiteMatchesItsGoldenFile() async throws {
        let sample = try SampleSiteCopy()
        var transcript = Transcript(in: sample.url)
        try await transcript.run(["inject", "--config", "pixeltag.yml", "--no-cache"])
        try Golden.check(transcript.text, matches: "Golden/sample-site.inject.txt")
        let pages = try sample.snapshot().filter { $0.key.hasSuffix(".html") || $0.key.hasSuffix(".htm") }
        try Golden.checkFolder(pages, matches: "Golden/sample-site")
    }
}
