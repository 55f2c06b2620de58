import Testing
@testable import PixelTagKit

/// Markers are read back from pages anyone may have edited: found by the fuzz test, each of
/// these once trapped or broke the round trip.
@Suite struct MarkerRobustnessTests {
    func strip(_ text: String) -> PageInjector.Outcome {
        PageInjector(rules: nil).process(Array(text.utf8), path: "index.html")
    }

    @Test func aLengthNearIntMaxIsReadAsABrokenLengthNotAnOverflow() {
        let page = "<p>x</p><!-- pixeltag:begin base hash=0 len=9223372036854775806 -->\n<!-- pixeltag:end -->\n<p>y</p>"
        #expect(strip(page) == .changed(Array("<p>x</p><p>y</p>".utf8)))
    }

    @Test func aNegativeLengthIsReadAsABrokenLengthNotABackwardRange() {
        // The close ` -->` search ends inside the end marker, 21 bytes before the "content".
        let page = "<title>t</title><!-- pixeltag:begin base len=-21 <!-- pixeltag:end -->\n<p>x</p>\n"
        #expect(strip(page) == .failed(.unterminatedMarker(line: 1)))
    }

    @Test func anEventIdOfHundredsOfEncodedBytesIsFoundAgain() throws {
        let id = String(repeating: "é", count: 300)
        let event = PixelEvent(id: id, title: "Long", codeSnippet: "<script>x</script>")
        let page = "<title>t</title><p>x</p>"
        let injected = try Fixtures.inject(page, "events:\n  - event: Long\n", lock: Fixtures.lock(events: [event]))
        #expect(injected.contains("event=" + String(repeating: "%C3%A9", count: 300)))
        #expect(Fixtures.strip(injected) == page)
    }

    @Test func aBlockCutIntoAnotherMarkerFailsThePageInsteadOfJoiningIt() {
        let page = "<p>x</p><!-- pixelta<!-- pixeltag:begin base hash=0 len=3 -->\nx\n<!-- pixeltag:end -->\ng:begin base hash=0 len=3 -->\ny\n<!-- pixeltag:end -->\n"
        #expect(strip(page) == .failed(.interleavedBlocks(line: 1)))
    }

    @Test func aUTF16PageWithAnOddByteCountGetsItsBlocksOnCodeUnits() throws {
        let page: [UInt8] = [0xFF, 0xFE] + Array("<p>x</p>".utf8).flatMap { [$0, 0] } + [0x41]
        let rules = try Fixtures.rules("events:\n  - event: Purchase\n")
        guard case .changed(let injected) = PageInjector(rules: rules).process(page, path: "index.html") else {
            Issue.record("expected the page to change")
            return
        }
        #expect(PageInjector(rules: nil).process(injected, path: "index.html") == .changed(page))
        #expect(injected.last == 0x41)
    }
}
