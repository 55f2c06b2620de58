import Testing
@testable import PixelTagKit

/// An event's call needs the base code's `tgp`: a page excluded from the base code gets no
/// event from the rules, fails on an annotation, and takes events again when it carries the
/// base code pasted by hand.
@Suite struct EventsFollowBaseTests {
    static let page = "<!DOCTYPE html>\n<html><head><title>Not found</title></head>\n<body>\n<p>Nothing here.</p>\n</body></html>\n"
    static let excluded = "base:\n  exclude: [\"404.html\"]\n"

    @Test func aRuleForEveryPagePlacesNothingOnAPageExcludedFromTheBaseCode() throws {
        #expect(try Fixtures.inject(Self.page, Self.excluded + "events:\n  - event: Purchase\n    pages: [\"**\"]\n", path: "404.html") == Self.page)
    }

    @Test func theSameRuleStillPlacesItsEventOnOtherPages() throws {
        let out = try Fixtures.inject(Self.page, Self.excluded + "events:\n  - event: Purchase\n    pages: [\"**\"]\n", path: "index.html")
        #expect(out.contains("<!-- pixeltag:begin event=evt_purchase"))
    }

    @Test func anAnnotationOnAPageExcludedFromTheBaseCodeFailsThePage() throws {
        let page = Self.page.replacingOccurrences(of: "<p>Nothing here.</p>", with: "<p>Nothing here.</p><!-- pixeltag:event Purchase -->")
        let outcome = PageInjector(rules: try Fixtures.rules(Self.excluded)).process(Array(page.utf8), path: "404.html")
        #expect(outcome == .failed(.unplaceable(line: 4, column: 21, reason: "the annotation names event \"Purchase\", but this page is excluded from the base code (base.exclude), so nothing defines tgp and the event would throw; take the page out of base.exclude, or the annotation out of the page")))
    }

    @Test func aPageWithTheBaseCodePastedByHandTakesEventsAfterIt() throws {
        let pasted = "<script>tgp('init','pixel_Qx81');</script>\n"
        let page = Self.page.replacingOccurrences(of: "</head>", with: pasted + "</head>")
        let out = try Fixtures.inject(page, Self.excluded + "events:\n  - event: Purchase\n    pages: [\"**\"]\n", path: "404.html")
        let event = Fixtures.rendered(.event(id: "evt_purchase"), Fixtures.purchase.codeSnippet)
        #expect(out == page.replacingOccurrences(of: "</body>", with: event + "</body>"))
    }

    @Test func theBaseCodeShownAsTextInATextareaDefinesNothing() throws {
        let page = Self.page.replacingOccurrences(of: "<p>Nothing here.</p>", with: "<textarea><script>tgp('init','pixel_Qx81');</script></textarea>")
        #expect(try Fixtures.inject(page, Self.excluded + "events:\n  - event: Purchase\n    pages: [\"**\"]\n", path: "404.html") == page)
    }

    @Test func aPageWithTheBaseCodePastedByHandGetsItsClickListener() throws {
        let page = Self.page.replacingOccurrences(of: "</head>", with: "<script>tgp('init','pixel_Qx81');</script>\n</head>")
            .replacingOccurrences(of: "<p>Nothing here.</p>", with: "<p>Nothing here.</p><a href=\"/\">Home</a>")
        let out = try Fixtures.inject(page, Self.excluded + "events:\n  - event: Purchase\n    pages: [\"**\"]\n    selector: a\n    on: click\n", path: "404.html")
        let listener = try #require(Fixtures.block("triggers", in: out))
        #expect(out == page.replacingOccurrences(of: "</head>", with: listener + "</head>"))
    }

    @Test func anEventBeforeTheBaseCodePastedByHandFailsThePage() throws {
        let page = Self.page.replacingOccurrences(of: "</body>", with: "<script>tgp('init','pixel_Qx81');</script>\n</body>")
        let yaml = Self.excluded + "events:\n  - event: Purchase\n    pages: [\"**\"]\n    selector: p\n"
        let outcome = PageInjector(rules: try Fixtures.rules(yaml)).process(Array(page.utf8), path: "404.html")
        #expect(outcome == .failed(.unplaceable(line: nil, column: nil, reason: "/site/pixeltag.yml:4: the rule would put its event before the base code pasted into the page (line 5:21), which must come first; place it later in the page")))
    }
}
