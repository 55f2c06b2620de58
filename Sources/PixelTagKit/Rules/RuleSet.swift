/// The config and the lock, resolved and compiled once for a whole run: globs, selectors,
/// consent and trigger calls are worked out here, never per page.
package struct RuleSet: Sendable {
    package struct BaseRule: Sendable {
        package var block: Block
        package var position: PixelTagConfig.Position
        package var exclude: [Glob]
        package var consent: String?
    }

    package struct EventRule: Sendable {
        /// The rule's place in the config: blocks at one spot keep this order.
        package var order: Int
        package var eventID: String
        /// The event's title in the lock, for people.
        package var title: String
        package var block: Block
        /// The block for a page under a client-side router: the call handed to the navigation
        /// runtime (`NavigationScript.event`); nil when navigation is off or the snippet is not
        /// one script (it then stays as it is, and fires on a full page load only).
        package var viewBlock: Block?
        package var pages: [Glob]
        package var selector: SelectorList?
        /// Rules out pages the selector cannot match, from their bytes alone.
        package var prefilter: SelectorPrefilter?
        package var position: PixelTagConfig.Position
        /// Set for `on: click|submit`: the rule feeds the page's listener and places no block.
        package var trigger: PixelTagConfig.Trigger?
        /// The snippet's JavaScript, for a listener to run.
        package var call: String?
        package var consent: String?
        package var repeats: Bool
        /// Where the rule is written, e.g. `pixeltag.yml:14`, for messages.
        package var origin: String
        /// The rule's line in the config.
        package var line: Int
        /// Where each of `pages` is written, for a glob that matches nothing.
        package var pageOrigins: [String]
        /// The rule's `event:` as written (a title or an id).
        package var name: String
    }

    /// An event named in a page (`<!-- pixeltag:event NAME -->`, `data-pixeltag-event`).
    package struct AnnotatedEvent: Sendable {
        package var eventID: String
        package var block: Block
        /// As `EventRule.viewBlock`.
        package var viewBlock: Block?
        /// nil when the snippet is not one script, so it cannot fire on a click.
        package var call: String?
        /// Why the base code's consent category cannot hold this snippet back, if it cannot:
        /// a page that names the event then fails rather than fire it without consent.
        package var consentProblem: String?
        /// The lock's status when it is not `active`: an annotation naming it is warned about.
        package var inactiveStatus: String?
        package var title: String
    }

    /// What one page needs.
    package struct PagePlan: Sendable {
        package var base: BaseRule?
        package var events: [EventRule]
        /// The rules whose pages take in this one, held back because the page is excluded
        /// from the base code: nothing would define `tgp`, so their events would throw.
        package var eventsWithoutBase: [EventRule] = []
        /// Where the page defines `tgp` itself, with the base code pasted by hand, when it is
        /// excluded from pixeltag's; its events then go after it.
        package var pastedBase: Int?
        /// The page may hold annotations (a cheap byte search said so).
        package var annotations = false
        /// The client-side router the page carries, when navigation is on for it: its blocks
        /// then go through the navigation runtime (`NavigationScript`).
        package var router: ClientRouter?
        /// The element that router replaces on each page view, when it is not the body.
        package var routerContainer: SelectorList?
        package var needsTree: Bool {
            // Pasted code counts only inside a running script, which the tree shows; and the end
            // of the body may lie inside an element never closed (an `<svg>`, a `<textarea>`),
            // which only the tree shows too.
            annotations || events.contains { $0.selector != nil || $0.position == .bodyEnd } || base?.position == .headStart
                || pastedBase != nil || routerContainer != nil
        }
        package var needsBody: Bool {
            annotations || events.contains { [.bodyStart, .bodyEnd].contains($0.position) || $0.selector != nil } || router != nil
        }
    }

    package var include: [Glob]
    package var exclude: [Glob]
    package var base: BaseRule
    package var events: [EventRule]
    /// Where each glob of `include`, `exclude` and `base.exclude` is written; nil for a
    /// default the config does not write (`**/*.htm` need not match anything).
    package let includeOrigins: [String?], excludeOrigins: [String?], baseExcludeOrigins: [String?]
    /// What the config and lock say that does not stop a run but may not be what was meant
    /// (a rule naming an inactive event): warnings, or errors with `strict`.
    package private(set) var notices: [Finding] = []
    package let strict: Bool
    /// Whose attributes hold scripts back for consent, and what Global Privacy Control skips.
    package let consentManager: ConsentManager
    package let gpc: ConsentManager.GPC?
    /// The deploy context of the run (`contexts:`), nil without the section; see `restricted(to:)`.
    package internal(set) var deployContext: ContextResolution?
    /// The event rules that context leaves out: still the config's, for `verify --online`.
    package internal(set) var withheldEvents: [EventRule] = []
    /// The attributes any rule looks at: the parser copies only these out of libxml2.
    package let attributeNames: [String]
    /// `navigation:` of the config.
    package let navigation: PixelTagConfig.Navigation
    /// The navigation runtime's block for pages of each router (held back as the base code).
    let navigationRuntime: [ClientRouter: Block]
    /// The element each router replaces, when it is not the body (`navigation.container` for
    /// a router of the site's own).
    let routerContainers: [ClientRouter: SelectorList]
    /// `attributeNames` and those that find a router's container, for pages with a router.
    let navigationAttributeNames: [String]
    private let routerDetector = ClientRouter.Detector()
    /// Events by title and by id, for annotations; nil when a title is ambiguous.
    private var eventsByName: [String: AnnotatedEvent?]
    /// The base code and each event as someone might paste them by hand, to find such copies.
    let pastedCode: [Block.Kind: HandPastedCode]
    /// For messages about annotations: the lock's file name and its events' names.
    let lockName: String
    /// The config as people see its path, for messages about it.
    package let configPath: String
    private let eventNames: [String]
    /// What became of the events the lock remembers by a former title or a deleted id.
    private let formerAdvice: [String: String]
    /// The base code pasted into a page by hand, which defines `tgp` as pixeltag's does.
    let pastedBase: HandPastedCode

    package init(config: PixelTagConfig, lock: LockFile) throws {
        let lockName = config.lock.lastPathComponent
        // Another account's lock would put its pixel on these pages.
        if let account = config.account, account != lock.account {
            throw PixelTagError.input("\(config.origin(of: "account")): the config is for account \(Quote.id(account)), but \(lockName) holds the code of account \(Quote.id(lock.account)), whose pixel inject would put on your pages; run `pixeltag sync` to fetch account \(Quote.id(account))'s code, or correct `account:` here")
        }
        include = config.include.map(Glob.init)
        exclude = config.exclude.map(Glob.init)
        func origins(_ key: String, _ count: Int) -> [String?] {
            (0..<count).map { config.lines["\(key)[\($0)]"] == nil ? nil : config.origin(of: "\(key)[\($0)]") }
        }
        includeOrigins = origins("pages.include", config.include.count)
        excludeOrigins = origins("pages.exclude", config.exclude.count)
        baseExcludeOrigins = origins("base.exclude", config.base.exclude.count)
        strict = config.strict
        configPath = config.displayPath
        let manager = config.consentManager, gpc = config.gpc
        consentManager = manager
        self.gpc = gpc
        let baseConsent = config.base.consent
        var baseSnippet = lock.baseCode.codeSnippet
        do {
            if gpc == .all { baseSnippet = try Consent.skippingUnderGPC(baseSnippet) }
        } catch {
            throw PixelTagError.input("\(config.origin(of: "consent.gpc")): the base code in \(lockName) cannot be skipped under Global Privacy Control: \(error.message)")
        }
        if let consent = baseConsent {
            do {
                baseSnippet = try Consent.apply(consent, manager: manager, to: baseSnippet)
            } catch {
                throw PixelTagError.input("\(config.displayPath): base.consent: the base code in \(lockName) cannot be held back for consent: \(error.message)")
            }
        }
        base = BaseRule(block: Block(kind: .base, content: baseSnippet), position: config.base.position,
                        exclude: config.base.exclude.map(Glob.init), consent: baseConsent)

        events = try config.events.enumerated().map { order, rule in
            let origin = "\(config.displayPath):\(rule.line)"
            guard let event = lock.event(named: rule.event) else {
                if let former = lock.adviceForFormer(rule.event) { throw PixelTagError.input("\(origin): \(former)") }
                let names = lock.events.map(\.title) + lock.events.map(\.id)
                let advice = Suggestion.closest(to: rule.event, in: names).map { "; did you mean \"\($0)\"?" }
                    ?? "; run `pixeltag sync` if it was created since, or `pixeltag events list` to see the names"
                throw PixelTagError.input("\(origin): no event \"\(rule.event)\" in \(lockName)\(advice)")
            }
            // An event's call needs the base code's tgp(): when the base waits for consent, so do its
            // events, for the same category. A manager runs a script once its own category is
            // accepted, so an event of another category would run without the base code when
            // only its own is, and throw "tgp is not defined": such a rule is refused.
            if let own = rule.consent, let baseConsent, own != baseConsent {
                throw PixelTagError.input("\(origin): event \"\(rule.event)\" waits for consent \"\(own)\", but the base code waits for \"\(baseConsent)\": a visitor who accepts only \"\(own)\" would run the event without the base code, which throws \"tgp is not defined\"; leave out the rule's consent (it takes the base's), or hold the base code back for \"\(own)\" instead")
            }
            let consent = rule.consent ?? baseConsent
            var snippet = event.codeSnippet
            var call: String?
            do {
                if rule.trigger != nil { call = try EventCall.body(of: snippet) }
                if gpc != nil { snippet = try Consent.skippingUnderGPC(snippet) }
                if let consent { snippet = try Consent.apply(consent, manager: manager, to: snippet) }
            } catch let problem as EventCall.Problem {
                throw PixelTagError.input("\(origin): event \"\(rule.event)\": \(problem.message)")
            } catch let problem as Consent.Problem {
                throw PixelTagError.input("\(origin): event \"\(rule.event)\" cannot be held back for consent: \(problem.message)")
            }
            var viewBlock: Block?
            if rule.trigger == nil, config.navigation.mode != .off, let body = try? EventCall.body(of: event.codeSnippet) {
                viewBlock = Block(kind: .event(id: event.id), content: Self.held(NavigationScript.event(call: body, consent: consent, skipsUnderGPC: gpc != nil), for: consent, manager: manager))
            }
            let selector = try rule.selector.map { try SelectorList(parsing: $0) }
            if let selector, rule.trigger == nil, let problem = LivePlaces.impossibility(of: selector, at: rule.position) {
                throw PixelTagError.input("\(origin): event \"\(rule.event)\": \(problem)")
            }
            return EventRule(
                order: order, eventID: event.id, title: event.title,
                block: Block(kind: .event(id: event.id), content: snippet), viewBlock: viewBlock,
                pages: rule.pages.map(Glob.init),
                selector: selector, prefilter: selector.flatMap(SelectorPrefilter.init),
                position: rule.position, trigger: rule.trigger, call: call, consent: consent,
                repeats: rule.repeats, origin: origin, line: rule.line,
                pageOrigins: rule.pages.indices.map { config.origin(of: "events[\(order)].pages[\($0)]") }, name: rule.event
            )
        }
        var warned: Set<String> = []
        for (rule, written) in zip(events, config.events) where warned.insert(rule.eventID).inserted {
            guard let event = lock.event(named: written.event), !event.isActive else { continue }
            notices.append(Finding(kind: .deactivated, event: event.id, line: rule.line,
                message: "event \(Quote.text(event.title)) is \(event.status ?? "inactive") in \(lockName), so the Telegram pixel may not count it; activate it on the account and run `pixeltag sync`, or remove the rule",
                file: config.displayPath))
        }

        var byName: [String: AnnotatedEvent?] = [:]
        var annotatedByID: [String: AnnotatedEvent] = [:]
        for event in lock.events {
            var annotated = AnnotatedEvent(eventID: event.id, block: Block(kind: .event(id: event.id), content: event.codeSnippet),
                                           call: try? EventCall.body(of: event.codeSnippet),
                                           inactiveStatus: event.isActive ? nil : event.status ?? "inactive", title: event.title)
            if config.navigation.mode != .off, let call = annotated.call {
                annotated.viewBlock = Block(kind: annotated.block.kind, content: Self.held(NavigationScript.event(call: call, consent: baseConsent, skipsUnderGPC: gpc != nil), for: baseConsent, manager: manager))
            }
            if gpc != nil, let skipping = try? Consent.skippingUnderGPC(event.codeSnippet) {
                annotated.block = Block(kind: annotated.block.kind, content: skipping)
            }
            if let consent = baseConsent {
                do {
                    annotated.block = Block(kind: annotated.block.kind, content: try Consent.apply(consent, manager: manager, to: annotated.block.content))
                } catch {
                    annotated.consentProblem = "event \"\(event.title)\" cannot be held back for consent: \(error.message)"
                }
            }
            // Two events with one title: the title alone names neither.
            switch byName[event.title] {
            case .none: byName[event.title] = annotated
            case .some(.some(let other)) where other.eventID != event.id: byName[event.title] = .some(nil)
            default: break
            }
            annotatedByID[event.id] = annotated
        }
        // An id always names its event, as in the lock (`LockFile.event(named:)`).
        for (id, event) in annotatedByID { byName[id] = event }
        eventsByName = byName
        // `type` and `form` tell which elements a submit can reach (`SubmitTarget`).
        var names: Set<String> = ["charset", "http-equiv", "type", "form", Annotations.eventAttribute, Annotations.triggerAttribute, Annotations.attributePrefix + "*"]
        for rule in events { if let selector = rule.selector { names.formUnion(selector.attributeNames) } }
        attributeNames = names.sorted()
        navigation = config.navigation
        var containers: [ClientRouter: SelectorList] = [:]
        var runtimes: [ClientRouter: Block] = [:]
        if config.navigation.mode != .off {
            for router in ClientRouter.allCases {
                let runtime = NavigationScript.runtime(for: router, consent: baseConsent)
                runtimes[router] = Block(kind: .navigation, content: Self.held(runtime, for: baseConsent, manager: manager))
                if let container = router == .history ? config.navigation.container : router.container {
                    containers[router] = try SelectorList(parsing: container)
                }
            }
        }
        navigationRuntime = runtimes
        routerContainers = containers
        for container in containers.values { names.formUnion(container.attributeNames) }
        navigationAttributeNames = names.sorted()
        self.lockName = lockName
        eventNames = lock.events.map(\.title) + lock.events.map(\.id)
        var former: [String: String] = [:]
        for entry in lock.formerTitles ?? [] {
            for name in [entry.title, entry.id] { if let advice = lock.adviceForFormer(name) { former[name] = advice } }
        }
        formerAdvice = former
        pastedBase = HandPastedCode(snippet: lock.baseCode.codeSnippet, id: lock.baseCode.tgPixelId)
        var pasted: [Block.Kind: HandPastedCode] = [.base: HandPastedCode(snippet: lock.baseCode.codeSnippet, id: lock.baseCode.tgPixelId)]
        for event in lock.events { pasted[.event(id: event.id)] = HandPastedCode(snippet: event.codeSnippet, id: event.tgEventId) }
        pastedCode = pasted
    }

    /// A script of pixeltag's own, held back for `consent` with the site's manager's attributes.
    func heldBack(_ script: String, for consent: String?) -> String {
        Self.held(script, for: consent, manager: consentManager)
    }

    /// A script of pixeltag's own, held back for a consent category as the base code is.
    private static func held(_ script: String, for consent: String?, manager: ConsentManager) -> String {
        guard let consent else { return script }
        return (try? Consent.apply(consent, manager: manager, to: script)) ?? script
    }

    /// The client-side router a page carries: a recognised one (one byte search a mark),
    /// else with `navigation: always` the history API's. With `navigation: off` the page is
    /// still looked at, for verify's warning (`PagePlan.router` stays nil then).
    package func router(in bytes: [UInt8]) -> ClientRouter? {
        routerDetector.router(in: bytes) ?? (navigation.mode == .always ? .history : nil)
    }

    /// Whether a file (relative to the site) is a page pixeltag should look at.
    package func isPage(_ path: String) -> Bool {
        include.anyMatches(path) && !exclude.anyMatches(path)
    }

    /// Events follow the base code: a page excluded from it gets no event from the rules
    /// (unless it defines `tgp` itself, which `PageInjector` looks for), since without it
    /// `tgp` is not defined and every event would throw.
    package func plan(for path: String) -> PagePlan {
        if deployContext?.reach == .nothing { return PagePlan(base: nil, events: []) }
        let events = events.filter { $0.pages.anyMatches(path) }
        guard !base.exclude.anyMatches(path) else { return PagePlan(base: nil, events: [], eventsWithoutBase: events) }
        return PagePlan(base: base, events: events)
    }

    /// The event an annotation names, or advice on what is wrong with the name.
    func annotatedEvent(named name: String) -> Result<AnnotatedEvent, PlacementPlanner.Failure> {
        switch eventsByName[name] {
        case .some(.some(let event)): return .success(event)
        case .some(.none):
            return .failure(.init(message: "\"\(name)\" is the title of more than one event in \(lockName); name it by its id"))
        case .none:
            if let former = formerAdvice[name] { return .failure(.init(message: "the annotation's \(former)")) }
            let advice = Suggestion.closest(to: name, in: eventNames).map { "; did you mean \"\($0)\"?" }
                ?? "; run `pixeltag sync` if it was created since, or `pixeltag events list` to see the names"
            return .failure(.init(message: "the annotation names no event \"\(name)\" in \(lockName)\(advice)"))
        }
    }
}
