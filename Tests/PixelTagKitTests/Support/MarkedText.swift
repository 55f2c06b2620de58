import Foundation
import Testing
@testable import PixelTagKit

/// A fixture with markers where something is expected, as swift-format's MarkedText: each of
/// `1️⃣` … `9️⃣` is taken out of the text and remembered by the line it stood on, so a test
/// says "the finding is here" in the page itself instead of counting lines by hand.
struct MarkedText {
    static let markers = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"]

    /// The text without its markers.
    let text: String
    /// Each marker's 1-based line in `text`.
    let lines: [String: Int]

    init(_ marked: String) {
        var text = "", lines: [String: Int] = [:]
        var line = 1
        var rest = Substring(marked)
        while !rest.isEmpty {
            if let marker = Self.markers.first(where: { rest.hasPrefix($0) }) {
                precondition(lines[marker] == nil, "\(marker) is used twice")
                lines[marker] = line
                rest = rest.dropFirst(marker.count)
                continue
            }
            let character = rest.removeFirst()
            if character == "\n" { line += 1 }
            text.append(character)
        }
        self.text = text
        self.lines = lines
    }
}

extension Fixtures {
    /// Verifies the marked page and checks its findings against the markers: `expected` names,
    /// for each marker, the finding on its line ("missing base", "extra evt_purchase"), and
    /// there must be no other finding.
    static func expectFindings(
        _ marked: String, _ yaml: String = "", lock: LockFile = lock(), path: String = "index.html",
        expecting expected: [String: String], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let page = MarkedText(marked)
        let verdict = try verify(page.text, yaml, lock: lock, path: path)
        let found = verdict.findings.map { "\($0.line ?? 0): \($0.kind.rawValue) \($0.event ?? $0.subject.rawValue)" }.sorted()
        let wanted = expected.map { marker, finding in "\(page.lines[marker] ?? -1): \(finding)" }.sorted()
        #expect(found == wanted, sourceLocation: sourceLocation)
    }
}
