/// The config and the lock, resolved and compiled once for a whole run: globs and selectors
/// are parsed here, never per page.
public struct RuleSet: Sendable {
    public struct BaseRule: Sendable {
        public var block: Block
        public var position: PixelTagConfig.Position
        public var exclude: [Glob]
    }

    public struct EventRule: Sendable {
        /// The rule's place in the config: blocks at one spot keep this order.
        public var order: Int
        public var block: Block
        public var pages: [Glob]
        public var selector: SelectorList?
        public var position: PixelTagConfig.Position
        /// Where the rule is written, e.g. `pixeltag.yml:14`, for messages.
        public var origin: String
    }

    /// What one page needs.
    public struct PagePlan: Sendable {
        public var base: BaseRule?
        public var events: [EventRule]
        public var needsTree: Bool {
            events.contains { $0.selector != nil } || base?.position == .headStart
        }
        public var needsBody: Bool {
            events.contains { [.bodyStart, .bodyEnd].contains($0.position) || $0.selector != nil }
        }
    }

    public var include: [Glob]
    public var exclude: [Glob]
    public var base: BaseRule
    public var events: [EventRule]

    public init(config: PixelTagConfig, lock: LockFile) throws {
        include = config.include.map(Glob.init)
        exclude = config.exclude.map(Glob.init)
        base = BaseRule(
            block: Block(kind: .base, content: lock.baseCode.codeSnippet),
            position: config.base.position,
            exclude: config.base.exclude.map(Glob.init)
        )
        let lockName = config.lock.lastPathComponent
        events = try config.events.enumerated().map { order, rule in
            let origin = "\(config.displayPath):\(rule.line)"
            guard let event = lock.event(named: rule.event) else {
                let names = lock.events.map(\.title) + lock.events.map(\.id)
                let advice = Suggestion.closest(to: rule.event, in: names).map { "; did you mean \"\($0)\"?" }
                    ?? "; run `pixeltag sync` if it was created since, or `pixeltag events list` to see the names"
                throw PixelTagError.input("\(origin): no event \"\(rule.event)\" in \(lockName)\(advice)")
            }
            return EventRule(
                order: order,
                block: Block(kind: .event(id: event.id), content: event.codeSnippet),
                pages: rule.pages.map(Glob.init),
                selector: try rule.selector.map { try SelectorList(parsing: $0) },
                position: rule.position,
                origin: origin
            )
        }
    }

    /// Whether a file (relative to the site) is a page pixeltag should look at.
    public func isPage(_ path: String) -> Bool {
        include.anyMatches(path) && !exclude.anyMatches(path)
    }

    public func plan(for path: String) -> PagePlan {
        PagePlan(
            base: base.exclude.anyMatches(path) ? nil : base,
            events: events.filter { $0.pages.anyMatches(path) }
        )
    }
}
