extension RuleSet {
    /// The rules as a deploy context gets them. Without events, no rule places one, and
    /// `placesEvents` keeps annotations and the click and submit listener out too; with
    /// nothing, `plan(for:)` gives no page the base code either. Every rule was checked
    /// against the lock all the same, so a preview build fails on what production would.
    package func restricted(to context: ContextResolution?) -> RuleSet {
        var rules = self
        rules.deployContext = context
        if let context, context.reach != .everything {
            rules.withheldEvents = rules.events
            rules.events = []
        }
        return rules
    }

    /// Whether pages get events at all: the rules', the annotations' and the listener's.
    package var placesEvents: Bool {
        (deployContext?.reach ?? .everything) == .everything
    }
}
