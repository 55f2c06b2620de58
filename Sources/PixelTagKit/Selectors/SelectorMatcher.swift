import Foundation

/// Finds the elements of a page that a selector list matches, in the order of the tree a
/// browser builds.
package struct SelectorMatcher {
    let page: Page
    /// 1-based position among element siblings, from the start and from the end.
    private let position: [Int32]
    private let positionFromEnd: [Int32]
    /// The same among siblings of the same type.
    private let typePosition: [Int32]
    private let typePositionFromEnd: [Int32]

    /// - Parameter positions: number siblings for `:nth-*`, `:first-*`, `:only-*` (an O(n)
    ///   pass over the page that selectors without them do not need).
    package init(page: Page, positions: Bool = true) {
        self.page = page
        guard positions else {
            (position, positionFromEnd, typePosition, typePositionFromEnd) = ([], [], [], [])
            return
        }
        let count = page.elements.count
        var position = [Int32](repeating: 0, count: count)
        var fromEnd = [Int32](repeating: 0, count: count)
        var typePosition = [Int32](repeating: 0, count: count)
        var typeFromEnd = [Int32](repeating: 0, count: count)
        var seen: [String: Int32] = [:]
        // Each element's children in one pass over the tree, first from the start, then back.
        for parent in page.elements.indices {
            Self.number(from: page.elements[parent].firstChild, next: \.nextSibling, in: page, position: &position, typePosition: &typePosition, seen: &seen)
            Self.number(from: page.elements[parent].lastChild, next: \.previousSibling, in: page, position: &fromEnd, typePosition: &typeFromEnd, seen: &seen)
        }
        let roots = page.elements.indices.filter { page.elements[$0].parent == nil }
        Self.number(from: roots.first, next: \.nextSibling, in: page, position: &position, typePosition: &typePosition, seen: &seen)
        Self.number(from: roots.last, next: \.previousSibling, in: page, position: &fromEnd, typePosition: &typeFromEnd, seen: &seen)
        self.position = position
        self.positionFromEnd = fromEnd
        self.typePosition = typePosition
        self.typePositionFromEnd = typeFromEnd
    }

    private static func number(
        from first: Int?, next: KeyPath<Page.Element, Int?>, in page: Page,
        position: inout [Int32], typePosition: inout [Int32], seen: inout [String: Int32]
    ) {
        seen.removeAll(keepingCapacity: true)
        var count: Int32 = 0
        var node = first
        while let current = node {
            count += 1
            position[current] = count
            let name = page.elements[current].name
            let typeCount = (seen[name] ?? 0) + 1
            seen[name] = typeCount
            typePosition[current] = typeCount
            node = page.elements[current][keyPath: next]
        }
    }

    /// The first element in tree order that matches, skipping elements with no tag of their
    /// own in the source (there is no place to put a block next to them).
    package func firstMatch(_ list: SelectorList) -> Int? {
        let memos = list.selectors.map { StepMemo(steps: $0.ancestors.count, elements: page.elements.count) }
        return page.treeOrder.first { element in
            !page.elements[element].isImplied
                && list.selectors.indices.contains { matches(list.selectors[$0], element, scope: nil, memo: memos[$0]) }
        }
    }

    /// Every match in tree order, the implied elements left out.
    package func allMatches(_ list: SelectorList) -> [Int] {
        let memos = list.selectors.map { StepMemo(steps: $0.ancestors.count, elements: page.elements.count) }
        return page.treeOrder.filter { element in
            !page.elements[element].isImplied
                && list.selectors.indices.contains { matches(list.selectors[$0], element, scope: nil, memo: memos[$0]) }
        }
    }

    package func matches(_ list: SelectorList, _ element: Int, scope: Int? = nil) -> Bool {
        list.selectors.contains { matches($0, element, scope: scope, memo: nil) }
    }

    func matches(_ selector: ComplexSelector, _ element: Int, scope: Int?, memo: StepMemo?) -> Bool {
        guard matches(selector.subject, element, scope: scope) else { return false }
        return matchAncestors(selector.ancestors[...], from: element, scope: scope, memo: memo)
    }

    /// Whether the steps `rest` (indices into the selector's steps) match going up or back
    /// from `element`. With a memo, each (step, element) is worked out once: `.missing div`
    /// on a page 100,000 deep would otherwise walk to the root from every div.
    private func matchAncestors(_ rest: ArraySlice<(Combinator, CompoundSelector)>, from element: Int, scope: Int?, memo: StepMemo?) -> Bool {
        guard let (combinator, compound) = rest.first else { return true }
        let step = rest.startIndex
        if let known = memo?.answer(step, element) { return known }
        let remaining = rest.dropFirst()
        let elements = page.elements
        let answer: Bool
        switch combinator {
        case .child:
            if let parent = elements[element].parent, matches(compound, parent, scope: scope) {
                answer = matchAncestors(remaining, from: parent, scope: scope, memo: memo)
            } else {
                answer = false
            }
        case .nextSibling:
            if let sibling = elements[element].previousSibling, matches(compound, sibling, scope: scope) {
                answer = matchAncestors(remaining, from: sibling, scope: scope, memo: memo)
            } else {
                answer = false
            }
        case .descendant, .subsequentSibling:
            let next: (Int) -> Int? = combinator == .descendant ? { elements[$0].parent } : { elements[$0].previousSibling }
            let fits = { (candidate: Int) in
                matches(compound, candidate, scope: scope) && matchAncestors(remaining, from: candidate, scope: scope, memo: memo)
            }
            guard let memo else {
                var current = next(element)
                while let candidate = current {
                    if fits(candidate) { return true }
                    current = next(candidate)
                }
                return false
            }
            // The answer for x is "next(x) fits" or the answer for next(x). Walk up (or back)
            // to an element whose answer is known or to the top, then fill in downwards.
            var chain = [element]
            var result = false
            while let up = next(chain.last!) {
                if let known = memo.answer(step, up) {
                    result = known || fits(up)
                    break
                }
                chain.append(up)
            }
            memo.record(step, chain.last!, result)
            for index in stride(from: chain.count - 2, through: 0, by: -1) {
                result = result || fits(chain[index + 1])
                memo.record(step, chain[index], result)
            }
            answer = result
        }
        memo?.record(step, element, answer)
        return answer
    }

    func matches(_ compound: CompoundSelector, _ index: Int, scope: Int?) -> Bool {
        // Fields are read in place, not through a copy of the whole element (its name and
        // attributes retained and released) for every test of a walk.
        if let type = compound.type, type != page.elements[index].name { return false }
        for condition in compound.conditions {
            switch condition {
            case .id(let id):
                guard page.elements[index].attribute("id") == id else { return false }
            case .className(let name):
                guard let classes = page.elements[index].attribute("class"), Self.hasWord(name, in: classes) else { return false }
            case .attribute(let name, let op, let expected, let valueCase):
                guard let actual = page.elements[index].attribute(name) else { return false }
                let caseInsensitive = valueCase == .insensitive || (valueCase == .insensitiveOnHTMLElements && !page.elements[index].isForeign)
                guard let op, Self.attributeMatches(actual, op, expected, caseInsensitive: caseInsensitive) else {
                    if op == nil { continue }
                    return false
                }
            case .pseudo(let pseudo):
                guard matches(pseudo, index, scope: scope) else { return false }
            }
        }
        return true
    }

    private func matches(_ pseudo: PseudoClass, _ index: Int, scope: Int?) -> Bool {
        switch pseudo {
        case .root:
            return page.elements[index].parent == nil && page.elements[index].name == "html"
        case .empty:
            return page.elements[index].firstChild == nil && !page.elements[index].hasText
        case .nth(let nth, let ofType, let fromEnd):
            let value = ofType ? (fromEnd ? typePositionFromEnd : typePosition) : (fromEnd ? positionFromEnd : position)
            return nth.matches(Int(value[index]))
        case .only(let ofType):
            return ofType
                ? typePosition[index] == 1 && typePositionFromEnd[index] == 1
                : position[index] == 1 && positionFromEnd[index] == 1
        case .matchesAny(let list):
            return matches(list, index, scope: scope)
        case .not(let list):
            return !matches(list, index, scope: scope)
        case .has(let relatives):
            return relatives.contains { hasMatch($0, anchoredAt: index) }
        case .scope:
            return index == scope
        }
    }

    /// Whether some element relative to `anchor` matches a `:has()` argument.
    private func hasMatch(_ relative: ComplexSelector, anchoredAt anchor: Int) -> Bool {
        let leading = relative.ancestors.last?.0 ?? .descendant
        let elements = page.elements
        // Where a match can be: inside the anchor, or (for + and ~) in its later siblings.
        var roots: [Int] = []
        switch leading {
        case .child, .descendant:
            roots = [anchor]
        case .nextSibling, .subsequentSibling:
            var sibling = elements[anchor].nextSibling
            while let next = sibling { roots.append(next); sibling = elements[next].nextSibling }
        }
        for root in roots {
            if leading == .nextSibling || leading == .subsequentSibling, matches(relative, root, scope: anchor, memo: nil) { return true }
            // The root's subtree, iteratively.
            var node = elements[root].firstChild
            while let current = node {
                if matches(relative, current, scope: anchor, memo: nil) { return true }
                if let child = elements[current].firstChild { node = child; continue }
                var climb: Int? = current
                node = nil
                while let at = climb, at != root {
                    if let next = elements[at].nextSibling { node = next; break }
                    climb = elements[at].parent
                }
            }
        }
        return false
    }

    static func attributeMatches(_ actual: String, _ op: AttributeOperator, _ expected: String, caseInsensitive: Bool) -> Bool {
        // ASCII case-insensitive, as Selectors 4 and HTML define it: `K` (the Kelvin sign) is not `k`.
        let (value, wanted) = caseInsensitive ? (asciiLowercased(actual), asciiLowercased(expected)) : (actual, expected)
        switch op {
        case .equals: return value == wanted
        case .includes: return !wanted.isEmpty && hasWord(wanted, in: value)
        case .dashMatch: return value == wanted || value.hasPrefix(wanted + "-")
        case .prefix: return !wanted.isEmpty && value.hasPrefix(wanted)
        case .suffix: return !wanted.isEmpty && value.hasSuffix(wanted)
        case .substring: return !wanted.isEmpty && value.contains(wanted)
        }
    }

    static func asciiLowercased(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return text }
        return String(decoding: text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// Whether `word` is one of the whitespace-separated words of `text` (a class list),
    /// compared byte for byte without splitting the list into new strings.
    static func hasWord(_ word: String, in text: String) -> Bool {
        var word = word, text = text
        return word.withUTF8 { needle in
            text.withUTF8 { haystack in
                var start = 0
                while start < haystack.count {
                    while start < haystack.count, isHTMLSpace(haystack[start]) { start += 1 }
                    var end = start
                    while end < haystack.count, !isHTMLSpace(haystack[end]) { end += 1 }
                    if end - start == needle.count, end > start, ByteSearch.bytes(haystack, at: start, equal: needle.baseAddress!, count: needle.count) {
                        return true
                    }
                    start = end
                }
                return false
            }
        }
    }
}

/// What one selector's steps gave for each element, filled in as matching goes.
final class StepMemo {
    private var results: [[UInt8]]
    private let count: Int

    init(steps: Int, elements: Int) {
        results = Array(repeating: [], count: steps)
        count = elements
    }

    func answer(_ step: Int, _ element: Int) -> Bool? {
        guard !results[step].isEmpty else { return nil }
        switch results[step][element] {
        case 1: return true
        case 2: return false
        default: return nil
        }
    }

    func record(_ step: Int, _ element: Int, _ value: Bool) {
        if results[step].isEmpty { results[step] = [UInt8](repeating: 0, count: count) }
        results[step][element] = value ? 1 : 2
    }
}
