import Foundation
import Testing
@testable import PixelTagKit

/// Pages at the extremes the fuzz test reaches only by chance, every time: the parser, the
/// page builder, the tree builder and selector matching are iterative, so depth costs memory,
/// never stack. Each runs on a thread of its own (see `onOwnThread`): they take seconds.
@Suite struct ExtremePageTests {
    static let signup = "events:\n  - event: Sign up\n    selector: \"form#signup-form button[type=submit]\"\n"
    static let form = "<form id=signup-form><button type=submit>Go</button></form>"

    static func injectsAfterTheButtonAndRoundTrips(_ page: String, _ yaml: String = signup) throws {
        let injected = try Fixtures.inject(page, yaml)
        #expect(injected.contains("</button><!-- pixeltag:begin event=evt_signup "))
        #expect(try Fixtures.inject(injected, yaml) == injected)
        #expect(Fixtures.strip(injected) == page)
    }

    @Test func aPageNested100000DeepWithEndTagsIsHandled() async throws {
        try await onOwnThread {
            let page = "<html><head><title>t</title></head><body>" + String(repeating: "<div>", count: 100_000) + Self.form
                + String(repeating: "</div>", count: 100_000) + "</body></html>"
            try Self.injectsAfterTheButtonAndRoundTrips(page)
        }
    }

    @Test func aPageNested100000DeepWithoutEndTagsIsHandled() async throws {
        // Formatting elements (`<b>`) once made each start tag walk the whole stack.
        try await onOwnThread {
            try Self.injectsAfterTheButtonAndRoundTrips("<title>t</title>" + String(repeating: "<span><b>", count: 50_000) + Self.form)
        }
    }

    @Test func pseudoClassesMatchOnAPageNested100000Deep() async throws {
        try await onOwnThread {
            let yaml = "events:\n  - event: Sign up\n    selector: \"body:has(form) :is(form, p) > button:not(.x):last-child\"\n"
            let page = "<title>t</title><body>" + String(repeating: "<div>", count: 100_000) + Self.form + "</body>"
            try Self.injectsAfterTheButtonAndRoundTrips(page, yaml)
        }
    }

    @Test func anElementWithAMillionAttributesIsHandled() async throws {
        try await onOwnThread {
            let attributes = String(repeating: " data-x=1 class=a", count: 500_000)
            try Self.injectsAfterTheButtonAndRoundTrips("<title>t</title><body><div\(attributes)>" + Self.form + "</div></body>")
        }
    }

    @Test func aTwentyMegabyteAttributeValueIsHandled() async throws {
        try await onOwnThread {
            let value = String(repeating: "x", count: 20_000_000)
            try Self.injectsAfterTheButtonAndRoundTrips("<title>t</title><body><a href=\"\(value)\">a</a>" + Self.form + "</body>")
        }
    }

    @Test func NULBytesAndInvalidUTF8AroundTheTagsAreKept() throws {
        let bytes: [UInt8] = Array("<title>\0t\0</title><p>".utf8) + [0xFF, 0xC0, 0x80, 0xED, 0xA0, 0x80, 0]
            + Array(Self.form.utf8) + [0xF4, 0x90, 0x80, 0x80, 0]
        let rules = try Fixtures.rules(Self.signup)
        #expect(InjectionInvariants(rules: rules).problems(bytes).isEmpty)
        guard case .changed(let injected) = PageInjector(rules: rules).process(bytes, path: "index.html") else {
            Issue.record("expected the page to change")
            return
        }
        // libxml2 2.9 takes NUL for the end of the input; the button after one is still found.
        #expect(String(decoding: injected, as: UTF8.self).contains("</button><!-- pixeltag:begin event=evt_signup "))
    }
}
