import Foundation
import Testing
@testable import PixelTagKit

/// The placement contract, case by case: a rule at each position of each element class of
/// the fixture pages (Fixtures/Placement/*.html, whose elements carry `data-case`) and what
/// comes of it, in Fixtures/Placement/contract.txt. A placed block is shown in its place and
/// checked to be a live `<script>` of the injected page's tree; a refused one fails its page
/// with the message shown, and the page is not written.
@Suite struct PlacementContractTests {
    static let positions: [PixelTagConfig.Position] = [.beforebegin, .afterbegin, .beforeend, .afterend]

    /// The base code at head-start, so that rules may place events in the head after it.
    static func rule(_ selector: String, _ position: PixelTagConfig.Position) -> String {
        "base:\n  position: head-start\nevents:\n  - event: Purchase\n    selector: \"\(selector)\"\n    position: \(position.rawValue)\n"
    }

    @Test func everyElementClassAtEveryPosition() throws {
        var report = ""
        for fixture in ["classes.html", "frameset.html"] {
            let html = try Golden.read("Placement/\(fixture)")
            report += "# \(fixture)\n"
            for name in Self.cases(in: html) {
                for position in Self.positions {
                    let rules = try Fixtures.rules(Self.rule("[data-case=\(name)]", position))
                    let label = "\(name) \(position.rawValue)".padding(toLength: 32, withPad: " ", startingAt: 0)
                    switch PageInjector(rules: rules).process(Array(html.utf8), path: "index.html") {
                    case .changed(let output):
                        #expect(LiveBlocks.dead(in: output).isEmpty, "\(fixture): \(name) \(position.rawValue): the block is not a live <script>")
                        report += "\(label) placed  \(Self.surroundings(of: "event=evt_purchase", in: output))\n"
                    case .failed(let why):
                        report += "\(label) refused \(why)\n"
                    case .unchanged, .skipped:
                        Issue.record("\(fixture): \(name) \(position.rawValue): neither placed nor refused")
                    }
                }
            }
        }
        try Golden.check(report, matches: "Placement/contract.txt")
    }

    /// Selectors whose subject can only be an element with no place inside it, or only one
    /// inside SVG or MathML, are refused with the config, before any page is read.
    @Test func selectorsThatCanNeverHoldTheBlockAreRefusedWithTheConfig() throws {
        var names = LivePlaces.textElements.union(HTMLElementSets.void).union(["template", "svg", "math", "frameset"]).sorted()
        names += ["div", "table", "select", "head", "body"]
        var report = ""
        var cases = names.flatMap { name in Self.positions.map { (name, $0) } }
        cases += ["svg rect", "svg > g", "math mi", "h1, title", "div title", "svg, div"].flatMap { selector in Self.positions.map { (selector, $0) } }
        for (selector, position) in cases {
            let label = "\(selector) \(position.rawValue)".padding(toLength: 32, withPad: " ", startingAt: 0)
            do {
                _ = try Fixtures.rules(Self.rule(selector, position))
                report += "\(label) accepted\n"
            } catch let error as PixelTagError {
                report += "\(label) refused \(error.message)\n"
            }
        }
        try Golden.check(report, matches: "Placement/config.txt")
    }

    /// The `data-case` values of a fixture, in page order.
    static func cases(in html: String) -> [String] {
        html.components(separatedBy: "data-case=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    /// The block labelled `label` in its place: the text around it, with each block shown as
    /// `[base]` or `[event]` and line breaks as `⏎`.
    static func surroundings(of label: String, in output: [UInt8]) -> String {
        var text = String(decoding: output, as: UTF8.self)
        while let begin = text.range(of: "<!-- pixeltag:begin "),
              let end = text.range(of: "<!-- pixeltag:end -->\n", range: begin.upperBound..<text.endIndex) {
            let isTarget = text[begin.upperBound...].hasPrefix(label)
            text.replaceSubrange(begin.lowerBound..<end.upperBound, with: isTarget ? "[HERE]" : text[begin.upperBound...].hasPrefix("base") ? "[base]" : "[event]")
        }
        guard let here = text.range(of: "[HERE]") else { return "?" }
        let before = text[..<here.lowerBound].suffix(28), after = text[here.upperBound...].prefix(28)
        return (before + "[event]" + after).replacingOccurrences(of: "\n", with: "⏎")
    }
}
