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

    /// A page worked out but not yet rewritten: what `inject` would do, and what `explain`
    /// shows.
    public struct Prepared: Sendable {
        /// The page without any pixeltag block.
        public var stripped: [UInt8]
        public var source: PageSource
        public var plan: RuleSet.PagePlan
        public var page: Page
        public var placements: [Placement]
    }

    public enum Preparation: Sendable {
        case ready(Prepared)
        case done(Outcome)
        /// The page was read, but its blocks cannot all be placed (the message says why, as
        /// `Outcome.failed`); `explain` still shows what the rules found in it.
        case unplaceable(Prepared, String)
    }

    public func process(_ bytes: [UInt8], path: String) -> Outcome {
        switch prepare(bytes, path: path) {
        case .done(let outcome): return outcome
        case .ready(let prepared): return splice(prepared, original: bytes)
        case .unplaceable(_, let message): return .failed(message)
        }
    }

    public func prepare(_ bytes: [UInt8], path: String) -> Preparation {
        guard !bytes.isEmpty else { return .done(.skipped("empty file")) }
        let sniff = PageEncoding.sniff(bytes)
        let sniffed = sniff.encoding ?? .utf8
        let markers = Markers(encoding: sniffed)
        // Markers and annotations both spell "pixeltag": one search of a page that has neither
        // (most pages, on a first run) saves looking for each.
        let mentionsPixeltag = !sniffed.isASCIICompatible || Annotations.mayOccur(in: bytes)
        let found: [Markers.Found]
        do {
            found = mentionsPixeltag ? try markers.find(in: bytes) : []
        } catch {
            return .done(.failed("line \(Self.line(of: error.offset, in: bytes)): a pixeltag:begin marker without its end; remove the broken block by hand"))
        }
        let stripped = Markers.remove(found, from: bytes)
        // A block cut into another marker (hand edits, merges): taking it out joins the pieces
        // into a new marker, and a second strip would remove bytes no run inserted. Refuse to guess.
        if !found.isEmpty, let joined = markers.markerLeft(in: stripped, afterRemoving: found) {
            return .done(.failed("line \(Self.line(of: joined, in: bytes)): pixeltag blocks are cut into each other; remove them by hand"))
        }
        guard let rules else { return .done(found.isEmpty ? .unchanged : .changed(stripped)) }
        guard stripped.count <= PageLimits.maxPageBytes else { return .done(.failed(PageLimits.tooLarge(stripped.count))) }
        var plan = rules.plan(for: path)
        plan.annotations = sniffed.isASCIICompatible
            ? mentionsPixeltag && (found.isEmpty || Annotations.mayOccur(in: stripped))
            : Annotations.mayOccur(in: stripped)
        if plan.base == nil && (plan.annotations || !plan.eventsWithoutBase.isEmpty),
           let pasted = rules.pastedBase.firstOccurrence(in: stripped, isInsideBlock: { _ in false }) {
            // The page defines tgp itself: its events can go after that code.
            plan.pastedBase = pasted
            plan.events = plan.eventsWithoutBase
            plan.eventsWithoutBase = []
        }

        var source: PageSource
        // Without blocks taken out, the page is the one already sniffed.
        let sniffStripped = found.isEmpty ? sniff : PageEncoding.sniff(stripped)
        switch Result(catching: { () throws(PageSource.Problem) in try PageSource(bytes: stripped, sniffed: sniffStripped) }) {
        case .success(let value): source = value
        case .failure(.empty): return .done(.skipped("empty file"))
        case .failure(.binary): return .done(.skipped("not HTML (binary content)"))
        case .failure(.unsupportedCharset(let label)):
            return .done(.failed(Self.refusal(label)))
        }
        if source.encoding.isASCIICompatible {
            // A rule whose selector cannot match this page places nothing: without it the
            // page may need far less parsing (only its head, for the base code).
            plan.events.removeAll { rule in rule.prefilter.map { !$0.mayMatch(stripped) } ?? false }
        }
        if plan.base == nil && plan.events.isEmpty && !plan.annotations {
            return .done(found.isEmpty ? .unchanged : .changed(stripped))
        }

        let page = PageParser.parse(source, needsTree: plan.needsTree, needsBody: plan.needsBody, attributes: rules.attributeNames)
        // A `<meta>` past the first 1024 bytes declared the encoding, as a browser finds.
        switch page.lateEncoding {
        case .refused(let label, _)?:
            return .done(.failed(Self.refusal(label)))
        case .encoding(let declared)? where declared != source.encoding:
            guard let redone = try? PageSource(bytes: stripped, sniffed: .init(encoding: declared)) else { break }
            source = redone
        default:
            break
        }
        var lines: LineIndex?
        func locate(_ offset: Int) -> String {
            if lines == nil { lines = LineIndex(stripped) }
            return "line \(lines!.line(of: offset)):\(lines!.column(of: offset))"
        }
        var prepared = Prepared(stripped: stripped, source: source, plan: plan, page: page, placements: [])
        do {
            prepared.placements = try PlacementPlanner.placements(for: plan, in: page, rules: rules, locate: locate)
            return .ready(prepared)
        } catch {
            let prefix = error.offset.map { error.showsColumn ? locate($0) + ": " : "line \(Self.line(of: $0, in: stripped)): " } ?? ""
            return .unplaceable(prepared, prefix + error.message)
        }
    }

    static func refusal(_ label: String) -> String {
        "declares charset \"\(label)\", \(PageEncoding.whyRefused(label)); left untouched (save it as UTF-8, or list it in pages.exclude)"
    }

    /// The stripped page with every block inserted at its place.
    func splice(_ prepared: Prepared, original bytes: [UInt8]) -> Outcome {
        let stripped = prepared.stripped, source = prepared.source
        let markers = Markers(encoding: source.encoding)
        let crlf = source.usesCRLF
        var output: [UInt8] = []
        output.reserveCapacity(stripped.count + prepared.placements.count * 256)
        var position = 0
        for placement in prepared.placements {
            let offset = placement.mayMoveToLineStart && source.encoding.isASCIICompatible
                ? Self.lineStart(before: placement.offset, in: stripped, notBefore: position) : placement.offset
            let block = placement.block
            let encoded: [UInt8]?
            if source.encoding == .utf8 && !crlf {
                encoded = block.utf8
            } else {
                encoded = source.encode(crlf ? block.content.replacingLineEndings(with: "\r\n") : block.content)
            }
            guard let encoded else {
                return .failed("the \(placement.block.kind.label) snippet has characters the page's \(source.encoding.name) cannot hold; left untouched")
            }
            output += stripped[position..<offset]
            output += markers.render(placement.block, content: encoded, crlf: crlf)
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
        LineIndex(bytes).line(of: offset)
    }
}

extension String {
    func replacingLineEndings(with newline: String) -> String {
        replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: newline)
    }
}
