/// The byte layer: the one place that finds bytes in a page with libc's vectorized memchr
/// and compares them with memcmp (both in Platform.swift, called from here only).
///
/// Finding a few bytes in a whole page, fast: memchr jumps to each occurrence of one byte of
/// the needle chosen to be rare in HTML, and only there is the rest compared. `<` or `p`
/// would stop the scan at every tag; `x` rarely does.
struct ByteSearch: Sendable {
    let needle: [UInt8]
    /// The needle's byte memchr looks for, and where it sits in the needle.
    private let anchor: UInt8
    private let anchorOffset: Int

    /// Letters, digits and `-` from rarest to commonest in real pages (counted over
    /// ../shared/corpus); other bytes rank last.
    private static let rarity = Array("ZQXJKVGWYzNHURBIjOF7MLPq9365AETS428CD1xkw0yfgvuhbmpd-cronlitsae".utf8)

    init(_ needle: [UInt8]) {
        precondition(!needle.isEmpty)
        self.needle = needle
        let rank: (UInt8) -> Int = { byte in Self.rarity.firstIndex(of: byte) ?? Self.rarity.count }
        anchorOffset = needle.indices.min { rank(needle[$0]) < rank(needle[$1]) }!
        anchor = needle[anchorOffset]
    }

    /// The first offset at or after `start` where the needle begins, stopping before `end`
    /// (the needle must fit before it), stepping by `stride` bytes (2 for UTF-16 text).
    func first(in buffer: UnsafeBufferPointer<UInt8>, from start: Int = 0, end: Int? = nil, stride: Int = 1) -> Int? {
        guard let base = buffer.baseAddress else { return nil }
        let limit = min(end ?? buffer.count, buffer.count)
        var index = start + anchorOffset
        while index < limit {
            guard let hit = Self.libcFirst(anchor, in: base, from: index, before: limit) else { return nil }
            let candidate = hit - anchorOffset
            if candidate >= start, candidate + needle.count <= limit, (candidate - start) % stride == 0,
               Self.libcEqual(base + candidate, needle, count: needle.count) {
                return candidate
            }
            index = candidate + anchorOffset + 1
        }
        return nil
    }

    /// Whether the needle (lowercase) occurs in any mix of ASCII case, without a lowercased
    /// copy of the page: memchr for each case of the anchor byte, then a folded compare.
    func occursIgnoringCase(in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = buffer.baseAddress else { return false }
        let anchors = isASCIILetter(anchor) ? [anchor, anchor ^ 0x20] : [anchor]
        for byte in anchors {
            var index = anchorOffset
            while index < buffer.count {
                guard let hit = Self.libcFirst(byte, in: base, from: index, before: buffer.count) else { break }
                let candidate = hit - anchorOffset
                if candidate >= 0, candidate + needle.count <= buffer.count,
                   needle.indices.allSatisfy({ asciiLower(base[candidate + $0]) == needle[$0] }) {
                    return true
                }
                index = candidate + anchorOffset + 1
            }
        }
        return false
    }

    /// Whether `bytes[offset...]` starts with the `count` bytes at `other`; false when they
    /// do not fit.
    @inline(__always)
    static func bytes(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int, equal other: UnsafeRawPointer, count: Int) -> Bool {
        guard offset >= 0, offset + count <= bytes.count, let base = bytes.baseAddress else { return false }
        return count == 0 || libcEqual(base + offset, other, count: count)
    }
}

/// The offset of the first `byte` in `bytes[start..<limit]`, found by libc's vectorized memchr.
@inline(__always)
func memchrIndex(_ bytes: UnsafeBufferPointer<UInt8>, _ byte: UInt8, from start: Int, before limit: Int) -> Int? {
    guard let base = bytes.baseAddress else { return nil }
    return ByteSearch.libcFirst(byte, in: base, from: start, before: limit)
}

// Byte classes every stage reads bytes by (selectors, the config's names, the tokenizer).

@inline(__always) func asciiLower(_ byte: UInt8) -> UInt8 {
    byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
}

@inline(__always) func isASCIILetter(_ byte: UInt8) -> Bool {
    let lower = byte | 0x20
    return lower >= 0x61 && lower <= 0x7A
}

@inline(__always) func isHTMLSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
}
