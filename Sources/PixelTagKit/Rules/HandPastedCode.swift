/// Finds the base code or an event's snippet in a page outside pixeltag's blocks: pasted by
/// hand into a template, it would run next to the copy inject adds.
///
/// Pasted code is rarely byte-identical (quotes, spacing, line breaks change), so the search
/// is for its distinctive core: the id the snippet passes to the pixel (`tg_pixel_id`,
/// `tg_event_id`, else the snippet's last quoted string, e.g. `'tge_Pq81xZ'`), in quotes.
struct HandPastedCode: Sendable {
    /// The id, without its quotes; empty when the snippet has nothing distinctive.
    let needle: [UInt8]
    /// Ids start with common letters ("pixel_", "tge_"), which would stop a scan on every word
    /// of the page: ByteSearch leads with the id's rarest byte instead.
    private let search: ByteSearch?

    init(snippet: String, id: String?) {
        if let id, id.count >= 3, snippet.contains("'\(id)'") || snippet.contains("\"\(id)\"") {
            needle = Array(id.utf8)
        } else if let last = Self.lastQuotedString(in: snippet), last.count >= 3 {
            needle = Array(last.utf8)
        } else {
            needle = []
        }
        search = needle.isEmpty ? nil : ByteSearch(needle)
    }

    /// The offset of the first quoted occurrence that `isInsideBlock` does not rule out.
    func firstOccurrence(in bytes: [UInt8], isInsideBlock: (Int) -> Bool) -> Int? {
        guard let search, bytes.count > needle.count + 2 else { return nil }
        return bytes.withUnsafeBufferPointer { page -> Int? in
            // The needle must have a quote before and after it inside the page.
            var start = 1
            while let offset = search.first(in: page, from: start, end: page.count - 1) {
                start = offset + 1
                let quote = page[offset - 1]
                guard (quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"")) && page[offset + needle.count] == quote else { continue }
                if !isInsideBlock(offset) { return offset }
            }
            return nil
        }
    }

    /// Whether `offset` lies after a begin marker whose block has not ended yet: a cheap look
    /// back over a few hundred bytes for the usual case, a hit inside pixeltag's own block.
    /// False means "not known to be inside"; the caller then checks against the blocks.
    static func followsOpenBlock(_ offset: Int, in bytes: [UInt8]) -> Bool {
        let prefix = Array("<!-- pixeltag:".utf8)
        var index = offset - prefix.count
        let floor = max(0, offset - 4096)
        while index >= floor {
            if bytes[index] == prefix[0], bytes[index..<index + prefix.count].elementsEqual(prefix) {
                return bytes[(index + prefix.count)...].starts(with: Array("begin ".utf8))
            }
            index -= 1
        }
        return false
    }

    /// The content of the last '…' or "…" string in the snippet's script.
    static func lastQuotedString(in snippet: String) -> String? {
        var last: String?
        var quote: Character?
        var current = ""
        for character in snippet {
            if let open = quote {
                if character == open {
                    last = current
                    quote = nil
                } else if character == "\n" {
                    quote = nil
                } else {
                    current.append(character)
                }
            } else if character == "'" || character == "\"" {
                quote = character
                current = ""
            }
        }
        return last
    }
}
