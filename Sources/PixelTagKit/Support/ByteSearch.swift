#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finding a few bytes in a whole page, fast: memchr (vectorized in libc) jumps to each
/// occurrence of one byte of the needle chosen to be rare in HTML, and only there is the
/// rest compared. `<` or `p` would stop the scan at every tag; `x` rarely does.
struct ByteSearch {
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
            guard let hit = memchr(base + index, Int32(anchor), limit - index) else { return nil }
            let candidate = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) - anchorOffset
            if candidate >= start, candidate + needle.count <= limit, (candidate - start) % stride == 0,
               memcmp(base + candidate, needle, needle.count) == 0 {
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
                guard let hit = memchr(base + index, Int32(byte), buffer.count - index) else { break }
                let candidate = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) - anchorOffset
                if candidate >= 0, candidate + needle.count <= buffer.count,
                   needle.indices.allSatisfy({ asciiLower(base[candidate + $0]) == needle[$0] }) {
                    return true
                }
                index = candidate + anchorOffset + 1
            }
        }
        return false
    }
}
