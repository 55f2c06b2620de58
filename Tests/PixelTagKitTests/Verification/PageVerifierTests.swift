import Foundation
import Testing
@testable import PixelTagKit

/// One page made for each kind of finding, checked in memory.
@Suite struct PageVerifierTests {
    let page = Fixtures.shop

    @Test func aPageInjectWouldNotChangePasses() throws {
        let injected = try Fixtures.inject(page, Fixtures.purchaseRule)
        let verdict = try Fixtures.verify(injected, Fixtures.purchaseRule)
        #expect(verdict.status == .passed)
        #expect(verdict.findings.isEmpty)
    }

    @Test func anAbsentBlockIsMissingOnTheLineInjectWouldPutIt() throws {
        let verdict = try Fixtures.verify(page, Fixtures.purchaseRule)
        #expect(verdict.status == .failed)
        #expect(verdict.summary == ["missing base", "missing evt_purchase"])
        #expect(verdict.findings.map(\.line) == [Fixtures.line(of: "</head>", in: page), Fixtures.line(of: "</body>", in: page)])
    }

    @Test func aBlockWhoseCodeChangedInTheLockIsStale() throws {
        let injected = try Fixtures.inject(page)
        let newer = Fixtures.lock(base: "<script>\ntgp('init','px2');\n</script>")
        let verdict = try Fixtures.verify(injected, lock: newer)
        #expect(verdict.summary == ["stale base"])
        #expect(verdict.findings.first?.line == Fixtures.line(of: "pixeltag:begin base", in: injected))
        #expect(verdict.findings.first?.message.contains("the code changed since the page was injected") == true)
    }

    @Test func aBlockEditedByHandIsStale() throws {
        let injected = try Fixtures.inject(page).replacingOccurrences(of: "tgp('init','pixel_Qx81');", with: "tgp('init','pixel_Qx81'); // edited")
        let verdict = try Fixtures.verify(injected)
        #expect(verdict.summary == ["stale base"])
        #expect(verdict.findings.first?.message.contains("edited by hand") == true)
    }

    @Test func aBlockForAnEventNoRuleWantsIsExtra() throws {
        let injected = try Fixtures.inject(page, Fixtures.purchaseRule)
        let verdict = try Fixtures.verify(injected)
        #expect(verdict.summary == ["extra evt_purchase"])
        #expect(verdict.findings.first?.line == Fixtures.line(of: "event=evt_purchase", in: injected))
        #expect(verdict.findings.first?.message.contains("no rule or annotation puts it on this page") == true)
    }

    @Test func aBlockForAnEventGoneFromTheLockIsExtra() throws {
        let injected = try Fixtures.inject(page, Fixtures.purchaseRule)
        let verdict = try Fixtures.verify(injected, lock: Fixtures.lock(events: [Fixtures.signup]))
        #expect(verdict.summary == ["extra evt_purchase"])
        #expect(verdict.findings.first?.message.contains("no longer in the lock file") == true)
    }

    @Test func theBaseCodeOnAnExcludedPageIsExtra() throws {
        let injected = try Fixtures.inject(page, path: "404.html")
        let verdict = try Fixtures.verify(injected, "base:\n  exclude: [\"404.html\"]\n", path: "404.html")
        #expect(verdict.summary == ["extra base"])
        #expect(verdict.findings.first?.message.contains("excluded") == true)
    }

    @Test func theBaseCodeOutsideTheHeadIsMisplaced() throws {
        let injected = try Fixtures.inject(page)
        let block = try #require(Fixtures.block("base", in: injected))
        let moved = injected.replacingOccurrences(of: block, with: "").replacingOccurrences(of: "</body>", with: block + "</body>")
        let verdict = try Fixtures.verify(moved)
        #expect(verdict.summary == ["misplaced base"])
        #expect(verdict.findings.first?.line == Fixtures.line(of: "pixeltag:begin base", in: moved))
        #expect(verdict.findings.first?.message.contains("inject puts it at line \(Fixtures.line(of: "</head>", in: moved)!)") == true)
    }

    @Test func anEventBeforeTheBaseCodeIsMisplaced() throws {
        let yaml = "events:\n  - event: Purchase\n    position: head-end\n"
        let injected = try Fixtures.inject(page, yaml)
        let base = try #require(Fixtures.block("base", in: injected))
        let event = try #require(Fixtures.block("event=evt_purchase", in: injected))
        let swapped = injected.replacingOccurrences(of: base + event, with: event + base)
        #expect(swapped != injected)
        let verdict = try Fixtures.verify(swapped, yaml)
        #expect(verdict.summary == ["misplaced evt_purchase"])
        #expect(verdict.findings.first?.message.contains("comes before the base code") == true)
    }

    @Test func theSameBlockTwiceIsADuplicateOnTheSecondCopysLine() throws {
        let injected = try Fixtures.inject(page)
        let block = try #require(Fixtures.block("base", in: injected))
        let doubled = injected.replacingOccurrences(of: "<body>\n", with: "<body>\n" + block)
        let verdict = try Fixtures.verify(doubled)
        #expect(verdict.summary == ["duplicate base"])
        #expect(verdict.findings.first?.line == Fixtures.line(of: "pixeltag:begin base", in: doubled, after: "<body>"))
    }

    @Test func theBaseCodePastedByHandIsUnmarkedNotMissing() throws {
        let pasted = page.replacingOccurrences(of: "</head>", with: "  <script>tgp(\"init\", \"pixel_Qx81\")</script>\n</head>")
        let verdict = try Fixtures.verify(pasted)
        #expect(verdict.summary == ["unmarked base"])
        #expect(verdict.findings.first?.line == Fixtures.line(of: "tgp(", in: pasted))
        #expect(verdict.findings.first?.message.contains("remove it from the page's source") == true)
    }

    @Test func anEventSnippetPastedByHandIsUnmarked() throws {
        let pasted = page.replacingOccurrences(of: "</body>", with: "<script>\ntgp('event', 'tge_Pq81xZ');\n</script>\n</body>")
        let verdict = try Fixtures.verify(pasted, Fixtures.purchaseRule)
        #expect(verdict.summary == ["missing base", "unmarked evt_purchase"])
        #expect(verdict.findings.last?.message.contains("take the page out of the rule at") == true)
    }

    @Test func aHandPastedCopyBesideTheInjectedBlockFailsThoughInjectWouldChangeNothing() throws {
        let pasted = page.replacingOccurrences(of: "<body>", with: "<body><script>tgp('init','pixel_Qx81')</script>")
        let injected = try Fixtures.inject(pasted)
        let verdict = try Fixtures.verify(injected)
        #expect(verdict.summary == ["unmarked base"])
        #expect(verdict.findings.first?.message.contains("runs twice") == true)
    }

    /// Pasted as people paste it from the dashboard: the Telegram id in double quotes, on one line.
    static let pastedPurchase = "<script>tgp(\"event\", \"tge_Pq81xZ\")</script>\n"

    @Test func aPixelCallNoRuleOrAnnotationOwnsIsUnmarked() throws {
        let injected = try Fixtures.inject(page)
        let pasted = injected.replacingOccurrences(of: "</body>", with: Self.pastedPurchase + "</body>")
        let verdict = try Fixtures.verify(pasted)
        #expect(verdict.summary == ["unmarked evt_purchase"])
        #expect(verdict.findings.first?.line == Fixtures.line(of: "tge_Pq81xZ", in: pasted))
        #expect(verdict.findings.first?.message == "event evt_purchase is called here without pixeltag markers (pasted by hand?): no rule or annotation puts it on this page, so it fires on every visit to the page; remove it from the page's source, or add a rule or an annotation for it")
    }

    @Test func theBaseCodePastedIntoAPageExcludedFromItIsUnmarked() throws {
        let pasted = page.replacingOccurrences(of: "</head>", with: "<script>tgp(\"init\", \"pixel_Qx81\")</script>\n</head>")
        let verdict = try Fixtures.verify(pasted, "base:\n  exclude: [\"404.html\"]\n", path: "404.html")
        #expect(verdict.summary == ["unmarked base"])
        #expect(verdict.findings.first?.message.contains("this page is excluded from it (base.exclude)") == true)
    }

    /// Rules that put Purchase on the page in each way a rule can.
    static let purchaseRules = [
        "events:\n  - event: Purchase\n",
        "events:\n  - event: Purchase\n    position: head-end\n",
        "events:\n  - event: Purchase\n    selector: form\n",
        "events:\n  - event: Purchase\n    selector: form button\n    on: click\n",
    ]

    @Test(arguments: purchaseRules, [false, true])
    func onePastedCopyIsOneFinding(_ rule: String, injectedFirst: Bool) throws {
        let pasted = page.replacingOccurrences(of: "<body>\n", with: "<body>\n" + Self.pastedPurchase)
        let checked = injectedFirst ? try Fixtures.inject(pasted, rule) : pasted
        let verdict = try Fixtures.verify(checked, rule)
        #expect(verdict.findings.filter { $0.event == "evt_purchase" }.map(\.kind) == [.unmarked], "\(verdict.summary)")
    }

    @Test func aPageInjectCannotHandleIsAnErrorWithItsReason() throws {
        let broken = page.replacingOccurrences(of: "<body>", with: "<body><!-- pixeltag:begin base hash=1 len=5 -->")
        let verdict = try Fixtures.verify(broken)
        #expect(verdict.status == .error)
        #expect(verdict.message?.contains("without its end") == true)
    }

    @Test func anEmptyFileIsSkipped() throws {
        #expect(try Fixtures.verify("").status == .skipped)
    }

    @Test func aMissingClickListenerIsAFindingAboutTheListener() throws {
        let click = "events:\n  - event: Sign up\n    selector: \"form button\"\n    on: click\n"
        let verdict = try Fixtures.verify(page, click)
        #expect(verdict.summary == ["missing base", "missing triggers"])
        #expect(verdict.findings.last?.event == nil)
    }

    @Test func aListenerNoRuleWantsAnyMoreIsExtra() throws {
        let click = "events:\n  - event: Sign up\n    selector: \"form button\"\n    on: click\n"
        let injected = try Fixtures.inject(page, click)
        #expect(try Fixtures.verify(injected).summary == ["extra triggers"])
    }
}
