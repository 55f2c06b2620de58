import Foundation
import Testing
@testable import PixelTagKit

/// Pages at the extremes the fuzz test reaches only by chance, every time: the parser, the
/// page builder, the head/body tracker and selector matching are iterative, so depth costs
/// memory, never stack.
@Suite struct ExtremePageTests {
    static let signup = "events:\n  - event: Sign up\n    selector: \"form#signup-form button[type=submit]\"\n"
    static let form = "<form id=signup-form><button type=submit>Go</button></form>"

    func injectsAfterTheButtonAndRoundTrips(_ page: String) throws {
        let injected = try Fixtures.inject(page, Self.signup)
        #expect(injected.contains("</button><!-- pixeltag:begin event=evt_signup "))
        #expect(try Fixtures.inject(injected, Self.signup) == injected)
        #expect(Fixtures.strip(injected) == page)
    }

    @Test func aPageNested100000DeepWithEndTagsIsHandled() throws {
        let page = "<html><head><title>t</title></head><body>" + String(repeating: "<div>", count: 100_000) + Self.form
            + String(repeating: "</div>", count: 100_000) + "</body></html>"
        try injectsAfterTheButtonAndRoundTrips(page)
    }

    @Test func aPageNested100000DeepWithoutEndTagsIsHandled() throws {
        let page = "<title>t</title>" + String(repeating: "<span><b>", count: 50_000) + Self.form
        try injectsAfterTheButtonAndRoundTrips(page)
    }

    @Test func pseudoClassesMatchOnAPageNested100000Deep() throws {
        let yaml = "events:\n  - event: Sign up\n    selector: \"body:has(form) :is(form, p) > button:not(.x):last-child\"\n"
        let page = "<title>t</title><body>" + String(repeating: "<div>", count: 100_000) + Self.form + "</body>"
        let injected = try Fixtures.inject(page, yaml)
        #expect(injected.contains("</button><!-- pixeltag:begin event=evt_signup "))
        #expect(Fixtures.strip(injected) == page)
    }

    @Test func anElementWithAMillionAttributesIsHandled() throws {
        let attributes = String(repeating: " data-x=1 class=a", count: 500_000)
        let page = "<title>t</title><body><div\(attributes)>" + Self.form + "</div></body>"
        try injectsAfterTheButtonAndRoundTrips(page)
    }

    @Test func aTwentyMegabyteAttributeValueIsHandled() throws {
        let page = "<title>t</title><body><a href=\"" + String(repeating: "x", count: 20_000_000) + "\">a</a>" + Self.form + "</body>"
        try injectsAfterTheButtonAndRoundTrips(page)
    }

    @Test func NULBytesAndInvalidUTF8AroundTheTagsAreKept() throws {
        let bytes: [UInt8] = Array("<title>\0t\0</title><p>".utf8) + [0xFF, 0xC0, 0x80, 0xED, 0xA0, 0x80, 0]
            + Array(Self.form.utf8) + [0xF4, 0x90, 0x80, 0x80, 0]
        let rules = try Fixtures.rules(Self.signup)
        let checker = InjectionInvariants(rules: rules)
        #expect(checker.problems(bytes).isEmpty)
        guard case .changed(let injected) = PageInjector(rules: rules).process(bytes, path: "index.html") else {
            Issue.record("expected the page to change")
            return
        }
        #expect(String(decoding: injected, as: UTF8.self).contains("</button><!-- pixeltag:begin event=evt_signup "))
    }
}
