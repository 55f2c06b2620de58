/// Checks one page: it passes when `pixeltag inject` would not change it and it has no
/// hand-pasted copy of the code.
///
/// The verdict is built on `PageInjector`'s own output, so verify follows every rule inject
/// follows: the blocks the page has are compared with the blocks inject would leave, by kind,
/// bytes and place in the page without its blocks. Only pages inject would change are
/// compared, so an up-to-date page costs what inject costs, plus one search per block kind.
package struct PageVerifier: Sendable {
    package let rules: RuleSet
    let injector: PageInjector
    let lockEventIDs: Set<String>
    /// Every kind of block a page could carry a hand-pasted copy of: the base code, then the
    /// lock's events.
    let pastedKinds: [Block.Kind]
    /// When every snippet calls `tgp`, a page with no `tgp` outside pixeltag's blocks has no
    /// pasted copy, and one search rules the others out.
    let pixelCall: ByteSearch?
    /// The page's Content-Security-Policies against the blocks inject leaves on it.
    var csp: PageCSPCheck

    package init(rules: RuleSet, lock: LockFile) {
        self.rules = rules
        injector = PageInjector(rules: rules)
        lockEventIDs = Set(lock.events.map(\.id))
        pastedKinds = [.base] + lock.events.map { .event(id: $0.id) }
        let snippets = [lock.baseCode.codeSnippet] + lock.events.map(\.codeSnippet)
        pixelCall = snippets.allSatisfy { $0.contains("tgp") } ? ByteSearch(Array("tgp".utf8)) : nil
        csp = PageCSPCheck(loaderURLs: PixelSources.urls(in: lock.baseCode.codeSnippet))
    }

    /// The headers file of `csp.headers`, whose policies every page is checked against
    /// besides its own `<meta>` one; `name` is its path as people see it.
    package mutating func checkPolicies(of headers: HeadersFile, named name: String) {
        csp.headers = headers
        csp.headersName = name
    }

    package func verify(_ bytes: [UInt8], path: String) -> PageVerdict {
        verifyReviewing(bytes, path: path).verdict
    }

    /// The verdict, and what inject's run on the page did with the rules (for the run's report
    /// of rules that placed nothing).
    package func verifyReviewing(_ bytes: [UInt8], path: String) -> (verdict: PageVerdict, review: PageInjector.Review) {
        // inject's own two steps: where the blocks go, then the spliced page.
        let expected: [UInt8]
        var placements: [Placement] = []
        var ready: PageInjector.Prepared?
        let outcome: PageInjector.Outcome
        let (preparation, review) = injector.prepareReviewing(bytes, path: path)
        switch preparation {
        case .done(let done):
            outcome = done
        case .unplaceable(_, let problem):
            outcome = .failed(problem)
        case .ready(let prepared):
            placements = prepared.placements
            ready = prepared
            outcome = injector.splice(prepared, original: bytes)
        }
        // Code pasted by hand is verify's own finding (`unmarked`), not a warning.
        let warnings = review.notices.filter { $0.kind != .unmarked }
        switch outcome {
        case .skipped(let problem): return (PageVerdict(path: path, status: .skipped, message: problem.description), review)
        case .failed(let problem): return (PageVerdict(path: path, status: .error, message: problem.description), review)
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
        let plan = ready?.plan ?? rules.plan(for: path)
        var findings: [Finding] = []
        var handPasted: Set<Block.Kind> = []
        if encoding.isASCIICompatible && mayHavePastedCode(bytes, present: present) {
            // Any pixel call outside pixeltag's blocks: one inject also places runs twice, one
            // no rule places runs where no rule wants it.
            let placed = Set(placements.map(\.block.kind))
            for kind in pastedKinds {
                guard let code = rules.pastedCode[kind], let offset = code.firstOccurrence(in: bytes, isInsideBlock: { offset in
                    HandPastedCode.followsOpenBlock(offset, in: bytes) || present().contains { $0.range.contains(offset) }
                }) else { continue }
                handPasted.insert(kind)
                let message = placed.contains(kind)
                    ? Self.unmarkedMessage(kind, alreadyInjected: present().contains { $0.kind == kind }, placements: placements)
                    : unownedMessage(kind, path: path)
                findings.append(Finding(kind: .unmarked, subject: kind.subject, event: kind.eventID, line: line(offset), message: message))
            }
        }
        if expected != bytes {
            let inert = inertBlocks(present(), in: bytes, prepared: ready, plan: plan, line: line)
            var comparison = BlockComparison(
                page: bytes, present: present(), expected: expected, wanted: wanted(), origins: placements.map(\.origin),
                plan: plan, rules: rules, path: path, lockEventIDs: lockEventIDs, explained: handPasted, inert: inert, line: line
            )
            findings += comparison.findings()
        }
        // What inject leaves, checked against the policies: on a page it would change, the
        // lines are those of the injected page.
        if expected == bytes {
            findings += csp.findings(in: bytes, path: path, line: line)
        } else {
            let injectedLines = LineIndex(expected)
            findings += csp.findings(in: expected, path: path, line: { injectedLines.line(of: $0) })
        }
        findings.sort { ($0.line ?? 0, $0.kind.rank) < ($1.line ?? 0, $1.kind.rank) }
        return (PageVerdict(path: path, status: findings.isEmpty ? .passed : .failed, findings: findings, warnings: warnings), review)
    }

    /// The page's blocks a browser would not run, by their index among the page's blocks,
    /// each with why: inside an element whose content is no place for a script (found in the
    /// page without its blocks, where inject looks), or an event with nothing on the page
    /// to define `tgp`. Asked only of a page inject would change.
    func inertBlocks(_ blocks: [Markers.Found], in bytes: [UInt8], prepared: PageInjector.Prepared?, plan: RuleSet.PagePlan,
                     line: (Int) -> Int) -> [Int: String] {
        guard !blocks.isEmpty else { return [:] }
        let located = BlockComparison.locate(blocks)
        var inert: [Int: String] = [:]
        // The page without its blocks, parsed with its tree (inject may not have needed one).
        var page = prepared?.page
        if page?.elements.isEmpty ?? true {
            let stripped = prepared?.stripped ?? Markers.remove(blocks, from: bytes)
            let source = prepared?.source ?? (try? PageSource(bytes: stripped))
            page = source.map { PageParser.parse($0, needsTree: true, needsBody: true, attributes: []) }
        }
        if let page {
            let places = LivePlaces(page: page)
            for block in located {
                guard let context = places.inert(at: block.strippedOffset) else { continue }
                // The element's own place in the page as it is, blocks included.
                let start = context.elementStart + located.filter { $0.strippedOffset <= context.elementStart }.reduce(0) { $0 + $1.found.range.count }
                inert[block.index] = "inside <\(context.element)> at line \(line(start)): \(context.explanation)"
            }
        }
        // An event's call needs the base code's tgp, from pixeltag's block or a pasted copy.
        let hasBase = located.contains { $0.found.kind == .base && inert[$0.index] == nil }
            || rules.pastedCode[.base]?.firstOccurrence(in: bytes, isInsideBlock: { offset in blocks.contains { $0.range.contains(offset) } }) != nil
        if !hasBase {
            let excluded = plan.base == nil ? " (the page is excluded from the base code, base.exclude)" : ""
            for block in located where inert[block.index] == nil {
                switch block.found.kind {
                case .event?, .triggers?:
                    inert[block.index] = "on a page where nothing defines tgp\(excluded), so its call would throw a ReferenceError and never count"
                default: break
                }
            }
        }
        return inert
    }


    /// False when no pixel call can be outside the page's blocks: every `tgp` is inside one.
    private func mayHavePastedCode(_ bytes: [UInt8], present: () -> [Markers.Found]) -> Bool {
        guard let pixelCall else { return true }
        return bytes.withUnsafeBufferPointer { page in
            var from = 0
            while let hit = pixelCall.first(in: UnsafeBufferPointer(rebasing: page[from...])) {
                let offset = from + hit
                if !present().contains(where: { $0.range.contains(offset) }) { return true }
                from = offset + 1
            }
            return false
        }
    }

    static func unmarkedMessage(_ kind: Block.Kind, alreadyInjected: Bool, placements: [Placement]) -> String {
        let origin = placements.first { $0.block.kind == kind }?.origin
        let exclude: String
        switch origin {
        case .base?: exclude = "add the page to base.exclude"
        case .annotation?, nil: exclude = "remove its annotation"
        case let rule?: exclude = "take the page out of the rule at \(rule)"
        }
        if alreadyInjected {
            return "\(kind.phrase) is here without pixeltag markers (pasted by hand?) as well as in pixeltag's block, so it runs twice; remove the hand-pasted copy from the page's source, or \(exclude)"
        }
        return "\(kind.phrase) is here without pixeltag markers (pasted by hand?), and `pixeltag inject` would add it a second time; remove it from the page's source and let inject add it, or \(exclude)"
    }

    /// A pasted copy that no rule or annotation places on this page.
    func unownedMessage(_ kind: Block.Kind, path: String) -> String {
        if kind == .base {
            return "the base code is here without pixeltag markers (pasted by hand?), but this page is excluded from it (base.exclude), so it tracks a page you meant to leave out; remove it from the page's source, or take the page out of base.exclude"
        }
        let trigger = rules.events.first { $0.block.kind == kind && $0.trigger != nil && $0.pages.anyMatches(path) }
        let why = trigger.map { "the rule at \($0.origin) fires it on \($0.trigger!.rawValue) here, but this copy fires on every visit to the page" }
            ?? "no rule or annotation puts it on this page, so it fires on every visit to the page"
        return "\(kind.phrase) is called here without pixeltag markers (pasted by hand?): \(why); remove it from the page's source, or add a rule or an annotation for it"
    }
}
