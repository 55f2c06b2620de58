/// Validates UTF-8, and replaces what is not UTF-8 with U+FFFD while remembering where each
/// byte came from. libxml2 would otherwise switch the whole page to Latin-1 on the first bad
/// byte, and its cursor would stop matching the file.
///
/// NUL counts as not UTF-8 here: libxml2 2.9 takes it for the end of the input and reports
/// nothing after it, where a browser reads on (replacing it with U+FFFD).
enum UTF8Repair {
    /// Whether the bytes from `start` up to `end` (a sequence may run past it) are UTF-8
    /// without NUL.
    static func isValid(_ bytes: [UInt8], from start: Int, upTo end: Int = .max) -> Bool {
        bytes.withUnsafeBufferPointer { isValid($0, from: start, upTo: end) }
    }

    static func isValid(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int = 0, upTo end: Int = .max) -> Bool {
        var index = start
        let end = min(end, buffer.count)
        guard let base = buffer.baseAddress else { return true }
        while index < end {
            // Most of a page is ASCII: eight bytes at a time while no byte has its high
            // bit set and none is NUL (which `sequenceWidth` refuses).
            while index + 8 <= buffer.count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                let hasHighBit = word & 0x8080_8080_8080_8080 != 0
                let hasZero = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 != 0
                if hasHighBit || hasZero { break }
                index += 8
            }
            guard index < end else { break }
            let width = sequenceWidth(buffer, at: index)
            if width == 0 { return false }
            index += width
        }
        return true
    }

    static func repair(_ bytes: [UInt8], from start: Int) -> ([UInt8], [Int32]) {
        var out: [UInt8] = []
        var map: [Int32] = []
        out.reserveCapacity(bytes.count + 16)
        map.reserveCapacity(bytes.count + 16)
        bytes.withUnsafeBufferPointer { buffer in
            var index = start
            while index < buffer.count {
                let width = sequenceWidth(buffer, at: index)
                if width == 0 {
                    out += [0xEF, 0xBF, 0xBD]
                    map += [Int32(index), Int32(index), Int32(index)]
                    index += 1
                } else {
                    for offset in 0..<width {
                        out.append(buffer[index + offset])
                        map.append(Int32(index + offset))
                    }
                    index += width
                }
            }
        }
        map.append(Int32(bytes.count))
        return (out, map)
    }

    /// The length of the valid UTF-8 sequence at `index`, or 0 when it is not one.
    @inline(__always)
    private static func sequenceWidth(_ buffer: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lead = buffer[index]
        if lead < 0x80 { return lead == 0 ? 0 : 1 }
        func continuation(_ i: Int) -> Bool { i < buffer.count && buffer[i] & 0xC0 == 0x80 }
        switch lead {
        case 0xC2...0xDF:
            return continuation(index + 1) ? 2 : 0
        case 0xE0...0xEF:
            guard continuation(index + 1), continuation(index + 2) else { return 0 }
            let second = buffer[index + 1]
            if lead == 0xE0 && second < 0xA0 { return 0 } // overlong
            if lead == 0xED && second > 0x9F { return 0 } // surrogate
            return 3
        case 0xF0...0xF4:
            guard continuation(index + 1), continuation(index + 2), continuation(index + 3) else { return 0 }
            let second = buffer[index + 1]
            if lead == 0xF0 && second < 0x90 { return 0 }
            if lead == 0xF4 && second > 0x8F { return 0 }
            return 4
        default:
            return 0
        }
    }
}
