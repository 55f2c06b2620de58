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
        #expect(out.contains("t.closest(\"form#f button\")) { tgp('event', 'tge_S1gnUp'); }"))
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

    static let node = ["/usr/bin/node", "/usr/local/bin/node"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: node != nil, "needs node to run the listener's JavaScript (apt-get install nodejs)"))
    func theEscapedSelectorsReachJavaScriptUnchanged() throws {
        let node = try #require(Self.node)
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
        #expect(out.contains("tgp('event', 'tge_Pq81xZ');"))
    }

    // A submit event is fired at the form; the button that sent it is only its `submitter`.
    // So a submit rule may name the form, something around it, or its submit button, and
    // a rule that names none of these could never fire: that page fails, with advice.

    @Test func aSubmitRuleOnAFormsButtonFiresWhenThatButtonSendsTheForm() throws {
        let out = try Fixtures.inject(page, "events:\n  - event: Sign up\n    selector: \"form#f button\"\n    on: submit\n")
        #expect(out.contains("d.addEventListener(\"submit\", function (e) {\n    var t = e.target, s = e.submitter;\n"))
        #expect(out.contains(#"if ((t && t.closest && t.closest("form#f button")) || (s && s.closest("form#f button"))) { tgp('event', 'tge_S1gnUp'); }"#))
    }

    @Test func aSubmitRuleMayNameTheFormWhatHoldsItOrAButtonThatSubmitsIt() throws {
        let html = "<html><head></head><body><main><form id=f><input type=image src=go.png></form></main>"
            + "<button id=outside form=f>Go</button><div id=wrap><button>Send</button></div></body></html>"
        for selector in ["form", "main", "input[type=image]", "#outside", "body"] {
            let out = try Fixtures.inject(html, "events:\n  - event: Sign up\n    selector: \"\(selector)\"\n    on: submit\n")
            #expect(out.contains("e.submitter"), "\(selector)")
        }
    }

    @Test func aSubmitRuleThatNamesNoFormNorSubmitButtonFailsThePageWithAdvice() throws {
        let html = "<html><head></head><body><form><input id=email type=email><button type=button id=check>Check</button>"
            + "<button type=reset>Clear</button></form><div id=box><button>No form owns me</button></div></body></html>"
        for (selector, element) in [("#email", "<input id=\"email\">"), ("form button", "<button type=\"button\">"), ("#box", "<div id=\"box\">")] {
            let outcome = PageInjector(rules: try Fixtures.rules("events:\n  - event: Sign up\n    selector: \"\(selector)\"\n    on: submit\n"))
                .process(Array(html.utf8), path: "index.html")
            #expect(outcome == .failed(.unplaceable(line: 1, column: nil, reason: "/site/pixeltag.yml:2: on: submit never fires on this page: \"\(selector)\" matches \(element), and a submit reaches only a <form> (and what holds it) and the submit button that sent it; select the form or its submit button, or use on: click")))
        }
    }

    @Test func aSubmitAnnotationOnAButtonFiresWhenItSendsItsForm() throws {
        let html = "<html><head></head><body><form><button data-pixeltag-event=\"Purchase\" data-pixeltag-on=\"submit\">Pay</button></form></body></html>"
        let out = try Fixtures.inject(html)
        #expect(out.contains(#"(s && s.closest("[data-pixeltag-event=\"Purchase\"][data-pixeltag-on=submit i]"))"#))
    }

    @Test func aSubmitAnnotationOnALinkFailsThePageWithAdvice() throws {
        let html = "<html><head></head><body>\n<a href=/buy data-pixeltag-event=\"Purchase\" data-pixeltag-on=\"submit\">Buy</a></body></html>"
        let outcome = PageInjector(rules: try Fixtures.rules()).process(Array(html.utf8), path: "index.html")
        #expect(outcome == .failed(.unplaceable(line: 2, column: nil, reason: "data-pixeltag-on=\"submit\" on <a> never fires: a submit reaches only a <form> (and what holds it) and the submit button that sent it; put the annotation on the form or its submit button, or use data-pixeltag-on=\"click\"")))
    }
}
