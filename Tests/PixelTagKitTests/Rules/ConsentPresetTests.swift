import Foundation
import Testing
@testable import PixelTagKit

/// `consent.manager`: the attributes each consent manager documents for scripts held back,
/// and `consent.gpc`.
@Suite struct ConsentPresetTests {
    static let page = "<!DOCTYPE html>\n<html>\n<head>\n<title>Shop</title>\n</head>\n<body>\n<p>Hi</p>\n</body>\n</html>\n"

    static func config(_ manager: String, category: String, gpc: String? = nil) -> String {
        "consent:\n  manager: \(manager)\n" + (gpc.map { "  gpc: \($0)\n" } ?? "") + "base:\n  consent: \(category)\nevents:\n  - event: Purchase\n"
    }

    @Test func eachManagerHoldsTheBaseCodeAndEventsBackWithTheAttributesItDocuments() throws {
        var text = ""
        for (manager, category) in [("generic", "analytics"), ("cookiebot", "marketing"), ("onetrust", "C0004"), ("klaro", "telegram"),
                                    ("cookieconsent", "analytics"), ("cookieconsent", "analytics.telegram"), ("iubenda", "5")] {
            let out = try Fixtures.inject(Self.page, Self.config(manager, category: category))
            let tags = out.split(separator: "\n").filter { $0.hasPrefix("<script") }
            text += "\(manager) \(category)\n" + tags.map { "  \($0)\n" }.joined()
        }
        try Golden.check(text, matches: "Consent/presets.txt")
    }

    @Test func theClickListenerIsHeldBackLikeTheBlocks() throws {
        let yaml = "consent:\n  manager: onetrust\nbase:\n  consent: C0002\nevents:\n  - event: Purchase\n    selector: p\n    on: click\n"
        let out = try Fixtures.inject(Self.page, yaml)
        #expect(out.contains("<script type=\"text/plain\" class=\"optanon-category-C0002\">\n(function (d) {"))
    }

    @Test(arguments: [("cookiebot", "analytics", "Cookiebot's categories are preferences, statistics and marketing"),
                      ("onetrust", "targeting", "OneTrust names a category by its id, e.g. C0002"),
                      ("iubenda", "marketing", "iubenda names a purpose by its number, 1 to 5"),
                      ("klaro", "a.b", "a category name has no dot")])
    func aCategoryTheManagerDoesNotKnowIsRefusedNamingItsOwn(_ manager: String, _ category: String, _ advice: String) {
        #expect {
            try Fixtures.rules(Self.config(manager, category: category))
        } throws: { error in
            let message = (error as? PixelTagError)?.message ?? ""
            return message.contains("pixeltag.yml:4: consent \"\(category)\" for \(manager): \(advice)")
        }
    }

    @Test func anUnknownManagerIsRefusedWithTheNearestName() {
        #expect {
            try Fixtures.rules("consent:\n  manager: cookiebott\n")
        } throws: { error in
            ((error as? PixelTagError)?.message ?? "").contains("consent.manager: unknown consent manager \"cookiebott\"; did you mean \"cookiebot\"?")
        }
    }

    /// An event that waits for another category than the base code runs, when only its own is
    /// accepted, before `tgp` exists: "tgp is not defined". Refused, saying what to write.
    @Test func anEventWaitingForAnotherCategoryThanTheBaseCodeIsRefused() {
        #expect {
            try Fixtures.rules("base:\n  consent: analytics\nevents:\n  - event: Purchase\n    consent: marketing\n")
        } throws: { error in
            ((error as? PixelTagError)?.message ?? "").contains("event \"Purchase\" waits for consent \"marketing\", but the base code waits for \"analytics\": a visitor who accepts only \"marketing\" would run the event without the base code, which throws \"tgp is not defined\"")
        }
        #expect(throws: Never.self) { try Fixtures.rules("base:\n  consent: analytics\nevents:\n  - event: Purchase\n    consent: analytics\n") }
        #expect(throws: Never.self) { try Fixtures.rules("events:\n  - event: Purchase\n    consent: marketing\n") }
    }

    @Test func gpcEventsSkipsEveryEventAndGpcAllTheBaseCodeToo() throws {
        let events = try Fixtures.inject(Self.page, "consent:\n  gpc: events\nevents:\n  - event: Purchase\n")
        #expect(events.contains("<script>if (!navigator.globalPrivacyControl) {\ntgp('event', 'tge_Pq81xZ');\n}</script>"))
        #expect(events.contains("<script>\ntgp('init','pixel_Qx81');\n</script>"))
        let all = try Fixtures.inject(Self.page, "consent:\n  gpc: all\nevents:\n  - event: Purchase\n")
        #expect(all.contains("<script>if (!navigator.globalPrivacyControl) {\ntgp('init','pixel_Qx81');\n}</script>"))
        let listener = try Fixtures.inject(Self.page, "consent:\n  gpc: events\nevents:\n  - event: Purchase\n    selector: p\n    on: click\n")
        #expect(listener.contains("(function (d) {\n  if (navigator.globalPrivacyControl) return;\n"))
    }
}
