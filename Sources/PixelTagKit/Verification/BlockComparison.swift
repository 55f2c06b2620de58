/// Compares the blocks a page has with the blocks `pixeltag inject` would leave in it, and
/// says what differs: missing, stale, misplaced, duplicate or extra.
///
/// Places are compared in the page without its blocks (where inject computes them), so a
/// block counts as in place when inject would put the same bytes at the same spot.
struct BlockComparison {
    /// A block and where it sits in the page without blocks.
    struct Located {
        var found: Markers.Found
        /// Its index among the page's blocks, for order.
        var index: Int
        var strippedOffset: Int
    }

    let page: [UInt8]
    let present: [Located]
    let expected: [UInt8]
    let wanted: [Located]
    /// What put each wanted block there (`Placement.origin`: "base", a config line…), in order.
    let origins: [Placement.Origin]
    let plan: RuleSet.PagePlan
    /// Every rule, for advice about an event no rule placed here (a selector that stopped
    /// matching may be a typo, not a removal).
    let rules: RuleSet
    let path: String
    let lockEventIDs: Set<String>
    /// Kinds whose absence is already explained (a hand-pasted copy stands in for them).
    let explained: Set<Block.Kind>
    /// Blocks a browser would not run (by index among the present ones), each with why:
    /// that, not their bytes or place, is what the user needs to hear about them.
    let inert: [Int: String]
    let line: (Int) -> Int
    private var results: [Finding] = []

    init(page: [UInt8], present: [Markers.Found], expected: [UInt8], wanted: [Markers.Found], origins: [Placement.Origin],
         plan: RuleSet.PagePlan, rules: RuleSet, path: String, lockEventIDs: Set<String>, explained: Set<Block.Kind>,
         inert: [Int: String] = [:], line: @escaping (Int) -> Int) {
        self.page = page
        self.present = Self.locate(present)
        self.expected = expected
        self.wanted = Self.locate(wanted)
        self.origins = origins
        self.plan = plan
        self.rules = rules
        self.path = path
        self.lockEventIDs = lockEventIDs
        self.explained = explained
        self.inert = inert
        self.line = line
    }

    static func locate(_ blocks: [Markers.Found]) -> [Located] {
        var removed = 0
        return blocks.enumerated().map { index, found in
            defer { removed += found.range.count }
            return Located(found: found, index: index, strippedOffset: found.range.lowerBound - removed)
        }
    }

    mutating func findings() -> [Finding] {
        results = []
        var kinds: [Block.Kind?] = []
        for block in wanted + present where !kinds.contains(block.found.kind) { kinds.append(block.found.kind) }
        var inPlace: [(have: Located, want: Located)] = []
        for kind in kinds {
            var have = present.filter { $0.found.kind == kind }
            var want = wanted.filter { $0.found.kind == kind }
            // Blocks exactly where inject would leave them first, so that of two copies the
            // one in place is kept and the other is the duplicate.
            for wish in want {
                guard let match = have.firstIndex(where: { sameBytes($0, wish) && $0.strippedOffset == wish.strippedOffset }) else { continue }
                inPlace.append((have[match], wish))
                have.remove(at: match)
                want.removeAll { $0.index == wish.index }
            }
            for (block, wish) in zip(have, want) { compare(block, wish) }
            let isWanted = wanted.contains { $0.found.kind == kind }
            for block in have.dropFirst(want.count) {
                if let why = inert[block.index] {
                    add(.inert, kind, at: block.found.range.lowerBound, "\(phrase(kind)) is \(why); run `pixeltag inject` to remove it")
                } else if isWanted, let other = present.first(where: { $0.found.kind == kind && $0.index != block.index }) {
                    add(.duplicate, kind, at: block.found.range.lowerBound,
                        "\(phrase(kind)) is on the page twice (also at line \(line(other.found.range.lowerBound))); run `pixeltag inject` to keep one")
                } else {
                    add(.extra, kind, at: block.found.range.lowerBound, extraMessage(kind))
                }
            }
            for wish in want.dropFirst(have.count) where !(kind.map(explained.contains) ?? false) {
                add(.missing, kind, at: pageOffset(ofStripped: wish.strippedOffset),
                    "\(phrase(kind)) is missing: inject puts it here (\(place(wish))); run `pixeltag inject`")
            }
        }
        checkOrder(inPlace)
        return results
    }

    /// A block of the right kind that is not what inject would leave: its content differs
    /// from the lock (stale), or it is somewhere else (misplaced).
    private mutating func compare(_ block: Located, _ wish: Located) {
        let kind = block.found.kind
        let at = block.found.range.lowerBound
        let target = line(pageOffset(ofStripped: wish.strippedOffset))
        if let why = inert[block.index] {
            add(.inert, kind, at: at, "\(phrase(kind)) is \(why); run `pixeltag inject` to move it to line \(target) (\(place(wish)))")
        } else if !sameBytes(block, wish) {
            let moved = block.strippedOffset == wish.strippedOffset ? "" : ", and inject puts it at line \(target)"
            let why: String
            if let hash = block.found.hash, let lockHash = wish.found.hash, hash != lockHash {
                why = "its block has hash \(hash), the lock file's code \(lockHash): the code changed since the page was injected"
            } else if !block.found.isIntact {
                why = "its block was edited by hand"
            } else {
                why = "its block differs from what inject writes"
            }
            add(.stale, kind, at: at, "\(phrase(kind)) is out of date: \(why)\(moved); run `pixeltag inject`")
        } else {
            add(.misplaced, kind, at: at,
                "\(phrase(kind)) is not where the rules put it: inject puts it at line \(target) (\(place(wish))); run `pixeltag inject` to move it")
        }
    }

    /// Blocks at one spot in the wrong order, e.g. an event before the base code.
    private mutating func checkOrder(_ pairs: [(have: Located, want: Located)]) {
        let spots = Dictionary(grouping: pairs) { $0.want.strippedOffset }
        for (_, group) in spots.sorted(by: { $0.key < $1.key }) where group.count > 1 {
            var first: (have: Located, want: Located)?
            for pair in group.sorted(by: { $0.have.index > $1.have.index }) {
                if let earliest = first, pair.want.index > earliest.want.index {
                    let kind = pair.have.found.kind
                    add(.misplaced, kind, at: pair.have.found.range.lowerBound,
                        "\(phrase(kind)) comes before \(phrase(earliest.have.found.kind)), which inject puts first; run `pixeltag inject` to reorder them")
                } else {
                    first = pair
                }
            }
        }
    }

    private func extraMessage(_ kind: Block.Kind?) -> String {
        let fix = "; run `pixeltag inject` to remove it"
        if let kind, let why = rules.deployContext?.withholds(kind) { return "\(phrase(kind)) is here, but \(why)" + fix }
        switch kind {
        case nil:
            return "a pixeltag block with a label pixeltag cannot read" + fix
        case .base?:
            return "the base code is here, but this page is excluded from it (base.exclude)" + fix
        case .triggers?:
            return "\(phrase(kind)) is here, but no click or submit rule or annotation wants it on this page any more" + fix
        case .navigation?:
            return "\(phrase(kind)) is here, but the page carries no client-side router pixeltag follows (or navigation is off in the config)" + fix
        case .event(let id)?:
            if !lockEventIDs.contains(id) {
                return "event \(Quote.id(id)) is no longer in the lock file (deleted on the account?)" + fix
            }
            // The rule may still be there, its selector or pages broken by an edit: removing
            // the block is then the wrong fix.
            let named = rules.events.filter { $0.block.kind == kind && $0.trigger == nil }
            if let rule = named.first(where: { $0.pages.anyMatches(path) }) {
                let selector = rule.selector.map { "its selector \(Quote.text($0.source)) matches no element here" } ?? "it places nothing here"
                return "event \(Quote.id(id)): the rule at \(rule.origin) still names it, but \(selector); if that is a mistake, fix the rule (`pixeltag explain \(path)` shows what it matches), else run `pixeltag inject` to remove the block"
            }
            if let rule = named.first {
                let globs = rule.pages.map { Quote.text($0.pattern) }.joined(separator: ", ")
                return "event \(Quote.id(id)): the rule at \(rule.origin) still names it, but its pages (\(globs)) do not match this page; if the page should keep it, fix the rule's pages, else run `pixeltag inject` to remove the block"
            }
            return "event \(Quote.id(id)): no rule or annotation puts it on this page any more" + fix
        }
    }

    /// Where inject puts a wanted block, in the rules' words.
    private func place(_ wish: Located) -> String {
        guard origins.indices.contains(wish.index) else { return "the rules" }
        switch origins[wish.index] {
        case .base: return "base code, \(plan.base?.position.rawValue ?? "head-end")"
        case .triggers: return plan.router.map { "at the start of the part of the page \($0.name) replaces" } ?? "right after the base code"
        case .navigation: return "right after the base code (client-side navigation)"
        case .annotation: return "an annotation in the page"
        case .rule(let at):
            let position = plan.events.first { $0.origin == at }.map { ", \($0.position.rawValue)" } ?? ""
            return "rule at \(at)\(position)"
        }
    }

    private func phrase(_ kind: Block.Kind?) -> String {
        kind?.phrase ?? "a pixeltag block"
    }

    private func sameBytes(_ block: Located, _ wish: Located) -> Bool {
        page[block.found.range] == expected[wish.found.range]
    }

    /// The offset in the page (with its blocks) of a spot in the page without them: after the
    /// blocks that sit at or before it.
    private func pageOffset(ofStripped offset: Int) -> Int {
        offset + present.filter { $0.strippedOffset <= offset }.reduce(0) { $0 + $1.found.range.count }
    }

    private mutating func add(_ kind: Finding.Kind, _ block: Block.Kind?, at offset: Int, _ message: String) {
        results.append(Finding(kind: kind, subject: block?.subject ?? .unknown, event: block?.eventID, line: line(offset), message: message))
    }
}
