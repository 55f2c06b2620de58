/// Proves from a page's bytes alone, before any parsing, that a selector cannot match:
/// `form button[type=submit]` needs "form", "button", "type" and "submit" somewhere in the
/// page. Most pages of a site have no element a selector rule looks for, and a page that
/// only needs the base code is parsed up to its `</head>` and no further, so this is
/// where most of the time of a selector rule is saved.
///
/// It must never say "cannot match" for a page that matches. A character reference can
/// spell any character (`b&#116;n` is "btn"), so a page with `&#` anywhere is always
/// parsed; ASCII letters, digits and `-` have no named references, so only runs of those
/// are looked for, and runs shorter than 3 bytes are too common to be worth it.
public struct SelectorPrefilter: Sendable {
    struct Literal: Sendable, Hashable {
        var bytes: [UInt8]
        /// Tag and attribute names (and `i` values) may be written in any case.
        var caseInsensitive: Bool
    }

    /// Any one of these sets of literals all present may mean a match.
    let alternatives: [[Literal]]
    /// The same, ready to search with.
    private let searches: [[(search: ByteSearch, caseInsensitive: Bool)]]

    /// nil when some selector of the list requires nothing that can be looked for (`*`, `p`).
    public init?(_ list: SelectorList) {
        var alternatives: [[Literal]] = []
        for complex in list.selectors {
            var literals: Set<Literal> = []
            for compound in [complex.subject] + complex.ancestors.map(\.1) {
                if let type = compound.type, !Self.mayBeImplied.contains(type) { Self.add(type, caseInsensitive: true, to: &literals) }
                for condition in compound.conditions {
                    switch condition {
                    case .id(let id): Self.add(id, caseInsensitive: false, to: &literals)
                    case .className(let name): Self.add(name, caseInsensitive: false, to: &literals)
                    case .attribute(let name, let op, let value, let caseInsensitive):
                        Self.add(name, caseInsensitive: true, to: &literals)
                        if op != nil { Self.add(value, caseInsensitive: caseInsensitive, to: &literals) }
                    case .pseudo:
                        // Pseudo-classes only narrow a match; leaving them out stays on the safe side.
                        break
                    }
                }
            }
            guard !literals.isEmpty else { return nil }
            alternatives.append(literals.sorted { $0.bytes.count > $1.bytes.count })
        }
        self.alternatives = alternatives
        searches = alternatives.map { $0.map { (ByteSearch($0.bytes), $0.caseInsensitive) } }
    }

    private static func add(_ text: String, caseInsensitive: Bool, to literals: inout Set<Literal>) {
        var run: [UInt8] = []
        for byte in Array(text.utf8) + [0] {
            if isASCIILetter(byte) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-") {
                run.append(caseInsensitive ? asciiLower(byte) : byte)
            } else {
                if run.count >= 3 { literals.insert(Literal(bytes: run, caseInsensitive: caseInsensitive)) }
                run = []
            }
        }
    }

    /// Elements a browser makes without their tag in the source: `<html>`, `<head>`, `<body>`,
    /// `<tbody>`, `<tr>` and `<colgroup>` implied, `<p>` from `</p>`, `<br>` from `</br>`,
    /// `<img>` from `<image>`.
    private static let mayBeImplied: Set<String> = ["html", "head", "body", "tbody", "tr", "colgroup", "p", "br", "img"]

    private static let characterReference = ByteSearch(Array("&#".utf8))

    /// False only when the page cannot match. `bytes` must be in an ASCII-compatible encoding.
    public func mayMatch(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { page in
            if Self.characterReference.first(in: page) != nil { return true }
            return searches.contains { literals in
                literals.allSatisfy { literal in
                    literal.caseInsensitive ? literal.search.occursIgnoringCase(in: page) : literal.search.first(in: page) != nil
                }
            }
        }
    }
}
