/// A parsed CSS selector list, as the rules use it to find an element in a page.
public struct SelectorList: Sendable, Equatable {
    public var selectors: [ComplexSelector]
    public var source: String
}

/// Compound selectors joined by combinators, stored right to left for matching:
/// `form button` is `[button, (descendant, form)]`.
public struct ComplexSelector: Sendable, Equatable {
    public var subject: CompoundSelector
    public var ancestors: [(Combinator, CompoundSelector)]

    public static func == (a: ComplexSelector, b: ComplexSelector) -> Bool {
        a.subject == b.subject && a.ancestors.count == b.ancestors.count
            && zip(a.ancestors, b.ancestors).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }
}

public enum Combinator: Sendable, Equatable {
    case descendant, child, nextSibling, subsequentSibling
}

public struct CompoundSelector: Sendable, Equatable {
    /// Lowercased tag name; nil for `*` or no type at all.
    public var type: String?
    public var conditions: [Condition] = []
}

public enum Condition: Sendable, Equatable {
    case id(String)
    case className(String)
    case attribute(name: String, op: AttributeOperator?, value: String, caseInsensitive: Bool)
}

public enum AttributeOperator: String, Sendable, Equatable {
    case equals = "=", includes = "~=", dashMatch = "|=", prefix = "^=", suffix = "$=", substring = "*="
}

/// Why a selector could not be read, and where (1-based column in the selector text).
public struct SelectorSyntaxError: Error, Equatable, Sendable {
    public var message: String
    public var column: Int
}
