/// A unified diff of two versions of a page, for `--dry-run --diff`. Myers' algorithm over
/// lines: pixeltag's changes are a few inserted blocks, so the edit distance is small and
/// the diff is fast even on large pages.
package enum UnifiedDiff {
    package static func render(_ old: [UInt8], _ new: [UInt8], path: String, context: Int = 3) -> String {
        let a = lines(old), b = lines(new)
        let edits = diff(a, b)
        var out = "--- a/\(path)\n+++ b/\(path)\n"
        var index = 0
        while index < edits.count {
            guard edits[index].kind != .same else { index += 1; continue }
            var start = index
            var context0 = 0
            while start > 0 && edits[start - 1].kind == .same && context0 < context { start -= 1; context0 += 1 }
            var end = index
            var trailing = 0
            while end < edits.count {
                if edits[end].kind == .same {
                    trailing += 1
                    if trailing > context * 2 { break }
                } else {
                    trailing = 0
                }
                end += 1
            }
            end = min(edits.count, end - max(0, trailing - context))
            let hunk = edits[start..<end]
            let oldStart = (hunk.first?.oldLine ?? 0) + 1, newStart = (hunk.first?.newLine ?? 0) + 1
            let oldCount = hunk.filter { $0.kind != .insert }.count, newCount = hunk.filter { $0.kind != .delete }.count
            out += "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n"
            for edit in hunk {
                let text = edit.kind == .insert ? b[edit.newLine] : a[edit.oldLine]
                let sign = edit.kind == .same ? " " : edit.kind == .insert ? "+" : "-"
                // By its last byte: a CRLF line's last Character is "\r\n", never "\n".
                out += sign + text + (text.utf8.last == 0x0A ? "" : "\n\\ No newline at end of file\n")
            }
            index = end
        }
        return out
    }

    struct Edit {
        enum Kind { case same, insert, delete }
        var kind: Kind
        var oldLine: Int
        var newLine: Int
    }

    static func lines(_ bytes: [UInt8]) -> [String] {
        var result: [String] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            result.append(String(decoding: bytes[start...index], as: UTF8.self))
            start = index + 1
        }
        if start < bytes.count { result.append(String(decoding: bytes[start...], as: UTF8.self)) }
        return result
    }

    static func diff(_ a: [String], _ b: [String]) -> [Edit] {
        let n = a.count, m = b.count, max = n + m
        var v = [Int](repeating: 0, count: 2 * max + 2)
        var trace: [[Int]] = []
        outer: for d in 0...max {
            trace.append(v)
            for k in stride(from: -d, through: d, by: 2) {
                var x = (k == -d || (k != d && v[max + k - 1] < v[max + k + 1])) ? v[max + k + 1] : v[max + k - 1] + 1
                var y = x - k
                while x < n && y < m && a[x] == b[y] { x += 1; y += 1 }
                v[max + k] = x
                if x >= n && y >= m { break outer }
            }
        }
        var edits: [Edit] = []
        var x = n, y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let v = trace[d]
            let k = x - y
            let previousK = (k == -d || (k != d && v[max + k - 1] < v[max + k + 1])) ? k + 1 : k - 1
            let previousX = d == 0 ? 0 : v[max + previousK]
            let previousY = previousX - previousK
            while x > previousX && y > previousY { x -= 1; y -= 1; edits.append(Edit(kind: .same, oldLine: x, newLine: y)) }
            if d > 0 {
                if x == previousX { y -= 1; edits.append(Edit(kind: .insert, oldLine: x, newLine: y)) }
                else { x -= 1; edits.append(Edit(kind: .delete, oldLine: x, newLine: y)) }
            }
        }
        return edits.reversed()
    }
}
