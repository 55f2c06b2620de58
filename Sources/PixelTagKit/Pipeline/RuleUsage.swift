/// What each rule and glob of the config did over a whole run, so the run can name every one
/// that did nothing: a mistyped selector, a glob written from the config's folder
/// (`public/posts/**`), an exclude that excludes nothing, a rule another rule always beats.
/// Without this a typo passes CI: inject exits 0 and verify finds every page as inject left it.
///
/// Each worker keeps its own and they are merged at the end. A glob or rule already known to
/// have matched is not tested again, so the cost per page falls to almost nothing once each
/// has matched once; what stays is the work on the ones that never match, the ones reported.
package struct RuleUsage: Sendable {
    /// Files the walk gave, and the pages among them (`pages.include` less `pages.exclude`).
    package private(set) var files = 0, pages = 0
    /// For each glob: it matched at least one file (include) or page (the others).
    private var include: [Bool], exclude: [Bool], baseExclude: [Bool]
    /// Per event rule (by `order`): each of its globs matched a page.
    private var ruleGlobs: [[Bool]]
    /// Per event rule: pages its `pages:` match, those of them whose outcome is known (read, or
    /// in the build cache), those where its selector matched nothing, and whether it placed
    /// anything anywhere.
    private var matched: [Int], matchedKnown: [Int], missed: [Int], placed: [Bool]
    /// Per event rule: it matched a page that failed, which the run names as an error: what
    /// the rule would have placed there is not known, so it is not called unused.
    private var onFailedPage: [Bool]
    private var basePages = 0

    package init(rules: RuleSet) {
        include = Array(repeating: false, count: rules.include.count)
        exclude = Array(repeating: false, count: rules.exclude.count)
        baseExclude = Array(repeating: false, count: rules.base.exclude.count)
        ruleGlobs = rules.events.map { Array(repeating: false, count: $0.pages.count) }
        matched = Array(repeating: 0, count: rules.events.count)
        matchedKnown = matched
        missed = matched
        placed = Array(repeating: false, count: rules.events.count)
        onFailedPage = placed
    }

    /// Notes a file of the walk and says whether it is a page.
    package mutating func noteFile(_ path: String, rules: RuleSet) -> Bool {
        files += 1
        note(path, in: rules.include, seen: &include)
        guard rules.include.anyMatches(path) else { return false }
        note(path, in: rules.exclude, seen: &exclude)
        guard !rules.exclude.anyMatches(path) else { return false }
        pages += 1
        note(path, in: rules.base.exclude, seen: &baseExclude)
        for (order, rule) in rules.events.enumerated() where rule.pages.count > 1 && ruleGlobs[order].contains(false) {
            note(path, in: rule.pages, seen: &ruleGlobs[order])
        }
        return true
    }

    private func note(_ path: String, in globs: [Glob], seen: inout [Bool]) {
        for index in globs.indices where !seen[index] && globs[index].matches(path) { seen[index] = true }
    }

    /// A page read this run, and what its run did.
    package mutating func notePage(_ review: PageInjector.Review) {
        if review.failed {
            for order in review.matched {
                matched[order] += 1
                onFailedPage[order] = true
            }
            return
        }
        if review.base { basePages += 1 }
        for order in review.matched {
            matched[order] += 1
            matchedKnown[order] += 1
        }
        for order in review.selectorMissed { missed[order] += 1 }
        for order in review.placed { placed[order] = true }
    }

    /// A page the build cache vouched for, unread: what its rules did comes from the cache
    /// (`bits`), and its matches from its path.
    package mutating func notePage(_ path: String, cachedReview bits: UInt64, rules: RuleSet) {
        if !rules.base.exclude.anyMatches(path) { basePages += 1 }
        for (order, rule) in rules.events.enumerated() where rule.pages.anyMatches(path) {
            matched[order] += 1
            // Past the 31st rule the bits are shared: what they say is not known for sure.
            let exact = order < Int(Self.bitsPerHalf) - 1
            if exact { matchedKnown[order] += 1 }
            if Self.bit(of: order) & bits != 0 { placed[order] = true }
            if exact && (Self.bit(of: order) << Self.bitsPerHalf) & bits != 0 { missed[order] += 1 }
        }
    }

    /// What a page's run did with the rules as the build cache keeps it, 64 bits: the low half
    /// says which rules placed something, the high half whose selector matched nothing. The
    /// last bit of each half stands for every rule past the 31st, so such a rule is never
    /// called unused wrongly.
    package static func bits(of review: PageInjector.Review) -> UInt64 {
        let placed = review.placed.reduce(UInt64(0)) { $0 | bit(of: $1) }
        let missed = review.selectorMissed.reduce(UInt64(0)) { $0 | bit(of: $1) }
        return placed | missed << bitsPerHalf
    }

    static let bitsPerHalf: UInt64 = 32

    static func bit(of order: Int) -> UInt64 { 1 << UInt64(min(order, Int(bitsPerHalf) - 1)) }

    package mutating func merge(_ other: RuleUsage) {
        files += other.files
        pages += other.pages
        basePages += other.basePages
        func or(_ a: inout [Bool], _ b: [Bool]) { for index in a.indices { a[index] = a[index] || b[index] } }
        or(&include, other.include)
        or(&exclude, other.exclude)
        or(&baseExclude, other.baseExclude)
        or(&placed, other.placed)
        or(&onFailedPage, other.onFailedPage)
        for order in matched.indices {
            or(&ruleGlobs[order], other.ruleGlobs[order])
            matched[order] += other.matched[order]
            matchedKnown[order] += other.matchedKnown[order]
            missed[order] += other.missed[order]
        }
    }

    /// Every rule and glob that did nothing, as findings of kind `unused` on the config's
    /// lines, in the config's order.
    /// - Parameters:
    ///   - site: the site folder as the person sees it, for advice on globs.
    ///   - wholeSite: false for a shard (`--shard`), which cannot tell whether a rule places
    ///     something on another shard's pages; globs are still checked, against every page.
    package func findings(rules: RuleSet, site: String, wholeSite: Bool) -> [Finding] {
        var findings: [Finding] = []
        func add(_ origin: String, _ message: String, event: String? = nil) {
            let (file, line) = Self.split(origin)
            findings.append(Finding(kind: .unused, subject: event == nil ? .config : .event, event: event, line: line, message: message, file: file))
        }
        let relative = "globs are relative to the site folder \(site)"
        for (index, glob) in rules.include.enumerated() where !include[index] {
            guard let origin = rules.includeOrigins[index] else { continue }
            add(origin, "pages.include \(Quote.text(glob.pattern)) matches no file of \(site), so it adds no page; \(Self.advice(glob, site: site, else: relative))")
        }
        for (index, glob) in rules.exclude.enumerated() where !exclude[index] {
            guard let origin = rules.excludeOrigins[index] else { continue }
            add(origin, "pages.exclude \(Quote.text(glob.pattern)) matches no page, so it excludes nothing; \(Self.advice(glob, site: site, else: relative))")
        }
        guard pages > 0 else { return findings }
        for (index, glob) in rules.base.exclude.enumerated() where !baseExclude[index] {
            guard let origin = rules.baseExcludeOrigins[index] else { continue }
            add(origin, "base.exclude \(Quote.text(glob.pattern)) matches no page, so it keeps the base code off no page; \(Self.advice(glob, site: site, else: relative))")
        }
        for (order, rule) in rules.events.enumerated() {
            let event = "the rule for event \(Quote.text(rule.name))"
            if rule.pages.isEmpty {
                add(rule.origin, "\(event) placed nothing: its `pages: []` lists no glob, so it matches no page; list the pages, or leave out `pages:` for every page", event: rule.eventID)
                continue
            }
            if matched[order] == 0 {
                let globs = rule.pages.map { Quote.text($0.pattern) }.joined(separator: ", ")
                add(rule.origin, "\(event) placed nothing: its pages (\(globs)) match no page of \(site); \(rule.pages.first.map { Self.advice($0, site: site, else: relative) } ?? relative)", event: rule.eventID)
                continue
            }
            for (index, glob) in rule.pages.enumerated() where rule.pages.count > 1 && !ruleGlobs[order][index] {
                add(rule.pageOrigins[index], "\(event): its glob \(Quote.text(glob.pattern)) matches no page; \(Self.advice(glob, site: site, else: relative))", event: rule.eventID)
            }
            guard wholeSite, !placed[order], !onFailedPage[order] else { continue }
            let count = "\(matched[order]) \(matched[order] == 1 ? "page" : "pages")"
            let why: String
            if let selector = rule.selector, matchedKnown[order] == matched[order], missed[order] == matched[order] {
                why = "its selector \(Quote.text(selector.source)) matches no element on the \(count) its pages match; check it with `pixeltag explain PAGE`"
            } else if missed[order] == 0 && matchedKnown[order] == matched[order] {
                why = "on the \(count) its pages match, an earlier rule or an annotation placed the event first; remove the rule, or add `repeat: true` to place it again"
            } else {
                why = "on the \(count) its pages match, its selector matched no element or another rule or an annotation placed the event first; see `pixeltag explain PAGE`"
            }
            add(rule.origin, "\(event) placed nothing: \(why)", event: rule.eventID)
        }
        // A deploy context that gets nothing leaves every page without it, as it should.
        if basePages == 0, rules.deployContext?.reach != .nothing, let origin = rules.baseExcludeOrigins.first {
            add(origin ?? rules.configPath, "base.exclude leaves no page with the base code, so no event on the site can fire")
        }
        // In the config's order, as a person reads it.
        return findings.enumerated().sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }.map(\.element)
    }

    /// For a glob that matched nothing: `public/posts/**` is written from the config's folder.
    static func advice(_ glob: Glob, site: String, else fallback: String) -> String {
        let name = site.split(separator: "/").last.map(String.init) ?? site
        if !name.isEmpty, name != ".", glob.pattern.hasPrefix(name + "/") {
            return "globs are relative to the site folder \(site): write \(Quote.text(String(glob.pattern.dropFirst(name.count + 1))))"
        }
        return fallback
    }

    /// `pixeltag.yml:14` as the file and the line.
    static func split(_ origin: String) -> (String, Int?) {
        guard let colon = origin.lastIndex(of: ":"), let line = Int(origin[origin.index(after: colon)...]) else { return (origin, nil) }
        return (String(origin[..<colon]), line)
    }
}
