import Foundation
import Testing
@testable import PixelTagKit

@Suite struct PresentationTests {
    @Test func theEventsTableAlignsColumns() {
        let events = [
            PixelEvent(id: "evt_1", title: "Purchase", type: "purchase", status: "active", adsCount: 2, codeSnippet: ""),
            PixelEvent(id: "evt_22", title: "Sign-up", codeSnippet: ""),
        ]
        #expect(APIRendering.eventsTable(events) == """
            ID      TITLE     TYPE      STATUS  ADS  LAST TRIGGERED
            evt_1   Purchase  purchase  active  2    never
            evt_22  Sign-up   -         -       -    never

            """)
    }

    @Test func tableCellsEscapeLineBreaksAndTerminalEscapes() {
        var table = TextTable(header: ["TITLE"])
        table.add(["a\nb\u{1B}[31mred\u{202E}"])
        #expect(table.render() == "TITLE\na\\nb\\u{1b}[31mred\\u{202e}\n")
    }

    @Test func wideCharactersCountTwoColumns() {
        var table = TextTable(header: ["T", "X"])
        table.add(["購入", "1"])
        #expect(table.render() == "T     X\n購入  1\n")
    }

    @Test func jsonOutputUsesTheAPIsSnakeCaseNamesAndUnescapedSlashes() {
        let json = APIRendering.json(PixelEvent(id: "e", tgEventId: "tg", title: "T", codeSnippet: "</script>"))
        #expect(json.contains(#""tg_event_id" : "tg""#))
        #expect(json.contains(#""code_snippet" : "</script>""#))
        #expect(json.contains(#""last_triggered_at" : null"#))
    }

    @Test func anUnknownTypeListsTheValidOnes() {
        let types = [EventType(type: "purchase", label: "Purchase"), EventType(type: "custom", label: "Custom Event")]
        #expect(throws: PixelTagError.input(#"unknown event type "Purchase" (did you mean purchase?); valid types: custom, purchase"#)) {
            try EventTypeCheck.check("Purchase", against: types)
        }
    }

    @Test func deleteWithoutATerminalOrYesIsRefused() {
        #expect(throws: PixelTagError.input("refusing to delete event evt_1 without confirmation: no terminal to ask on; pass --yes to delete it")) {
            try DeleteConfirmation.decide(eventID: "evt_1", account: "1", assumeYes: false, isTerminal: false) { _ in "y" }
        }
    }

    @Test func deleteOnATerminalProceedsOnlyOnYes() throws {
        var prompts: [String] = []
        let yes = try DeleteConfirmation.decide(eventID: "evt_1", account: "1", assumeYes: false, isTerminal: true) { prompts.append($0); return "yes\n" }
        let enter = try DeleteConfirmation.decide(eventID: "evt_1", account: "1", assumeYes: false, isTerminal: true) { _ in "" }
        let eof = try DeleteConfirmation.decide(eventID: "evt_1", account: "1", assumeYes: false, isTerminal: true) { _ in nil }
        #expect(yes == .proceed)
        #expect(enter == .declined)
        #expect(eof == .declined)
        #expect(prompts == ["Delete event evt_1 from account 1? This cannot be undone. [y/N] "])
    }

    @Test func deleteWithYesDoesNotAsk() throws {
        let decision = try DeleteConfirmation.decide(eventID: "e", account: "1", assumeYes: true, isTerminal: true) { _ in
            Issue.record("asked although --yes was given")
            return nil
        }
        #expect(decision == .proceed)
    }
}
