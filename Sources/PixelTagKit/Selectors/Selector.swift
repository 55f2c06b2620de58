/// A parsed CSS selector list, as the rules use it to find an element in a page.
package struct SelectorList: Sendable, Equatable {
    package var selectors: [ComplexSelector]
    package var source: String
}

/// Compound selectors joined by combinators, stored right to left for matching:
/// `form button` is `[button, (descendant, form)]`.
package struct ComplexSelector: Sendable, Equatable {
    package var subject: CompoundSelector
    package var ancestors: [(Combinator, CompoundSelector)]

    package static func == (a: ComplexSelector, b: ComplexSelector) -> Bool {
        a.subject == b.subject && a.ancestors.count == b.ancestors.count
            && zip(a.ancestors, b.ancestors).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }
}

package enum Combinator: Sendable, Equatable {
    case descendant, child, nextSibling, subsequentSibling
}

package struct CompoundSelector: Sendable, Equatable {
    /// Lowercased tag name; nil for `*` or no type at all.
    package var type: String?
    package var conditions: [Condition] = []
}

package enum Condition: Sendable, Equatable {
    case id(String)
    case className(String)
    case attribute(name: String, op: AttributeOperator?, value: String, valueCase: AttributeValueCase)
    case pseudo(PseudoClass)
}

/// The pseudo-classes that mean something in a page that is not yet in a browser: its
/// structure, not its state (`:hover`, `:checked` and the like are refused).
package indirect enum PseudoClass: Sendable, Equatable {
    case root
    case empty
    /// `:nth-child()`, `:first-child` (`0n+1`), `:nth-last-of-type()`…
    case nth(Nth, ofType: Bool, fromEnd: Bool)
    /// `:only-child`, `:only-of-type`.
    case only(ofType: Bool)
    /// `:is()` and `:where()` (which differ only in specificity, and nothing is styled here).
    case matchesAny(SelectorList)
    case not(SelectorList)
    /// `:has()`: relative selectors, each anchored at the element being tested.
    case has([ComplexSelector])
    /// The anchor of a `:has()` argument: matches only the element `:has()` is tested on.
    case scope
}

/// `An+B`: the 1-based positions `a*n + b` for n = 0, 1, 2…
package struct Nth: Sendable, Equatable {
    package var a: Int
    package var b: Int

    package func matches(_ position: Int) -> Bool {
        if a == 0 { return position == b }
        let steps = position - b
        return steps % a == 0 && steps / a >= 0
    }
}

/// How an attribute selector compares values.
package enum AttributeValueCase: Sendable, Equatable {
    /// Byte for byte: the `s` flag, and every attribute the HTML standard does not list.
    case sensitive
    /// ASCII letters in any case: the `i` flag.
    case insensitive
    /// ASCII case-insensitive on HTML elements, exact on SVG and MathML ones: an attribute of
    /// the HTML standard's list, without a flag.
    case insensitiveOnHTMLElements

    /// The attributes whose values the HTML standard ("Case-sensitivity of selectors") has
    /// attribute selectors compare ASCII case-insensitively on HTML elements, as browsers do:
    /// `button[type=SUBMIT]` matches `<button type="submit">`.
    package static let htmlCaseInsensitiveAttributes: Set<String> = [
        "accept", "accept-charset", "align", "alink", "axis", "bgcolor", "charset", "checked", "clear",
        "codetype", "color", "compact", "declare", "defer", "dir", "direction", "disabled", "enctype",
        "face", "frame", "hreflang", "http-equiv", "lang", "language", "link", "media", "method",
        "multiple", "nohref", "noresize", "noshade", "nowrap", "readonly", "rel", "rev", "rules",
        "scope", "scrolling", "selected", "shape", "target", "text", "type", "valign", "valuetype", "vlink",
    ]

    /// For a selector without a flag.
    static func unflagged(_ name: String) -> AttributeValueCase {
        htmlCaseInsensitiveAttributes.contains(name) ? .insensitiveOnHTMLElements : .sensitive
    }
}

package enum AttributeOperator: String, Sendable, Equatable {
    case equals = "=", includes = "~=", dashMatch = "|=", prefix = "^=", suffix = "$=", substring = "*="
}

/// Why a selector could not be read, and where (1-based column in the selector text).
package struct SelectorSyntaxError: Error, Equatable, Sendable {
    package var message: String
    package var column: Int
}

extension SelectorList {
    /// Every attribute name the list can look at, so a parse copies only those.
    package var attributeNames: Set<String> {
        var names: Set<String> = []
        for complex in selectors {
            for compound in [complex.subject] + complex.ancestors.map(\.1) {
                for condition in compound.conditions {
                    switch condition {
                    case .id: names.insert("id")
                    case .className: names.insert("class")
                    case .attribute(let name, _, _, _): names.insert(name)
                    case .pseudo(.matchesAny(let list)), .pseudo(.not(let list)): names.formUnion(list.attributeNames)
                    case .pseudo(.has(let relatives)): names.formUnion(SelectorList(selectors: relatives, source: "").attributeNames)
                    case .pseudo: break
                    }
                }
            }
        }
        return names
    }
}

extension SelectorList {
    /// Whether matching needs sibling positions (`:nth-child()`, `:first-of-type`…).
    package var usesPositions: Bool {
        selectors.contains { complex in
            ([complex.subject] + complex.ancestors.map(\.1)).contains { compound in
                compound.conditions.contains { condition in
                    switch condition {
                    case .pseudo(.nth), .pseudo(.only): return true
                    case .pseudo(.matchesAny(let list)), .pseudo(.not(let list)): return list.usesPositions
                    case .pseudo(.has(let relatives)): return SelectorList(selectors: relatives, source: "").usesPositions
                    default: return false
                    }
                }
            }
        }
    }
}
