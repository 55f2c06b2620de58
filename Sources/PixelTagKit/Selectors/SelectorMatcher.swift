/// Finds the elements of a page that a selector list matches, in document order.
public struct SelectorMatcher {
    let page: Page
    /// For each element, its previous element sibling (siblings share a parent).
    private let previousSibling: [Int?]

    public init(page: Page) {
        self.page = page
        var previous = [Int?](repeating: nil, count: page.elements.count)
        var lastChild: [Int: Int] = [:]
        let root = -1
        for index in page.elements.indices {
            let parent = page.elements[index].parent ?? root
            previous[index] = lastChild[parent]
            lastChild[parent] = index
        }
        previousSibling = previous
    }

    /// The first element in document order that matches, skipping elements libxml2 made up.
    public func firstMatch(_ list: SelectorList) -> Int? {
        page.elements.indices.first { !page.elements[$0].isImplied && matches(list, $0) }
    }

    public func matches(_ list: SelectorList, _ element: Int) -> Bool {
        list.selectors.contains { matches($0, element) }
    }

    func matches(_ selector: ComplexSelector, _ element: Int) -> Bool {
        guard matches(selector.subject, element) else { return false }
        return matchAncestors(selector.ancestors[...], from: element)
    }

    private func matchAncestors(_ rest: ArraySlice<(Combinator, CompoundSelector)>, from element: Int) -> Bool {
        guard let (combinator, compound) = rest.first else { return true }
        let remaining = rest.dropFirst()
        switch combinator {
        case .child:
            guard let parent = page.elements[element].parent, matches(compound, parent) else { return false }
            return matchAncestors(remaining, from: parent)
        case .descendant:
            var current = page.elements[element].parent
            while let candidate = current {
                if matches(compound, candidate), matchAncestors(remaining, from: candidate) { return true }
                current = page.elements[candidate].parent
            }
            return false
        case .nextSibling:
            guard let sibling = previousSibling[element], matches(compound, sibling) else { return false }
            return matchAncestors(remaining, from: sibling)
        case .subsequentSibling:
            var current = previousSibling[element]
            while let candidate = current {
                if matches(compound, candidate), matchAncestors(remaining, from: candidate) { return true }
                current = previousSibling[candidate]
            }
            return false
        }
    }

    func matches(_ compound: CompoundSelector, _ index: Int) -> Bool {
        let element = page.elements[index]
        if let type = compound.type, type != element.name { return false }
        for condition in compound.conditions {
            switch condition {
            case .id(let id):
                guard element.attribute("id") == id else { return false }
            case .className(let name):
                guard let classes = element.attribute("class"), Self.hasWord(name, in: classes) else { return false }
            case .attribute(let name, let op, let expected, let caseInsensitive):
                guard let actual = element.attribute(name) else { return false }
                guard let op else { continue }
                let (value, wanted) = caseInsensitive ? (actual.lowercased(), expected.lowercased()) : (actual, expected)
                let ok: Bool
                switch op {
                case .equals: ok = value == wanted
                case .includes: ok = !wanted.isEmpty && Self.hasWord(wanted, in: value)
                case .dashMatch: ok = value == wanted || value.hasPrefix(wanted + "-")
                case .prefix: ok = !wanted.isEmpty && value.hasPrefix(wanted)
                case .suffix: ok = !wanted.isEmpty && value.hasSuffix(wanted)
                case .substring: ok = !wanted.isEmpty && value.contains(wanted)
                }
                guard ok else { return false }
            }
        }
        return true
    }

    static func words(_ text: String) -> [Substring] {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" })
    }
}

extension SelectorMatcher {
    static func hasWord(_ word: String, in text: String) -> Bool {
        words(text).contains { $0 == word }
    }
}
