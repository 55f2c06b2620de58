#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the base code or an event's snippet in a page outside pixeltag's blocks: pasted by
/// hand into a template, it would run next to the copy inject adds.
///
/// Pasted code is rarely byte-identical (quotes, spacing, line breaks change), so the search
/// is for its distinctive core: the id the snippet passes to the pixel (`tg_pixel_id`,
/// `tg_event_id`, else the snippet's last quoted string, e.g. `'tge_Pq81xZ'`), in quotes.
struct HandPastedCode: Sendable {
    /// The id, without its quotes; empty when the snippet has nothing distinctive.
    let needle: [UInt8]

    init(snippet: String, id: String?) {
        if let id, id.count >= 3, snippet.contains("'\(id)'") || snippet.contains("\"\(id)\"") {
            needle = Array(id.utf8)
        } else if let last = Self.lastQuotedString(in: snippet), last.count >= 3 {
            needle = Array(last.utf8)
        } else {
            needle = []
        }
    }

    /// The offset of the first quoted occurrence outside `blocks` (the page's pixeltag blocks,
    /// in order), or nil.
    func firstOccurrence(in bytes: [UInt8], outside blocks: [Range<Int>]) -> Int? {
        guard !needle.isEmpty, bytes.count > needle.count + 2 else { return nil }
        return bytes.withUnsafeBufferPointer { page -> Int? in
            needle.withUnsafeBufferPointer { pattern -> Int? in
                guard let base = page.baseAddress, let wanted = pattern.baseAddress else { return nil }
                // memchr for the first byte, then compare: memmem is not in Glibc's module.
                var start = 1
                let last = page.count - pattern.count - 1
                while start <= last, let hit = memchr(base + start, Int32(pattern[0]), last - start + 1) {
                    let offset = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    start = offset + 1
                    guard memcmp(base + offset, wanted, pattern.count) == 0 else { continue }
                    let quote = page[offset - 1]
                    guard (quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"")) && page[offset + pattern.count] == quote else { continue }
                    if !blocks.contains(where: { $0.contains(offset) }) { return offset }
                }
                return nil
            }
        }
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
