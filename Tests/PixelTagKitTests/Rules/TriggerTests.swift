import Foundation
import Testing
@testable import PixelTagKit

/// `on: click|submit` and `data-pixeltag-on`: one delegated listener after the base code
/// runs the event's call; nothing in it can break out of its `<script>`.
@Suite struct TriggerTests {
    let page = "<html><head><title>t</title></head><body><form id=f><button type=submit>Go</button></form></body></html>"
    let clickRule = "events:\n  - event: Sign up\n    selector: \"form#f button\"\n    on: click\n"

    @Test func aClickRuleAddsOneListenerRightAfterTheBaseCode() throws {
        let out = try Fixtures.inject(page, clickRule)
        let base = try #require(out.range(of: "<!-- pixeltag:end -->"))
        #expect(out[base.upperBound...].drop { $0 == "\n" }.hasPrefix("<!-- pixeltag:begin triggers "))
        #expect(out.contains("d.addEventListener(\"click\""))
        #expect(out.contains("t.closest(\"form#f button\")) { tgp('event', 'evt_signup'); }"))
        #expect(!out.contains("onclick"))
        #expect(!out.contains("event=evt_signup"), "a trigger places no load-time block")
    }

    @Test func aPageWithoutTheElementGetsNoListener() throws {
        let out = try Fixtures.inject("<html><head></head><body><p>x</p></body></html>", clickRule)
        #expect(!out.contains("triggers"))
    }

    @Test func aTriggerNeedsASelectorAndTakesNoPosition() {
        #expect(throws: PixelTagError.self) { try Fixtures.rules("events:\n  - event: Sign up\n    on: click\n") }
        #expect(throws: PixelTagError.self) { try Fixtures.rules(clickRule + "    position: afterend\n") }
        #expect(throws: PixelTagError.self) { try Fixtures.rules("events:\n  - event: Sign up\n    selector: a\n    on: hover\n") }
    }

    static let hostileSelector = #"a[title="</script><!--x"], a[data-x='\'"\\'], a[title="line break"]"#

    @Test func hostileSelectorsAndNamesCannotBreakOutOfTheScript() throws {
        let entries = [
            TriggerScript.Entry(trigger: .click, selector: Self.hostileSelector, call: "f(1);"),
            TriggerScript.Entry(trigger: .submit, selector: "[data-pixeltag-event=\(JavaScriptString.cssString("x\"]</SCRIPT>\u{2028}\n<!--"))]", call: "f(2);"),
        ]
        let script = TriggerScript.render(entries, consent: nil)
        let body = script.dropFirst("<script>".count).dropLast("</script>".count)
        #expect(body.range(of: "</script", options: .caseInsensitive) == nil)
        #expect(!body.contains("<!--"))
        #expect(!body.unicodeScalars.contains { $0 == "\u{2028}" || $0 == "\u{2029}" })
    }

    @Test func theEscapedSelectorsReachJavaScriptUnchanged() throws {
        let node = ["/usr/bin/node", "/usr/local/bin/node"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let node else {
            print("TriggerTests: node is not installed; the JavaScript round trip is skipped")
            return
        }
        let names = [Self.hostileSelector, "x\"]</SCRIPT>\u{2028}\u{2029}\n\r\t<!--", "ünï\u{0}code \\ / & > '"]
        let entries = names.map { TriggerScript.Entry(trigger: .click, selector: $0, call: "seen.push(1);") }
        let script = TriggerScript.render(entries, consent: nil)
        let body = String(script.dropFirst("<script>".count).dropLast("</script>".count))
        // A fake document that records what the listener asks `closest` for.
        let harness = """
            var seen = [], asked = [], handlers = [];
            var document = { addEventListener: function (type, f) { handlers.push(f); } };
            \(body)
            handlers.forEach(function (h) { h({ target: { closest: function (s) { asked.push(s); return true; } } }); });
            process.stdout.write(JSON.stringify({ asked: asked, seen: seen.length }));
            """
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pixeltag-trigger-\(UUID().uuidString).js")
        try harness.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: node)
        process.arguments = [file.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let result = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(result["asked"] as? [String] == names)
        #expect(result["seen"] as? Int == names.count)
    }

    @Test func anAnnotatedTriggerListensForItsOwnElement() throws {
        let html = "<html><head></head><body><a href=/buy data-pixeltag-event=\"Purchase\" data-pixeltag-on=\"click\">Buy</a></body></html>"
        let out = try Fixtures.inject(html)
        #expect(out.contains(#"t.closest("[data-pixeltag-event=\"Purchase\"][data-pixeltag-on=click i]")"#))
        #expect(out.contains("tgp('event', 'evt_purchase');"))
    }
}
