/// One block to insert at one offset of a page (its bytes without pixeltag blocks).
public struct Placement: Sendable, Equatable {
    public var offset: Int
    /// Orders blocks at the same offset: the base code first, then its listeners, then
    /// rules in config order, then annotations.
    public var order: Int
    public var block: Block
    /// Before an end tag or element that starts its own line: the block may go before that
    /// line's indentation instead, so the page's own line keeps its look.
    public var mayMoveToLineStart = false
    /// What put it there, for `explain`: a config line or an annotation.
    public var origin = ""
}

/// Decides where each of a page's blocks goes.
public enum PlacementPlanner {
    public struct Failure: Error, Equatable {
        public var message: String
        /// Where in the page the problem is, when it is in the page (an annotation).
        public var offset: Int?

        public init(message: String, offset: Int? = nil) {
            self.message = message
            self.offset = offset
        }
    }

    static let baseOrder = Int.min
    static let triggersOrder = Int.min + 1

    public static func placements(for plan: RuleSet.PagePlan, in page: Page, rules: RuleSet) throws(Failure) -> [Placement] {
        var placements: [Placement] = []
        var placed: Set<String> = []
        var triggers: [String?: [TriggerScript.Entry]] = [:]
        let baseOffset = plan.base.map { anchor($0.position, in: page) }
        if let base = plan.base, let baseOffset {
            placements.append(Placement(offset: baseOffset, order: baseOrder, block: base.block,
                                        mayMoveToLineStart: base.position == .headEnd, origin: "base"))
        }

        // The page's own annotations first: its author asked for each of them.
        if plan.annotations {
            for (number, annotation) in try Annotations.find(in: page).enumerated() {
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
                    let selector = "[\(Annotations.eventAttribute)=\(JavaScriptString.cssString(annotation.name))][\(Annotations.triggerAttribute)=\(trigger.rawValue) i]"
                    triggers[plan.base?.consent ?? rules.base.consent, default: []].append(.init(trigger: trigger, selector: selector, call: call))
                } else if let offset = annotation.offset {
                    placements.append(Placement(offset: offset, order: plan.events.count + number, block: event.block, origin: "annotation"))
                }
                placed.insert(event.eventID)
            }
        }

        let matcher = plan.events.contains { $0.selector != nil }
            ? SelectorMatcher(page: page, positions: plan.events.contains { $0.selector?.usesPositions == true }) : nil
        for rule in plan.events {
            if let trigger = rule.trigger, let call = rule.call, let selector = rule.selector {
                // Only pages that have such an element get a listener for it.
                guard matcher?.firstMatch(selector) != nil else { continue }
                triggers[rule.consent, default: []].append(.init(trigger: trigger, selector: selector.source, call: call))
                continue
            }
            if placed.contains(rule.eventID) && !rule.repeats { continue }
            var offsets: [(Int, Bool)] = []
            if let selector = rule.selector, let matcher {
                // A page without a matching element simply does not get this event.
                let matches = rule.repeats ? matcher.allMatches(selector) : matcher.firstMatch(selector).map { [$0] } ?? []
                offsets = matches.map { position(rule.position, of: page.elements[$0]) }
            } else {
                offsets = [(anchor(rule.position, in: page), [.headEnd, .bodyEnd].contains(rule.position))]
            }
            for (offset, beforeTag) in offsets {
                placements.append(Placement(offset: offset, order: rule.order, block: rule.block, mayMoveToLineStart: beforeTag, origin: rule.origin))
            }
            if !offsets.isEmpty { placed.insert(rule.eventID) }
        }

        // One listener per consent category, right after the base code.
        let listenerOffset = baseOffset ?? anchor(rules.base.position, in: page)
        for (number, consent) in triggers.keys.sorted(by: { ($0 ?? "") < ($1 ?? "") }).enumerated() {
            let block = Block(kind: .triggers(consent: consent), content: TriggerScript.render(triggers[consent]!, consent: consent))
            placements.append(Placement(offset: listenerOffset, order: triggersOrder + number, block: block,
                                        mayMoveToLineStart: plan.base?.position == .headEnd, origin: "triggers"))
        }

        if let baseOffset, let early = placements.first(where: { $0.offset < baseOffset }) {
            if early.origin == "annotation" {
                throw Failure(message: "the annotation would put its event before the base code, which must come first; move it into the body", offset: early.offset)
            }
            throw Failure(message: "\(early.origin): the rule would put its event before the base code, which must come first; place it later in the page")
        }
        return placements.sorted { ($0.offset, $0.order) < ($1.offset, $1.order) }
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
