import Foundation

/// inject(page) = splice(strip(page), placements(strip(page))): computing placements on the
/// page without its blocks is what makes a second run change nothing and lets a changed
/// snippet replace its old block.
public struct PageInjector: Sendable {
    public enum Outcome: Sendable, Equatable {
        case unchanged
        case changed([UInt8])
        /// Not a page (empty, binary): left alone, with the reason.
        case skipped(String)
        /// Could not be handled safely: left alone, with the reason.
        case failed(String)
    }

    public let rules: RuleSet?

    /// - Parameter rules: nil strips every block instead of injecting.
    public init(rules: RuleSet?) {
        self.rules = rules
    }

    public func process(_ bytes: [UInt8], path: String) -> Outcome {
        guard !bytes.isEmpty else { return .skipped("empty file") }
        let sniffed = PageEncoding.sniff(bytes).encoding ?? .utf8
        let markers = Markers(encoding: sniffed)
        let found: [Markers.Found]
        do {
            found = try markers.find(in: bytes)
        } catch {
            return .failed("line \(Self.line(of: error.offset, in: bytes)): a pixeltag:begin marker without its end; remove the broken block by hand")
        }
        let stripped = Markers.remove(found, from: bytes)
        // A block cut into another marker (hand edits, merges): taking it out joins the pieces
        // into a new marker, and a second strip would remove bytes no run inserted. Refuse to guess.
        if !found.isEmpty, let joined = markers.markerLeft(in: stripped, afterRemoving: found) {
            return .failed("line \(Self.line(of: joined, in: bytes)): pixeltag blocks are cut into each other; remove them by hand")
        }
        guard let rules else { return found.isEmpty ? .unchanged : .changed(stripped) }
        guard stripped.count <= PageLimits.maxPageBytes else { return .failed(PageLimits.tooLarge(stripped.count)) }
        let plan = rules.plan(for: path)

        let source: PageSource
        switch Result(catching: { () throws(PageSource.Problem) in try PageSource(bytes: stripped) }) {
        case .success(let value): source = value
        case .failure(.empty): return .skipped("empty file")
        case .failure(.binary): return .skipped("not HTML (binary content)")
        case .failure(.unsupportedCharset(let label)):
            return .failed("declares charset \"\(label)\", which pixeltag cannot read; left untouched (save it as UTF-8)")
        }
        if plan.base == nil && plan.events.isEmpty {
            return found.isEmpty ? .unchanged : .changed(stripped)
        }

        let page = PageParser.parse(source, needsTree: plan.needsTree, needsBody: plan.needsBody)
        let placements: [Placement]
        do {
            placements = try PlacementPlanner.placements(for: plan, in: page)
        } catch {
            return .failed(error.message)
        }
        let crlf = source.usesCRLF
        // In the stripped page's encoding: taking blocks out can join bytes into a byte order mark.
        let pageMarkers = source.encoding == sniffed ? markers : Markers(encoding: source.encoding)
        var output: [UInt8] = []
        output.reserveCapacity(stripped.count + placements.count * 256)
        var position = 0
        for placement in placements {
            let offset = placement.mayMoveToLineStart && source.encoding.isASCIICompatible
                ? Self.lineStart(before: placement.offset, in: stripped, notBefore: position) : placement.offset
            let content = crlf ? placement.block.content.replacingLineEndings(with: "\r\n") : placement.block.content
            guard let encoded = source.encode(content) else {
                return .failed("the \(placement.block.kind.label) snippet has characters the page's \(source.encoding.name) cannot hold; left untouched")
            }
            output += stripped[position..<offset]
            output += pageMarkers.render(placement.block, content: encoded, crlf: crlf)
            position = offset
        }
        output += stripped[position...]
        return output == bytes ? .unchanged : .changed(output)
    }

    /// The start of the line holding `offset` when only spaces and tabs precede it there;
    /// otherwise `offset` itself.
    static func lineStart(before offset: Int, in bytes: [UInt8], notBefore floor: Int) -> Int {
        var index = offset
        while index > floor, bytes[index - 1] == 0x20 || bytes[index - 1] == 0x09 { index -= 1 }
        if index == 0 || bytes[index - 1] == 0x0A { return index }
        return offset
    }

    /// The 1-based line of a byte offset, for messages.
    public static func line(of offset: Int, in bytes: [UInt8]) -> Int {
        var line = 1
        for byte in bytes[..<min(offset, bytes.count)] where byte == 0x0A { line += 1 }
        return line
    }
}

extension String {
    func replacingLineEndings(with newline: String) -> String {
        replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: newline)
    }
}
