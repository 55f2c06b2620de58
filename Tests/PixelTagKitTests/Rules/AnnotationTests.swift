import Testing
@testable import PixelTagKit

/// `<!-- pixeltag:event NAME -->` and `data-pixeltag-event` in a page place events without
/// any rule, and stay in the page.
@Suite struct AnnotationTests {
    let head = "<html><head><title>t</title></head><body>"

    @Test func aCommentAnnotationPutsTheEventRightAfterIt() throws {
        let out = try Fixtures.inject(head + "<p>x</p><!-- pixeltag:event Purchase --><p>y</p></body></html>")
        let comment = try #require(out.range(of: "<!-- pixeltag:event Purchase -->"))
        #expect(out[comment.upperBound...].hasPrefix("<!-- pixeltag:begin event=evt_purchase"))
    }

    @Test func anAttributeAnnotationPutsTheEventRightAfterTheElement() throws {
        let out = try Fixtures.inject(head + "<div data-pixeltag-event=\"evt_signup\"><b>hi</b></div><p>y</p></body></html>")
        let element = try #require(out.range(of: "<b>hi</b></div>"))
        #expect(out[element.upperBound...].hasPrefix("<!-- pixeltag:begin event=evt_signup"))
    }

    @Test func stripKeepsAnnotationsAndRemovesTheirBlocks() throws {
        let page = head + "<!-- pixeltag:event Purchase --><a data-pixeltag-event=Purchase data-pixeltag-on=click>buy</a></body></html>"
        let injected = try Fixtures.inject(page)
        #expect(injected != page)
        #expect(Fixtures.strip(injected) == page)
        #expect(try Fixtures.inject(injected) == injected)
    }

    @Test func anUnknownEventInAnAnnotationFailsThePageWithItsLine() throws {
        let page = head + "\n<p>x</p>\n<!-- pixeltag:event Purchace -->\n</body></html>"
        let outcome = PageInjector(rules: try Fixtures.rules()).process(Array(page.utf8), path: "a.html")
        guard case .failed(.unplaceable(let line, _, let message)) = outcome else { Issue.record("\(outcome)"); return }
        #expect(line == 3)
        #expect(message.contains("did you mean \"Purchase\"?"))
    }

    @Test func anAnnotationBeforeTheBaseCodeIsAnError() throws {
        let page = "<html><head><!-- pixeltag:event Purchase --><title>t</title></head><body></body></html>"
        let outcome = PageInjector(rules: try Fixtures.rules()).process(Array(page.utf8), path: "a.html")
        guard case .failed(.unplaceable(_, _, let message)) = outcome else { Issue.record("\(outcome)"); return }
        #expect(message.contains("before the base code"))
    }

    @Test func anAnnotatedEventIsNotPlacedAgainByARule() throws {
        let out = try Fixtures.inject(head + "<!-- pixeltag:event Purchase --></body></html>", "events:\n  - event: Purchase\n")
        #expect(out.components(separatedBy: "pixeltag:begin event=evt_purchase").count == 2)
    }

    @Test func otherPixeltagCommentsAreNotAnnotations() throws {
        let page = head + "<!-- pixeltag:events are great --></body></html>"
        let out = try Fixtures.inject(page)
        #expect(!out.contains("event=evt"))
    }

    @Test func aTitleTwoEventsShareNamesNeitherButTheirIdsDo() throws {
        var twin = Fixtures.signup
        twin.title = Fixtures.purchase.title
        let lock = Fixtures.lock(events: [Fixtures.purchase, twin])
        let page = head + "\n<!-- pixeltag:event Purchase -->\n</body></html>"
        let outcome = PageInjector(rules: try Fixtures.rules(lock: lock)).process(Array(page.utf8), path: "a.html")
        #expect(outcome == .failed(.unplaceable(line: 2, column: nil, reason: "\"Purchase\" is the title of more than one event in pixeltag.lock.json; name it by its id")))
        let byID = try Fixtures.inject(head + "<!-- pixeltag:event evt_signup --></body></html>", lock: lock)
        #expect(byID.contains("pixeltag:begin event=evt_signup"))
    }

    @Test func anAnnotatedEventConsentCannotHoldBackFailsThePage() throws {
        var typed = Fixtures.purchase
        typed.codeSnippet = "<script type=\"module\">tgp('event', 'evt_purchase');</script>"
        let lock = Fixtures.lock(events: [typed])
        let page = head + "<!-- pixeltag:event Purchase --></body></html>"
        let outcome = PageInjector(rules: try Fixtures.rules("base:\n  consent: analytics\n", lock: lock)).process(Array(page.utf8), path: "a.html")
        guard case .failed(.unplaceable(_, _, let message)) = outcome else { Issue.record("\(outcome)"); return }
        #expect(message.contains("cannot be held back for consent"))
    }
}
