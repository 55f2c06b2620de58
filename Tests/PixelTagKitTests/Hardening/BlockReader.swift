@testable import PixelTagKit

/// Reads one pixeltag block from a page's bytes on its own, without `Markers`, so the fuzz
/// test does not take the code under test's word for where blocks are.
struct BlockReader {
    let begin: [UInt8], close: [UInt8], end: [UInt8], lf: [UInt8], crlf: [UInt8]
    let width: Int
    let bigEndian: Bool

    init(encoding: PageEncoding) {
        width = encoding.isASCIICompatible ? 1 : 2
        bigEndian = encoding == .utf16BigEndian
        func ascii(_ text: String) -> [UInt8] {
            let bytes = Array(text.utf8)
            guard !encoding.isASCIICompatible else { return bytes }
            return bytes.flatMap { encoding == .utf16BigEndian ? [0, $0] : [$0, 0] }
        }
        begin = ascii("<!-- pixeltag:begin ")
        close = ascii(" -->")
        end = ascii("<!-- pixeltag:end -->")
        lf = ascii("\n")
        crlf = ascii("\r\n")
    }

    var firstByte: UInt8 { begin[0] }

    /// The length of the block starting at `start`, its final newline included; nil when
    /// no well-formed block starts there.
    func blockLength(in bytes: [UInt8], at start: Int) -> Int? {
        guard bytes[start...].starts(with: begin) else { return nil }
        let labelStart = start + begin.count
        var closeAt = labelStart
        while !bytes[closeAt...].starts(with: close) {
            closeAt += width
            guard closeAt + close.count <= bytes.count, closeAt - labelStart < 20_000 else { return nil }
        }
        var label: [UInt8] = []
        var index = labelStart
        while index < closeAt {
            label.append(width == 1 ? bytes[index] : bytes[index + (bigEndian ? 1 : 0)])
            index += width
        }
        let fields = String(decoding: label, as: UTF8.self).split(separator: " ")
        guard let kind = fields.first, kind == "base" || kind.hasPrefix("event=") || kind.hasPrefix("triggers"),
              let lengthField = fields.first(where: { $0.hasPrefix("len=") }), let length = Int(lengthField.dropFirst(4)),
              length >= 0, length <= bytes.count else { return nil }
        let endAt = closeAt + close.count + length
        guard endAt + end.count <= bytes.count, bytes[endAt...].starts(with: end) else { return nil }
        let after = endAt + end.count
        if bytes[after...].starts(with: crlf) { return after + crlf.count - start }
        if bytes[after...].starts(with: lf) { return after + lf.count - start }
        return nil
    }
}
