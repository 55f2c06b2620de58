import Foundation
import Testing
@testable import PixelTagKit

/// Snippets come from the API and are data: whatever they hold, the markers around them, a
/// second inject and strip still find exactly the bytes inject added.
@Suite struct HostileSnippetTests {
    static let page = "<!DOCTYPE html>\n<html><head><title>t</title></head>\n<body><p>x</p></body></html>\n"
    static let snippets = [
        "<script>\n// -->\n</script>",
        "<!-- pixeltag:end -->",
        "<script>\nvar a = \"</script>\";\n</script>\n<!-- pixeltag:end -->\n<!-- pixeltag:begin base hash=0 len=1 -->",
        "</head><body></body><!--",
        "-->",
        "<!-- pixeltag:begin event=evt_purchase hash=00000000 len=0 -->\n<!-- pixeltag:end -->",
    ]

    @Test(arguments: snippets)
    func aSnippetRoundTripsThroughInjectAndStrip(_ snippet: String) throws {
        let event = PixelEvent(id: "evt_purchase", title: "Purchase", codeSnippet: snippet)
        let lock = Fixtures.lock(base: snippet, events: [event])
        let yaml = "events:\n  - event: Purchase\n"
        let injected = try Fixtures.inject(Self.page, yaml, lock: lock)
        #expect(injected.contains(snippet))
        #expect(try Fixtures.inject(injected, yaml, lock: lock) == injected)
        #expect(Fixtures.strip(injected) == Self.page)
    }

    @Test func theCommandLineRoundTripsASnippetThatLooksLikeMarkers() async throws {
        let folder = try TemporaryFolder()
        try folder.write(Self.page, to: "public/index.html")
        try folder.write("site: public\nevents:\n  - event: Purchase\n", to: "pixeltag.yml")
        let hostile = "<script>\n// --> <!-- pixeltag:end --> </script>\n</script>"
        let lock = LockFile(account: "1", baseCode: BaseCode(codeSnippet: hostile),
                            events: [PixelEvent(id: "evt_purchase", title: "Purchase", codeSnippet: hostile + "<!--")], types: [])
        try folder.write(lock.encoded(), to: "pixeltag.lock.json")
        #expect(try await ToolRunner.run(["inject"], in: folder.url).status == 0)
        let injected = try folder.read("public/index.html")
        #expect(try await ToolRunner.run(["inject"], in: folder.url).stdout.contains("0 changed, 1 unchanged"))
        #expect(try folder.read("public/index.html") == injected)
        #expect(try await ToolRunner.run(["strip"], in: folder.url).status == 0)
        #expect(String(decoding: try folder.read("public/index.html"), as: UTF8.self) == Self.page)
    }
}
