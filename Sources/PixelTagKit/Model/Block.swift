/// What pixeltag inserts: the base code or an event's snippet, wrapped in markers.
package struct Block: Sendable, Equatable {
    package enum Kind: Sendable, Hashable {
        case base
        case event(id: String)
        /// The page's listener that fires events on clicks and submits, one per consent category.
        case triggers(consent: String?)
        /// The runtime that runs the page's blocks once a page view under a client-side
        /// router (`NavigationScript`).
        case navigation
    }

    package let kind: Kind
    /// The snippet as the lock file holds it.
    package let content: String
    /// A short fingerprint of the content for the begin marker, so a reader (and `verify`)
    /// can see which version of a snippet a page carries. Worked out once: every page's
    /// marker carries it.
    package let hash: String
    /// The content as UTF-8 bytes, what most pages get, ready to copy in.
    let utf8: [UInt8]

    package init(kind: Kind, content: String) {
        self.kind = kind
        self.content = content
        utf8 = Array(content.utf8)
        hash = Self.fingerprint(of: utf8)
    }

    /// FNV-1a: stable across platforms and runs, which Swift's `Hasher` is not.
    private static func fingerprint(of bytes: [UInt8]) -> String {
        var value: UInt32 = 0x811C_9DC5
        for byte in bytes {
            value ^= UInt32(byte)
            value = value &* 0x0100_0193
        }
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}

extension Block.Kind {
    /// The marker's label. Ids come from the API, so anything but a plain id character is
    /// percent-encoded: a marker stays ASCII and no id can end the comment early.
    var label: String {
        switch self {
        case .base: return "base"
        case .event(let id): return "event=" + Self.escape(id)
        case .triggers(let consent): return consent.map { "triggers=" + Self.escape($0) } ?? "triggers"
        case .navigation: return "navigation"
        }
    }

    init?(label: String) {
        if label == "base" {
            self = .base
        } else if label.hasPrefix("event="), let id = Self.unescape(String(label.dropFirst(6))) {
            self = .event(id: id)
        } else if label == "navigation" {
            self = .navigation
        } else if label == "triggers" {
            self = .triggers(consent: nil)
        } else if label.hasPrefix("triggers="), let consent = Self.unescape(String(label.dropFirst(9))) {
            self = .triggers(consent: consent)
        } else {
            return nil
        }
    }

    static func escape(_ id: String) -> String {
        var out = ""
        for byte in id.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"):
                out.append(Character(Unicode.Scalar(byte)))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }

    static func unescape(_ text: String) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next(), let low = iterator.next(),
                      let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else { return nil }
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
