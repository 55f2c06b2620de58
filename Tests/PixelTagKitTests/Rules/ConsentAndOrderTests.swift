import Testing
@testable import PixelTagKit

/// Consent categories hold scripts back; several blocks keep config order; an event is
/// placed once per page unless its rule says `repeat: true`.
@Suite struct ConsentAndOrderTests {
    let page = "<html><head></head><body><ul><li>a</li><li>b</li></ul></body></html>"

    @Test func consentMakesTheBaseCodeAndItsEventsInert() throws {
        let out = try Fixtures.inject(page, "base:\n  consent: analytics\nevents:\n  - event: Purchase\n")
        #expect(out.components(separatedBy: #"<script type="text/plain" data-category="analytics">"#).count == 3)
    }

    @Test func aRuleCanNameItsOwnCategory() throws {
        let out = try Fixtures.inject(page, "events:\n  - event: Purchase\n    consent: marketing\n")
        #expect(out.contains(#"<script type="text/plain" data-category="marketing">"#))
        #expect(out.contains("<script>\ntgp('init','pixel_Qx81');"))
    }

    @Test func aCategoryMustBeAPlainName() {
        #expect(throws: PixelTagError.self) { try Fixtures.rules("base:\n  consent: \"a\\\" onload=x\"\n") }
    }

    @Test func anEventIsPlacedOncePerPageUnlessTheRuleRepeats() throws {
        let once = try Fixtures.inject(page, "events:\n  - event: Purchase\n    selector: li\n  - event: Purchase\n")
        #expect(once.components(separatedBy: "event=evt_purchase").count == 2)
        let every = try Fixtures.inject(page, "events:\n  - event: Purchase\n    selector: li\n    repeat: true\n")
        #expect(every.components(separatedBy: "event=evt_purchase").count == 3)
    }

    @Test func blocksAtOnePlaceKeepConfigOrderAfterTheBaseCode() throws {
        let out = try Fixtures.inject(page, "events:\n  - event: Sign up\n    position: body-end\n  - event: Purchase\n    position: body-end\n")
        let signUp = try #require(out.range(of: "event=evt_signup")), purchase = try #require(out.range(of: "event=evt_purchase"))
        #expect(signUp.lowerBound < purchase.lowerBound)
        let base = try #require(out.range(of: "pixeltag:begin base"))
        #expect(base.lowerBound < signUp.lowerBound)
    }
}
