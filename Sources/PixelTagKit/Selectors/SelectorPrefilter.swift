/// Proves from a page's bytes alone, before any parsing, that a selector cannot match:
/// `form button[type=submit]` needs "form", "button", "type" and "submit" somewhere in the
/// page. Most pages of a site have no element a selector rule looks for, and a page that
/// only needs the base code is parsed up to its `</head>` and no further, so this is
/// where most of the time of a selector rule is saved.
///
/// It must never say "cannot match" for a page that matches. A numeric character reference
/// can spell any character (`b&#116;n` is "btn"), so a page with `&#` is searched as a
/// browser reads its attribute values, with those references decoded. ASCII letters,
/// digits and `-` have no named references, so only runs of those are looked for, and runs
/// shorter than 3 bytes are too common to be worth it.
package struct SelectorPrefilter: Sendable {
    struct Literal: Sendable, Hashable {
        var bytes: [UInt8]
        /// Tag and attribute names (and values compared case-insensitively) may be written in any case.
        var caseInsensitive: Bool
    }

    /// Any one of these sets of literals all present may mean a match.
    let alternatives: [[Literal]]
    /// The same, ready to search with.
    private let searches: [[(search: ByteSearch, caseInsensitive: Bool)]]

    /// nil when some selector of the list requires nothing that can be looked for (`*`, `p`).
    package init?(_ list: SelectorList) {
        var alternatives: [[Literal]] = []
        for complex in list.selectors {
            var literals: Set<Literal> = []
            for compound in [complex.subject] + complex.ancestors.map(\.1) {
                if let type = compound.type, !Self.mayBeImplied.contains(type) { Self.add(type, caseInsensitive: true, to: &literals) }
                for condition in compound.conditions {
                    switch condition {
                    case .id(let id): Self.add(id, caseInsensitive: false, to: &literals)
                    case .className(let name): Self.add(name, caseInsensitive: false, to: &literals)
                    case .attribute(let name, let op, let value, let valueCase):
                        Self.add(name, caseInsensitive: true, to: &literals)
                        if op != nil { Self.add(value, caseInsensitive: valueCase != .sensitive, to: &literals) }
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
    package func mayMatch(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { page in
            guard Self.characterReference.first(in: page) != nil else { return hasEveryLiteral(in: page) }
            return Self.decodingNumericReferences(page).withUnsafeBufferPointer { hasEveryLiteral(in: $0) }
        }
    }

    private func hasEveryLiteral(in page: UnsafeBufferPointer<UInt8>) -> Bool {
        searches.contains { literals in
            literals.allSatisfy { literal in
                literal.caseInsensitive ? literal.search.occursIgnoringCase(in: page) : literal.search.first(in: page) != nil
            }
        }
    }

    /// The page with every numeric character reference (`&#116;`, `&#x74`, with or without
    /// `;`) replaced by the character a browser reads, as the WHATWG tokenizer does in
    /// attribute values and text. Only ASCII matters to the literals: any other character
    /// becomes a space, which no literal contains. Decoding can only reveal a word, never
    /// hide one a browser sees: the bytes it consumes are the reference's own.
    static func decodingNumericReferences(_ page: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(page.count)
        var index = 0
        while index < page.count {
            let byte = page[index]
            guard byte == UInt8(ascii: "&"), index + 2 < page.count, page[index + 1] == UInt8(ascii: "#") else {
                out.append(byte)
                index += 1
                continue
            }
            let isHex = page[index + 2] | 0x20 == UInt8(ascii: "x")
            var digit = index + (isHex ? 3 : 2)
            var value = 0
            let first = digit
            while digit < page.count, let next = digitValue(page[digit], hex: isHex) {
                // Past U+10FFFF a browser reads U+FFFD, however many digits follow.
                value = min(value * (isHex ? 16 : 10) + next, 0x110000)
                digit += 1
            }
            guard digit > first else {
                // `&#` with no digits is no reference: the bytes are text as they stand.
                out.append(byte)
                index += 1
                continue
            }
            out.append(value > 0 && value < 0x80 ? UInt8(value) : UInt8(ascii: " "))
            index = digit < page.count && page[digit] == UInt8(ascii: ";") ? digit + 1 : digit
        }
        return out
    }

    private static func digitValue(_ byte: UInt8, hex: Bool) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: Int(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: Int(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
