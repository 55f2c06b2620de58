/// One block to insert at one offset of a page (its bytes without pixeltag blocks).
package struct Placement: Sendable, Equatable {
    package var offset: Int
    /// Orders blocks at the same offset: the base code first, then its listeners, then
    /// rules in config order, then annotations.
    package var order: Int
    package var block: Block
    /// Before an end tag or element that starts its own line: the block may go before that
    /// line's indentation instead, so the page's own line keeps its look.
    package var mayMoveToLineStart = false
    /// What put it there, for `explain` and for advice on how to take it off a page.
    package var origin: Origin
    /// The config's event rules (by `order`) whose block or listener this is, so a run can
    /// tell which rules placed nothing.
    package var rules: [Int] = []
}

extension Placement {
    package enum Origin: Sendable, Equatable, CustomStringConvertible {
        /// `base:` of the config.
        case base
        /// The click and submit listeners the `on:` rules need, right after the base code.
        case triggers
        /// The client-side navigation runtime, right after the base code.
        case navigation
        /// An annotation in the page.
        case annotation
        /// An event rule, where the config writes it (`pixeltag.yml:14`).
        case rule(at: String)

        package var description: String {
            switch self {
            case .base: "base"
            case .triggers: "triggers"
            case .navigation: "navigation"
            case .annotation: "annotation"
            case .rule(let at): at
            }
        }
    }
}

/// Decides where each of a page's blocks goes.
package enum PlacementPlanner {
    package struct Failure: Error, Equatable {
        package var message: String
        /// Where in the page the problem is, when it is in the page (an annotation).
        package var offset: Int?
        /// Whether messages give the offset's column too: for an element, the line alone
        /// may hold several.
        package var showsColumn = false

        package init(message: String, offset: Int? = nil, showsColumn: Bool = false) {
            self.message = message
            self.offset = offset
            self.showsColumn = showsColumn
        }
    }

    static let baseOrder = Int.min
    static let navigationOrder = Int.min + 1
    static let triggersOrder = Int.min + 2

    /// - Parameter locate: "line L:C" of an offset in the page, for messages.
    package static func placements(
        for plan: RuleSet.PagePlan, in page: Page, rules: RuleSet, locate: (Int) -> String = { "offset \($0)" }
    ) throws(Failure) -> [Placement] {
        var placements: [Placement] = []
        var placed: Set<String> = []
        var triggers: [String?: [TriggerScript.Entry]] = [:]
        let live = LivePlaces(page: page)
        var triggerRules: [String?: [Int]] = [:]
        let baseOffset = plan.base.map { anchor($0.position, in: page) }
        if let base = plan.base, let baseOffset {
            if let inert = live.inert(at: baseOffset) {
                throw unclosed(inert, what: "the base code (\(base.position.rawValue))", at: baseOffset, locate: locate)
            }
            placements.append(Placement(offset: baseOffset, order: baseOrder, block: base.block,
                                        mayMoveToLineStart: base.position == .headEnd, origin: .base))
        }
        // Under a client-side router: the runtime right after the base code, and the page's
        // own blocks inside what the router replaces, so that each page view brings them.
        let region = plan.router.flatMap { router in plan.base.map { _ in Region(router: router, plan: plan, page: page) } }
        if let region, let baseOffset, let runtime = rules.navigationRuntime[region.router] {
            placements.append(Placement(offset: baseOffset, order: navigationOrder, block: runtime,
                                        mayMoveToLineStart: plan.base?.position == .headEnd, origin: .navigation))
        }
        // What defines `tgp` for the events: the base code, or a copy pasted into the page by
        // hand, when that copy is in a script a browser runs (not shown in a `<textarea>`).
        let pasted = plan.pastedBase.flatMap { offset in
            live.inert(at: offset).map { $0.reason == .inside(.text) && $0.element == "script" } == true ? offset : nil
        }
        let tgpOffset = baseOffset ?? pasted

        // The page's own annotations first: its author asked for each of them.
        if plan.annotations {
            for (number, annotation) in try Annotations.find(in: page, live: live).enumerated() {
                guard tgpOffset != nil else {
                    throw Failure(message: "the annotation names event \"\(annotation.name)\", but this page is excluded from the base code (base.exclude), so nothing defines tgp and the event would throw; take the page out of base.exclude, or the annotation out of the page", offset: annotation.at, showsColumn: true)
                }
                let event: RuleSet.AnnotatedEvent
                switch rules.annotatedEvent(named: annotation.name) {
                case .success(let found):
                    if let problem = found.consentProblem { throw Failure(message: problem, offset: annotation.at) }
                    event = found
                case .failure(var failure):
                    failure.offset = annotation.at
                    throw failure
                }
                if let trigger = annotation.trigger {
                    guard let call = event.call else {
                        throw Failure(message: "event \"\(annotation.name)\": its snippet is not one <script> element, so it cannot fire on a \(trigger.rawValue)", offset: annotation.at)
                    }
                    if trigger == .submit, let element = annotation.element, !SubmitTarget.canFire(element, in: page) {
                        throw Failure(message: "\(Annotations.triggerAttribute)=\"submit\" on \(SubmitTarget.describe(page.elements[element])) never fires: a submit reaches only a <form> (and what holds it) and the submit button that sent it; put the annotation on the form or its submit button, or use \(Annotations.triggerAttribute)=\"click\"", offset: annotation.at)
                    }
                    let selector = "[\(Annotations.eventAttribute)=\(JavaScriptString.cssString(annotation.name))][\(Annotations.triggerAttribute)=\(trigger.rawValue) i]"
                    triggers[plan.base?.consent ?? rules.base.consent, default: []].append(.init(trigger: trigger, selector: selector, call: call))
                } else if let offset = annotation.offset {
                    if let inert = live.inert(at: offset) {
                        throw Failure(message: "the annotation of event \"\(annotation.name)\" is inside <\(inert.element)> at \(locate(inert.elementStart)): \(inert.explanation); move the annotation out of the <\(inert.element)>; page left untouched", offset: annotation.at, showsColumn: true)
                    }
                    let block = region == nil ? event.block : event.viewBlock ?? event.block
                    placements.append(Placement(offset: offset, order: plan.events.count + number, block: block, origin: .annotation))
                }
                placed.insert(event.eventID)
            }
        }

        let matcher = plan.events.contains { $0.selector != nil }
            ? SelectorMatcher(page: page, positions: plan.events.contains { $0.selector?.usesPositions == true }) : nil
        for rule in plan.events {
            if let trigger = rule.trigger, let call = rule.call, let selector = rule.selector {
                // Only pages that have such an element get a listener for it.
                guard let first = matcher?.firstMatch(selector) else { continue }
                if trigger == .submit, let matcher, !matcher.allMatches(selector).contains(where: { SubmitTarget.canFire($0, in: page) }) {
                    throw Failure(message: "\(rule.origin): on: submit never fires on this page: \"\(selector.source)\" matches \(SubmitTarget.describe(page.elements[first])), and a submit reaches only a <form> (and what holds it) and the submit button that sent it; select the form or its submit button, or use on: click", offset: page.elements[first].startTag.lowerBound)
                }
                triggers[rule.consent, default: []].append(.init(trigger: trigger, selector: selector.source, call: call))
                triggerRules[rule.consent, default: []].append(rule.order)
                continue
            }
            if placed.contains(rule.eventID) && !rule.repeats { continue }
            // Events follow the base code: without it or a running copy, nothing defines tgp.
            if tgpOffset == nil { continue }
            var offsets: [(Int, Bool)] = []
            if let selector = rule.selector, let matcher {
                // A page without a matching element simply does not get this event.
                let matches = rule.repeats ? matcher.allMatches(selector) : matcher.firstMatch(selector).map { [$0] } ?? []
                // Every match must hold the block: a rule never places it at some and skips others.
                let refused = matches.compactMap { match in live.inert(rule.position, of: page.elements[match]).map { (match, $0) } }
                if let (match, inert) = refused.first {
                    throw unplaceable(rule, match: page.elements[match], inert: inert, others: refused.count - 1, locate: locate)
                }
                offsets = matches.map { position(rule.position, of: page.elements[$0]) }
            } else {
                // Under a router, a place every page has is taken inside what it replaces:
                // body-end at its end, the others at its start.
                let offset = region.map { rule.position == .bodyEnd ? $0.end : $0.start } ?? anchor(rule.position, in: page)
                if let inert = live.inert(at: offset) {
                    throw unclosed(inert, what: "\(rule.origin) event \"\(rule.title)\" (\(rule.position.rawValue))", at: offset, locate: locate)
                }
                let beforeTag = region.map { rule.position == .bodyEnd && $0.endsBeforeTag } ?? [.headEnd, .bodyEnd].contains(rule.position)
                offsets = [(offset, beforeTag)]
            }
            let block = region == nil ? rule.block : rule.viewBlock ?? rule.block
            for (offset, beforeTag) in offsets {
                placements.append(Placement(offset: offset, order: rule.order, block: block, mayMoveToLineStart: beforeTag, origin: .rule(at: rule.origin), rules: [rule.order]))
            }
            if !offsets.isEmpty { placed.insert(rule.eventID) }
        }

        // One listener per consent category, right after the base code (under a router, at
        // the start of what it replaces: each page view brings its own rows).
        let listenerOffset = region?.start ?? baseOffset ?? anchor(rules.base.position, in: page)
        if baseOffset == nil, !triggers.isEmpty, let inert = live.inert(at: listenerOffset) {
            throw unclosed(inert, what: "the click and submit listener (\(rules.base.position.rawValue))", at: listenerOffset, locate: locate)
        }
        for (number, consent) in triggers.keys.sorted(by: { ($0 ?? "") < ($1 ?? "") }).enumerated() {
            let content = region == nil
                ? TriggerScript.render(triggers[consent]!, consent: consent, manager: rules.consentManager, skipsUnderGPC: rules.gpc != nil)
                : rules.heldBack(NavigationScript.listener(triggers[consent]!, consent: consent, skipsUnderGPC: rules.gpc != nil), for: consent)
            let block = Block(kind: .triggers(consent: consent), content: content)
            placements.append(Placement(offset: listenerOffset, order: triggersOrder + number, block: block,
                                        mayMoveToLineStart: region == nil && plan.base?.position == .headEnd, origin: .triggers, rules: triggerRules[consent] ?? []))
        }

        if let tgpOffset, let early = placements.first(where: { $0.offset < tgpOffset }) {
            let base = baseOffset == nil ? "the base code pasted into the page (\(locate(tgpOffset)))" : "the base code"
            if early.origin == .annotation {
                throw Failure(message: "the annotation would put its event before \(base), which must come first; move it into the body", offset: early.offset)
            }
            throw Failure(message: "\(early.origin): the rule would put its event before \(base), which must come first; place it later in the page")
        }
        return placements.sorted { ($0.offset, $0.order) < ($1.offset, $1.order) }
    }

    /// The part of a page a client-side router replaces on each page view: its container
    /// element when it has one and the page has it, else the body.
    struct Region {
        var router: ClientRouter
        var start: Int
        var end: Int
        /// Whether `end` is right before an end tag (a block there may go before its line's
        /// indentation).
        var endsBeforeTag: Bool

        init(router: ClientRouter, plan: RuleSet.PagePlan, page: Page) {
            self.router = router
            if let container = plan.routerContainer, let match = SelectorMatcher(page: page, positions: container.usesPositions).firstMatch(container) {
                let element = page.elements[match]
                start = element.startTag.upperBound
                end = element.contentEnd
                endsBeforeTag = element.endTag != nil
            } else {
                start = page.anchors.bodyStart?.offset ?? 0
                end = page.anchors.bodyEnd?.offset ?? 0
                endsBeforeTag = true
            }
        }
    }

    /// A selector rule whose match has no place for its block there.
    static func unplaceable(_ rule: RuleSet.EventRule, match: Page.Element, inert: LivePlaces.Inert, others: Int, locate: (Int) -> String) -> Failure {
        let more = others > 0 ? " (and \(others) more match\(others == 1 ? "" : "es") with no place for it)" : ""
        let itself = inert.elementStart == match.startTag.lowerBound
        var text = "\(rule.origin) event \"\(rule.title)\" (selector \"\(rule.selector?.source ?? "")\", \(rule.position.rawValue)) matches <\(match.name)>\(more)"
        if inert.reason == .inside(.cutOff) {
            return Failure(message: text + ", and its block would go at the end of the page: \(inert.explanation); finish it in the page's source; page left untouched",
                           offset: match.startTag.lowerBound, showsColumn: true)
        }
        if !itself { text += ", inside <\(inert.element)> at \(locate(inert.elementStart))" }
        text += ": \(inert.explanation); "
        if let advice = LivePlaces.advice(for: inert.reason, element: inert.element) {
            text += itself || inert.element != "plaintext" ? advice : "select an element before the <plaintext>"
        } else if itself && (rule.position == .afterbegin || rule.position == .beforeend) {
            text += "use afterend, or select its parent"
        } else if itself {
            text += "the <\(inert.element)> is not closed before the end of the page; close it in the page's source"
        } else {
            text += "select an element outside the <\(inert.element)>"
        }
        return Failure(message: text + "; page left untouched", offset: match.startTag.lowerBound, showsColumn: true)
    }

    /// A place every page has (`head-end`, `body-end`…) that lies, on this page, inside an
    /// element a browser never closed before it.
    static func unclosed(_ inert: LivePlaces.Inert, what: String, at offset: Int, locate: (Int) -> String) -> Failure {
        if inert.reason == .inside(.cutOff) {
            return Failure(message: "\(what) would go at \(locate(offset)), the end of the page: \(inert.explanation); finish it in the page's source; page left untouched",
                           offset: inert.elementStart, showsColumn: true)
        }
        let advice = inert.reason == .inside(.frameset)
            ? "leave the page out of the rule" : "close the <\(inert.element)> in the page's source"
        return Failure(message: "\(what) would go at \(locate(offset)), inside this <\(inert.element)>: \(inert.explanation); \(advice); page left untouched",
                       offset: inert.elementStart, showsColumn: true)
    }

    /// Where a selector rule's block goes relative to its element, and whether that is
    /// right before a tag.
    static func position(_ position: PixelTagConfig.Position, of element: Page.Element) -> (Int, Bool) {
        switch position {
        case .beforebegin: return (element.startTag.lowerBound, true)
        case .afterbegin: return (element.startTag.upperBound, false)
        case .beforeend: return (element.contentEnd, element.endTag != nil)
        default: return (element.outerEnd, false)
        }
    }

    static func anchor(_ position: PixelTagConfig.Position, in page: Page) -> Int {
        let anchors = page.anchors
        switch position {
        case .headStart:
            let start = anchors.headStart?.offset ?? 0
            // Keep a leading `<meta charset>` first: browsers look for it in the first 1024 bytes.
            let charset = page.elements.first {
                $0.name == "meta" && ($0.attribute("charset") != nil || $0.attribute("http-equiv")?.lowercased() == "content-type")
            }
            if let charset, charset.startTag.lowerBound >= start, charset.startTag.upperBound <= (anchors.headEnd?.offset ?? .max) {
                return charset.startTag.upperBound
            }
            return start
        case .headEnd: return anchors.headEnd?.offset ?? 0
        case .bodyStart: return anchors.bodyStart?.offset ?? 0
        default: return anchors.bodyEnd?.offset ?? 0
        }
    }
}
