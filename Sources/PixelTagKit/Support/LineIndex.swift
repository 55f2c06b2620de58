/// 1-based line numbers of byte offsets in a page, for messages: the newlines are found once
/// (with memchr) and each lookup is a binary search.
struct LineIndex {
    private var newlines: [Int] = []

    init(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            while let offset = memchrIndex(buffer, 0x0A, from: index, before: buffer.count) {
                newlines.append(offset)
                index = offset + 1
            }
        }
    }

    /// The line holding `offset`: one more than the newlines before it.
    func line(of offset: Int) -> Int {
        var low = 0, high = newlines.count
        while low < high {
            let middle = (low + high) / 2
            if newlines[middle] < offset { low = middle + 1 } else { high = middle }
        }
        return low + 1
    }

    /// The 1-based column (in bytes) of `offset` on its line.
    func column(of offset: Int) -> Int {
        let line = line(of: offset)
        return offset - (line > 1 ? newlines[line - 2] + 1 : 0) + 1
    }
}
