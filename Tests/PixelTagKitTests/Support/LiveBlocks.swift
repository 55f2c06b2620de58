import Foundation
@testable import PixelTagKit

/// Whether the blocks of an injected page run, seen from the page as a browser gets it: each
/// block's `<script>` must be an HTML `<script>` element of the tree built from the injected
/// bytes (not text of another element, not `<template>` content, not SVG or MathML).
///
/// This parses the output, independently of the checks inject made on its input.
enum LiveBlocks {
    /// The blocks whose script would not run, each as "line N: LABEL"; empty when all run.
    static func dead(in output: [UInt8]) -> [String] {
        guard let source = try? PageSource(bytes: output), source.encoding.isASCIICompatible else { return [] }
        let page = PageParser.parse(source)
        let inTree = Set(page.treeOrder)
        let scripts = Set(page.elements.indices.filter { index in
            let element = page.elements[index]
            return element.name == "script" && !element.isForeign && !element.isImplied && inTree.contains(index)
        }.map { page.elements[$0].startTag.lowerBound })
        let lines = LineIndex(output)
        var dead: [String] = []
        let begin = Array("<!-- pixeltag:begin ".utf8), script = Array("<script".utf8)
        var index = 0
        while let start = output.firstRange(of: begin, from: index) {
            index = start + begin.count
            let label = String(decoding: output[index...].prefix { $0 != UInt8(ascii: " ") }, as: UTF8.self)
            guard let tag = output.firstRange(of: script, from: index), !scripts.contains(tag) else { continue }
            dead.append("line \(lines.line(of: start)): \(label)")
        }
        return dead
    }
}

extension Array where Element == UInt8 {
    /// The offset of the first occurrence of `pattern` at or after `from`.
    func firstRange(of pattern: [UInt8], from: Int) -> Int? {
        guard pattern.count <= count else { return nil }
        var index = from
        while index + pattern.count <= count {
            if self[index] == pattern[0] && self[index..<index + pattern.count].elementsEqual(pattern) { return index }
            index += 1
        }
        return nil
    }
}
