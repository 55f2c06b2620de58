import Foundation
import Testing

extension BrowserTests {
    /// The placement contract (README, "Where a block can go") seen from the browser
    /// (`Tests/Browser/sites/placement`).
    @Suite struct Placement {
        /// placed.html marks every kind of element with the places the contract gives a block
        /// (class `bb`, `ab`, `be`, `ae`), and a rule per place puts one at each mark.
        @Test func everyBlockInjectWritesBesideOrInsideAnyKindOfElementIsAScriptThatRan() async throws {
            let run = try await BrowserRun.shared.value
            let id = "once/placement/placed.html"
            let page = try run.page(id)
            let source = String(decoding: try run.original.value(for: id), as: UTF8.self)
            let marks = try NSRegularExpression(pattern: #"class="([a-z ]+)""#)
                .matches(in: source, range: NSRange(source.startIndex..., in: source))
                .map { String(source[Range($0.range(at: 1), in: source)!]).split(separator: " ").count }
                .reduce(0, +)
            let served = String(decoding: try run.served.value(for: id), as: UTF8.self)
            #expect(served.components(separatedBy: "<!-- pixeltag:begin ").count - 1 == marks + 1, "a block at every mark, and the base code")
            #expect(page.blocks.count == marks + 1)
            #expect(page.comments == page.blocks.count && page.mentions == page.comments, "no marker the browser read as text")
            #expect(page.blocks.allSatisfy { $0.scripts == 1 && $0.found == 1 })
            #expect(page.scripts.filter { $0.block != nil }.allSatisfy { $0.ran })
            let order = page.blocks.dropFirst().map { "tgp('event', '\(Self.id(of: $0.label))')" }
            #expect(page.calls("load") == [BrowserTests.initCall] + order)
        }

        /// After `</head>`, the browser puts the block's markers in `<html>` and its script back
        /// into the head: it still runs, after the base code.
        @Test func aBlockBeforeAFramesetIsAScriptThatRan() async throws {
            let page = try await BrowserTests.page("placement/frameset.html")
            #expect(page.blocks.map { "\($0.label) in \($0.where ?? "nothing")" } == ["base in head", "event=evt_purchase in head"])
            #expect(page.calls("load") == [BrowserTests.initCall, BrowserTests.event("tge_Purch5")])
        }

        /// For each kind of element the contract refuses, a page whose rule would put a block
        /// there: inject fails the page, names the element, and the browser gets the page as
        /// it was, its own scripts running.
        @Test(arguments: [
            ("raw-text-script", "matches <script>"), ("raw-text-style", "matches <style>"),
            ("raw-text-noscript", "matches <noscript>"), ("raw-text-iframe", "matches <iframe>"),
            ("rcdata-title", "matches <title>"), ("rcdata-textarea", "matches <textarea>"),
            ("plaintext", "matches <plaintext>"), ("template", "matches <template>"), ("void-img", "matches <img>"),
            ("svg", "matches <svg>"), ("inside-svg", "matches <rect>, inside <svg>"), ("math", "matches <math>"),
            ("inside-math", "matches <mi>, inside <math>"), ("frameset", "matches <frameset>"),
        ])
        func aRuleThatWouldPutABlockWhereABrowserDoesNotRunItLeavesThePageAsItWas(_ name: String, _ element: String) async throws {
            let run = try await BrowserRun.shared.value
            let id = "once/placement/refused/\(name).html"
            let message = try run.injections.value(for: "once/placement").output.split(separator: "\n")
                .first { $0.hasPrefix("error: ") && $0.contains("public/refused/\(name).html: ") }
            #expect(message?.contains(element) == true, "\(message ?? "no message")")
            #expect(message?.hasSuffix("; page left untouched") == true)
            #expect(run.served[id] == run.original[id])
            let page = try run.page(id)
            #expect(page.blocks.isEmpty && page.mentions == 0)
            #expect(page.allCalls.isEmpty)
            #expect(page.steps[0].ran.contains { $0.script.map { page.label(of: page.scripts[$0]) } == "page: var seen = ['head'];" })
        }

        /// `<title>` never closed: everything after it is the title's text, the `<p>` in the
        /// source included, so the rule for it finds nothing; the base code at the head's
        /// start, before the title, is the page's one block, and it runs.
        @Test func aPageWhoseTitleIsNeverClosedKeepsOnlyItsLiveBlock() async throws {
            let page = try await BrowserTests.page("placement/refused/unclosed-title.html")
            #expect(page.blocks.map(\.label) == ["base"])
            #expect(page.blocks.map(\.found) == [1] && page.mentions == 1)
            #expect(page.calls("load") == [BrowserTests.initCall])
        }

        static func id(of label: String) -> String {
            ["event=evt_purchase": "tge_Purch5", "event=evt_sign_up": "tge_S1gnUp",
             "event=evt_subscribe": "tge_Subscr", "event=evt_add_to_cart": "tge_C4rt00"][label] ?? label
        }
    }
}
