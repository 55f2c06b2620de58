/// One block to insert at one offset of a page (its bytes without pixeltag blocks).
public struct Placement: Sendable, Equatable {
    public var offset: Int
    /// Orders blocks at the same offset: the base code first, then rules in config order.
    public var order: Int
    public var block: Block
    /// Before an end tag or element that starts its own line: the block may go before that
    /// line's indentation instead, so the page's own line keeps its look.
    public var mayMoveToLineStart = false
}

/// Decides where each of a page's blocks goes.
public enum PlacementPlanner {
    public struct Failure: Error, Equatable {
        public var message: String
    }

    public static func placements(for plan: RuleSet.PagePlan, in page: Page) throws(Failure) -> [Placement] {
        var placements: [Placement] = []
        var baseOffset: Int?
        if let base = plan.base {
            let offset = anchor(base.position, in: page)
            baseOffset = offset
            placements.append(Placement(offset: offset, order: -1, block: base.block, mayMoveToLineStart: base.position == .headEnd))
        }
        let matcher = plan.events.contains { $0.selector != nil } ? SelectorMatcher(page: page) : nil
        for rule in plan.events {
            let offset: Int
            var beforeTag = [.headEnd, .bodyEnd, .beforebegin].contains(rule.position)
            if let selector = rule.selector, let matcher {
                // A page without a matching element simply does not get this event.
                guard let index = matcher.firstMatch(selector) else { continue }
                let element = page.elements[index]
                switch rule.position {
                case .beforebegin: offset = element.startTag.lowerBound
                case .afterbegin: offset = element.startTag.upperBound
                case .beforeend: offset = element.contentEnd; beforeTag = element.endTag != nil
                default: offset = element.outerEnd
                }
            } else {
                offset = anchor(rule.position, in: page)
            }
            if let baseOffset, offset < baseOffset {
                throw Failure(message: "\(rule.origin): the rule would put its event before the base code, which must come first; place it later in the page")
            }
            placements.append(Placement(offset: offset, order: rule.order, block: rule.block, mayMoveToLineStart: beforeTag))
        }
        return placements.sorted { ($0.offset, $0.order) < ($1.offset, $1.order) }
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
