import Foundation
@testable import PixelTagKit

/// Pages and helpers for verify's tests: a small page, the verdict on it, and line numbers
/// found by the text on the line rather than counted by hand.
extension Fixtures {
    /// Lines: 1 doctype, 3 <head>, 4 title, 5 </head>, 6 <body>, 7 form, 8 </body>.
    static let shop = "<!DOCTYPE html>\n<html>\n<head>\n  <title>Shop</title>\n</head>\n<body>\n  <form><button type=submit>Buy</button></form>\n</body>\n</html>\n"

    static let purchaseRule = "events:\n  - event: Purchase\n"

    static func verify(_ html: String, _ yaml: String = "", lock: LockFile = lock(), path: String = "index.html") throws -> PageVerdict {
        PageVerifier(rules: try rules(yaml, lock: lock), lock: lock).verify(Array(html.utf8), path: path)
    }

    /// The 1-based line of the first occurrence of `text` (at or after `after`).
    static func line(of text: String, in html: String, after: String? = nil) -> Int? {
        var searchFrom = html.startIndex
        if let after, let start = html.range(of: after) { searchFrom = start.upperBound }
        guard let range = html.range(of: text, range: searchFrom..<html.endIndex) else { return nil }
        return html[..<range.lowerBound].filter { $0 == "\n" }.count + 1
    }

    /// The whole block of `label` (markers and trailing newline) in an injected page.
    static func block(_ label: String, in html: String) -> String? {
        guard let start = html.range(of: "<!-- pixeltag:begin \(label) "),
              let end = html.range(of: "<!-- pixeltag:end -->\n", range: start.upperBound..<html.endIndex) else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }
}

extension PageVerdict {
    /// Kinds with their events, e.g. ["missing base", "missing evt_purchase"], for readable expectations.
    var summary: [String] { findings.map { "\($0.kind.rawValue) \($0.event ?? $0.subject.rawValue)" } }
}
