/// Checks one page: it passes when `pixeltag inject` would not change it and it has no
/// hand-pasted copy of the code.
///
/// The verdict is built on `PageInjector`'s own output, so verify follows every rule inject
/// follows: the blocks the page has are compared with the blocks inject would leave, by kind,
/// bytes and place in the page without its blocks. Only pages inject would change are
/// compared, so an up-to-date page costs what inject costs, plus one search per block kind.
public struct PageVerifier: Sendable {
    public let rules: RuleSet
    let injector: PageInjector
    let lockEventIDs: Set<String>
    let pasted: [Block.Kind: HandPastedCode]

    public init(rules: RuleSet, lock: LockFile) {
        self.rules = rules
        injector = PageInjector(rules: rules)
        lockEventIDs = Set(lock.events.map(\.id))
        var pasted: [Block.Kind: HandPastedCode] = [.base: HandPastedCode(snippet: lock.baseCode.codeSnippet, id: lock.baseCode.tgPixelId)]
        for event in lock.events {
            pasted[.event(id: event.id)] = HandPastedCode(snippet: event.codeSnippet, id: event.tgEventId)
        }
        self.pasted = pasted
    }

    public func verify(_ bytes: [UInt8], path: String) -> PageVerdict {
        // inject's own two steps: where the blocks go, then the spliced page.
        let expected: [UInt8]
        var placements: [Placement] = []
        var preparedPlan: RuleSet.PagePlan?
        let outcome: PageInjector.Outcome
        switch injector.prepare(bytes, path: path) {
        case .done(let done):
            outcome = done
        case .unplaceable(_, let message):
            outcome = .failed(message)
        case .ready(let prepared):
            placements = prepared.placements
            preparedPlan = prepared.plan
            outcome = injector.splice(prepared, original: bytes)
        }
        switch outcome {
        case .skipped(let reason): return PageVerdict(path: path, status: .skipped, message: reason)
        case .failed(let reason): return PageVerdict(path: path, status: .error, message: reason)
        case .unchanged where placements.isEmpty: return PageVerdict(path: path, status: .passed)
        case .unchanged: expected = bytes
        case .changed(let output): expected = output
        }
        let encoding = PageEncoding.sniff(bytes).encoding ?? .utf8
        let markers = Markers(encoding: encoding)
        // Found once, and only when needed: an up-to-date page without hand-pasted code never
        // needs its blocks listed. inject found them already, or it would have failed.
        var presentBlocks: [Markers.Found]?
        func present() -> [Markers.Found] {
            if presentBlocks == nil { presentBlocks = (try? markers.find(in: bytes)) ?? [] }
            return presentBlocks!
        }
        var wantedBlocks: [Markers.Found]?
        func wanted() -> [Markers.Found] {
            if wantedBlocks == nil { wantedBlocks = expected == bytes ? present() : (try? markers.find(in: expected)) ?? [] }
            return wantedBlocks!
        }
        var lines: LineIndex?
        func line(_ offset: Int) -> Int {
            if lines == nil { lines = LineIndex(bytes) }
            return lines!.line(of: offset)
        }
        let plan = preparedPlan ?? rules.plan(for: path)
        var findings: [Finding] = []
        var handPasted: Set<Block.Kind> = []
        if encoding.isASCIICompatible {
            // Only what inject adds can be added twice.
            for kind in Self.kinds(of: placements) {
                guard let code = pasted[kind], let offset = code.firstOccurrence(in: bytes, isInsideBlock: { offset in
                    HandPastedCode.followsOpenBlock(offset, in: bytes) || present().contains { $0.range.contains(offset) }
                }) else { continue }
                handPasted.insert(kind)
                let already = present().contains { $0.kind == kind }
                findings.append(Finding(kind: .unmarked, subject: kind.subject, event: kind.eventID, line: line(offset),
                                        message: Self.unmarkedMessage(kind, alreadyInjected: already, plan: plan)))
            }
        }
        if expected != bytes {
            var comparison = BlockComparison(
                page: bytes, present: present(), expected: expected, wanted: wanted(), origins: placements.map(\.origin),
                plan: plan, lockEventIDs: lockEventIDs, explained: handPasted, line: line
            )
            findings += comparison.findings()
        }
        findings.sort { ($0.line ?? 0, $0.kind.rank) < ($1.line ?? 0, $1.kind.rank) }
        return PageVerdict(path: path, status: findings.isEmpty ? .passed : .failed, findings: findings)
    }

    /// The kinds of block inject puts in a page, each once.
    static func kinds(of placements: [Placement]) -> [Block.Kind] {
        var seen: Set<Block.Kind> = []
        return placements.map(\.block.kind).filter { seen.insert($0).inserted }
    }

    static func unmarkedMessage(_ kind: Block.Kind, alreadyInjected: Bool, plan: RuleSet.PagePlan) -> String {
        let exclude = kind == .base
            ? "add the page to base.exclude"
            : plan.events.first { $0.block.kind == kind }.map { "take the page out of the rule at \($0.origin)" } ?? "remove its annotation"
        if alreadyInjected {
            return "\(kind.phrase) is here without pixeltag markers (pasted by hand?) as well as in pixeltag's block, so it runs twice; remove the hand-pasted copy from the page's source, or \(exclude)"
        }
        return "\(kind.phrase) is here without pixeltag markers (pasted by hand?), and `pixeltag inject` would add it a second time; remove it from the page's source and let inject add it, or \(exclude)"
    }
}
