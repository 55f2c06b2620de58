import Foundation

/// inject(page) = splice(strip(page), placements(strip(page))): computing placements on the
/// page without its blocks is what makes a second run change nothing and lets a changed
/// snippet replace its old block.
package struct PageInjector: Sendable {
    package enum Outcome: Sendable, Equatable {
        case unchanged
        case changed([UInt8])
        /// Not a page (`.empty`, `.binary`): left alone.
        case skipped(PageProblem)
        /// Could not be handled safely: left alone.
        case failed(PageProblem)
    }

    package let rules: RuleSet?

    /// - Parameter rules: nil strips every block instead of injecting.
    package init(rules: RuleSet?) {
        self.rules = rules
    }

    package var isStripping: Bool { rules == nil }

    /// A page worked out but not yet rewritten: what `inject` would do, and what `explain`
    /// shows.
    package struct Prepared: Sendable {
        /// The page without any pixeltag block.
        package var stripped: [UInt8]
        package var source: PageSource
        package var plan: RuleSet.PagePlan
        package var page: Page
        package var placements: [Placement]
    }

    package enum Preparation: Sendable {
        case ready(Prepared)
        case done(Outcome)
        /// The page was read, but its blocks cannot all be placed (why, as `Outcome.failed`
        /// says it); `explain` still shows what the rules found in it.
        case unplaceable(Prepared, PageProblem)
    }

    /// What a page's run did with the config's event rules and what it warns about, for the
    /// run's report of rules that placed nothing and its warnings.
    package struct Review: Sendable, Equatable {
        /// The event rules (by `order`) whose `pages:` match the page.
        package var matched: [Int] = []
        /// The rules that placed a block or fed the listener.
        package var placed: [Int] = []
        /// The rules whose selector matched no element of the page.
        package var selectorMissed: [Int] = []
        /// Whether the page gets the base code.
        package var base = false
        /// The page could not be handled: what its rules would have placed is not known.
        package var failed = false
        /// Warnings about the page, each with its line in the page as it is on disk.
        package var notices: [Finding] = []
    }

    package func process(_ bytes: [UInt8], path: String) -> Outcome {
        processReviewing(bytes, path: path).outcome
    }

    package func processReviewing(_ bytes: [UInt8], path: String) -> (outcome: Outcome, review: Review) {
        let (preparation, review) = prepareReviewing(bytes, path: path)
        switch preparation {
        case .done(let outcome): return (outcome, review)
        case .ready(let prepared): return (splice(prepared, original: bytes), review)
        case .unplaceable(_, let problem): return (.failed(problem), review)
        }
    }

    package func prepare(_ bytes: [UInt8], path: String) -> Preparation {
        prepareReviewing(bytes, path: path).preparation
    }

    package func prepareReviewing(_ bytes: [UInt8], path: String) -> (preparation: Preparation, review: Review) {
        var review = Review()
        let preparation = prepare(bytes, path: path, review: &review)
        switch preparation {
        case .unplaceable, .done(.failed): review.failed = true
        default: break
        }
        return (preparation, review)
    }

    private func prepare(_ bytes: [UInt8], path: String, review: inout Review) -> Preparation {
        guard !bytes.isEmpty else { return .done(.skipped(.empty)) }
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
            return .done(.failed(.unterminatedMarker(line: Self.line(of: error.offset, in: bytes))))
        }
        let stripped = Markers.remove(found, from: bytes)
        // A block cut into another marker (hand edits, merges): taking it out joins the pieces
        // into a new marker, and a second strip would remove bytes no run inserted. Refuse to guess.
        if !found.isEmpty, let joined = markers.markerLeft(in: stripped, afterRemoving: found) {
            return .done(.failed(.interleavedBlocks(line: Self.line(of: joined, in: bytes))))
        }
        guard let rules else { return .done(found.isEmpty ? .unchanged : .changed(stripped)) }
        guard stripped.count <= PageLimits.maxPageBytes else { return .done(.failed(.tooLarge(bytes: stripped.count))) }
        var plan = rules.plan(for: path)
        review.matched = plan.events.map(\.order)
        // A deploy context without events takes no annotation's either.
        plan.annotations = rules.placesEvents && (sniffed.isASCIICompatible
            ? mentionsPixeltag && (found.isEmpty || Annotations.mayOccur(in: stripped))
            : Annotations.mayOccur(in: stripped))
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
        case .failure(.empty): return .done(.skipped(.empty))
        case .failure(.binary): return .done(.skipped(.binary))
        case .failure(.unsupportedCharset(let label)):
            return .done(.failed(.unsupportedCharset(label)))
        }
        if source.encoding.isASCIICompatible {
            // A rule whose selector cannot match this page places nothing: without it the
            // page may need far less parsing (only its head, for the base code).
            plan.events.removeAll { rule in
                guard let prefilter = rule.prefilter, !prefilter.mayMatch(stripped) else { return false }
                review.selectorMissed.append(rule.order)
                return true
            }
        }
        if plan.base == nil && plan.events.isEmpty && !plan.annotations {
            return .done(found.isEmpty ? .unchanged : .changed(stripped))
        }

        // A client-side router: each of its page views must fire the page's events. Only where
        // the base code (and so the runtime after it) goes, in a deploy context that gets events;
        // one byte search a mark.
        if plan.base != nil, rules.placesEvents, rules.navigation.mode != .off, source.encoding.isASCIICompatible, let router = rules.router(in: stripped) {
            plan.router = router
            plan.routerContainer = rules.routerContainers[router]
        }
        let attributes = plan.routerContainer == nil ? rules.attributeNames : rules.navigationAttributeNames
        let page = PageParser.parse(source, needsTree: plan.needsTree, needsBody: plan.needsBody, attributes: attributes)
        // A `<meta>` past the first 1024 bytes declared the encoding, as a browser finds.
        switch page.lateEncoding {
        case .refused(let label, _)?:
            return .done(.failed(.unsupportedCharset(label)))
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
            Self.review(prepared.placements, of: plan, in: page, stripped: stripped, blocks: found, original: bytes,
                        encoding: source.encoding, rules: rules, into: &review)
            return .ready(prepared)
        } catch {
            if lines == nil { lines = LineIndex(stripped) }
            let line = error.offset.map { lines!.line(of: $0) }
            let column = error.showsColumn ? error.offset.map { lines!.column(of: $0) } : nil
            return .unplaceable(prepared, .unplaceable(line: line, column: column, reason: error.message))
        }
    }

    /// What the placements did with the plan's rules, and the page's warnings: annotations
    /// that are not quite annotations or name an inactive event, and code pasted by hand
    /// that the block inject adds would double.
    static func review(_ placements: [Placement], of plan: RuleSet.PagePlan, in page: Page, stripped: [UInt8], blocks: [Markers.Found],
                       original: [UInt8], encoding: PageEncoding, rules: RuleSet, into review: inout Review) {
        review.base = plan.base != nil
        var placed = Set<Int>()
        for placement in placements { placed.formUnion(placement.rules) }
        review.placed = placed.sorted()
        let kinds = Set(placements.map(\.block.kind))
        for rule in plan.events where !placed.contains(rule.order) {
            // Not placed, though its event is not on the page either: its element is not there.
            if rule.trigger != nil || (rule.selector != nil && !kinds.contains(rule.block.kind)) { review.selectorMissed.append(rule.order) }
        }
        var notes: [(offset: Int, finding: Finding)] = []
        if plan.annotations { notes += Annotations.review(page, rules: rules) }
        if rules.navigation.mode == .off, plan.base != nil, encoding.isASCIICompatible {
            notes += unfollowedNavigation(placements, of: plan, stripped: stripped, rules: rules)
        }
        if encoding.isASCIICompatible {
            for kind in kinds {
                guard let code = rules.pastedCode[kind], let offset = code.firstOccurrence(in: stripped, isInsideBlock: { _ in false }) else { continue }
                let owner = placements.first { $0.block.kind == kind }.map { placement -> String in
                    switch placement.origin {
                    case .base, .navigation: return "add the page to base.exclude"
                    case .annotation: return "remove the page's annotation"
                    case .triggers, .rule: return "take the page out of the rule at \(placement.origin)"
                    }
                } ?? ""
                notes.append((offset, Finding(kind: .unmarked, subject: kind.subject, event: kind.eventID, line: nil,
                    message: "\(kind.phrase) is already in the page without pixeltag markers (pasted by hand?), and inject adds it too, so it runs twice; remove the pasted copy from the page's source, or \(owner)")))
            }
        }
        guard !notes.isEmpty else { return }
        let lines = LineIndex(original)
        review.notices = notes.sorted { $0.offset < $1.offset }.map { note in
            var finding = note.finding
            finding.line = lines.line(of: originalOffset(ofStripped: note.offset, blocks: blocks))
            return finding
        }
    }

    /// With `navigation: off`, on a page that carries a client-side router: the rules' events
    /// at a place every page has that the router neither replaces nor runs again, so that
    /// they fire on a full page load only and not when the router shows the page. Turbo runs
    /// the body's scripts again on each view; Material only its container's; Astro only
    /// scripts whose text the page it leaves lacks (not an event on every page); Swup none.
    static func unfollowedNavigation(_ placements: [Placement], of plan: RuleSet.PagePlan, stripped: [UInt8], rules: RuleSet) -> [(offset: Int, finding: Finding)] {
        let placed = placements.compactMap { placement -> (Placement, RuleSet.EventRule)? in
            guard case .rule = placement.origin, let order = placement.rules.first,
                  let rule = plan.events.first(where: { $0.order == order }), rule.selector == nil, rule.trigger == nil else { return nil }
            return (placement, rule)
        }
        guard !placed.isEmpty, let router = rules.router(in: stripped), router != .history else { return [] }
        return placed.compactMap { placement, rule in
            if router == .turbo && [.bodyStart, .bodyEnd].contains(rule.position) { return nil }
            return (placement.offset, Finding(kind: .inert, event: rule.eventID, line: nil,
                message: "the page carries \(router.name), and navigation is off in \(rules.configPath): event \(Quote.text(rule.title)) (\(rule.origin), \(rule.position.rawValue)) fires when the page is loaded in full, not when the router shows it, so page views are undercounted; remove `navigation: off` (README, \"Client-side navigation\")"))
        }
    }

    /// Where an offset of the page without its blocks is in the page with them: after every
    /// block that sat at or before it.
    static func originalOffset(ofStripped offset: Int, blocks: [Markers.Found]) -> Int {
        var removed = 0
        for block in blocks {
            guard block.range.lowerBound - removed <= offset else { break }
            removed += block.range.count
        }
        return offset + removed
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
                return .failed(.unencodable(placement.block.kind, encoding: source.encoding.name))
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
    package static func line(of offset: Int, in bytes: [UInt8]) -> Int {
        LineIndex(bytes).line(of: offset)
    }
}

extension String {
    func replacingLineEndings(with newline: String) -> String {
        replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: newline)
    }
}
