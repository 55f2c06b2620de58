@testable import PixelTagKit

/// What must hold for any bytes at all, however broken: checked without trusting the code
/// under test to say where its blocks are.
///
/// - inject's output is the page without its old blocks plus whole new blocks, byte for byte
///   as rendered from the lock, and nothing else;
/// - strip(inject(x)) == strip(x), which is x itself when x had no blocks;
/// - inject(inject(x)) == inject(x);
/// - the parser's offsets all lie inside the page.
struct InjectionInvariants {
    let rules: RuleSet
    let injector: PageInjector
    let stripper = PageInjector(rules: nil)
    /// The base and event blocks these rules insert from config rules (annotations and
    /// triggers add others).
    let blocks: [Block]

    init(rules: RuleSet) {
        self.rules = rules
        injector = PageInjector(rules: rules)
        blocks = [rules.base.block] + rules.events.map(\.block)
    }

    /// Problems found with `input`, each one line; empty when all holds.
    func problems(_ input: [UInt8], path: String = "index.html") -> [String] {
        var problems: [String] = []
        let stripped: [UInt8]
        switch stripper.process(input, path: path) {
        case .changed(let bytes): stripped = bytes
        case .unchanged: stripped = input
        case .skipped, .failed:
            // Broken markers: inject must refuse the page too, not guess.
            if case .changed = injector.process(input, path: path) { problems.append("strip refused the page but inject changed it") }
            return problems
        }
        switch stripper.process(stripped, path: path) {
        case .unchanged, .skipped(.empty): break
        default: problems.append("a second strip changed the page")
        }
        problems += parserProblems(stripped)

        let output: [UInt8]
        switch injector.process(input, path: path) {
        case .changed(let bytes): output = bytes
        case .unchanged: output = input
        case .skipped(let why), .failed(let why):
            if why.description.isEmpty { problems.append("a page was skipped or failed without a reason") }
            return problems
        }
        switch stripper.process(output, path: path) {
        case .changed(let bytes) where bytes == stripped: break
        case .unchanged where output == stripped: break
        default: problems.append("strip(inject(x)) != strip(x)")
        }
        if injector.process(output, path: path) != .unchanged { problems.append("a second inject changed the page") }
        if let why = insertionProblem(original: stripped, output: output) { problems.append(why) }
        return problems
    }

    /// Nil when `output` is `original` with whole, well-formed blocks inserted and nothing else.
    /// Blocks are read here without `Markers`: begin text, a label of a known kind with its
    /// `len=`, ` -->`, exactly `len` bytes, the end text and a newline, in the page's encoding.
    func insertionProblem(original: [UInt8], output: [UInt8]) -> String? {
        guard let source = try? PageSource(bytes: original) else {
            return output == original ? nil : "a page that is not HTML was changed"
        }
        let reader = BlockReader(encoding: source.encoding)
        var i = 0, j = 0
        while j < output.count {
            // `original` has no markers (it is stripped), so a block here is one inject added.
            if output[j] == reader.firstByte, let length = reader.blockLength(in: output, at: j) {
                j += length
                continue
            }
            guard i < original.count, original[i] == output[j] else {
                return "output differs from the page at byte \(i) other than by whole blocks"
            }
            i += 1
            j += 1
        }
        return i == original.count ? nil : "output lost the page's bytes from \(i) on"
    }

    /// Offsets outside the page would make the splicer trap, or insert in the wrong place.
    func parserProblems(_ bytes: [UInt8]) -> [String] {
        guard let source = try? PageSource(bytes: bytes) else { return [] }
        var problems: [String] = []
        for (tree, body) in [(true, true), (false, false)] {
            let page = PageParser.parse(source, needsTree: tree, needsBody: body)
            let inside = 0...bytes.count
            let anchors = [page.anchors.headStart, page.anchors.headEnd, page.anchors.bodyStart, page.anchors.bodyEnd]
            if anchors.contains(where: { $0 == nil || !inside.contains($0!.offset) }) {
                problems.append("an anchor is missing or outside the page (tree \(tree), body \(body))")
            }
            for element in page.elements {
                let offsets = [element.startTag.lowerBound, element.startTag.upperBound, element.contentEnd, element.outerEnd]
                    + [element.endTag?.lowerBound, element.endTag?.upperBound].compactMap { $0 }
                if offsets.contains(where: { !inside.contains($0) }) || element.contentEnd > element.outerEnd {
                    problems.append("element <\(element.name)> has offsets outside the page or out of order")
                    break
                }
            }
        }
        return problems
    }
}
