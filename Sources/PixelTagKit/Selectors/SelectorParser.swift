import Foundation

/// Reads CSS selector text into a `SelectorList`.
extension SelectorList {
    package init(parsing text: String) throws {
        var parser = SelectorParser(text)
        self.selectors = try parser.parseList()
        self.source = text
    }
}

private struct SelectorParser {
    let chars: [Character]
    var index = 0
    /// Inside `:is()`, `:not()`…: a `)` ends the list there.
    var nesting = 0

    init(_ text: String) { chars = Array(text) }

    var current: Character? { index < chars.count ? chars[index] : nil }

    func fail(_ message: String, at position: Int? = nil) -> SelectorSyntaxError {
        SelectorSyntaxError(message: message, column: (position ?? index) + 1)
    }

    mutating func skipSpace() -> Bool {
        let start = index
        while let c = current, c.isWhitespace { index += 1 }
        return index > start
    }

    mutating func parseList() throws -> [ComplexSelector] {
        var list: [ComplexSelector] = []
        repeat {
            _ = skipSpace()
            list.append(try parseComplex())
            _ = skipSpace()
            guard current == "," else { break }
            index += 1
        } while true
        if let c = current, !(nesting > 0 && c == ")") { throw fail("unexpected \"\(c)\"") }
        return list
    }

    mutating func parseComplex() throws -> ComplexSelector {
        var compounds: [CompoundSelector] = [try parseCompound()]
        var combinators: [Combinator] = []
        while true {
            let hadSpace = skipSpace()
            let combinator: Combinator
            switch current {
            case ">": combinator = .child; index += 1
            case "+": combinator = .nextSibling; index += 1
            case "~": combinator = .subsequentSibling; index += 1
            case nil, ",": return Self.assemble(compounds, combinators)
            case ")" where nesting > 0: return Self.assemble(compounds, combinators)
            default:
                guard hadSpace else { throw fail("unexpected \"\(current!)\"") }
                combinator = .descendant
            }
            _ = skipSpace()
            guard current != nil, current != ",", current != ")" else { throw fail("a combinator needs a selector after it") }
            combinators.append(combinator)
            compounds.append(try parseCompound())
        }
    }

    static func assemble(_ compounds: [CompoundSelector], _ combinators: [Combinator]) -> ComplexSelector {
        var ancestors: [(Combinator, CompoundSelector)] = []
        for position in stride(from: compounds.count - 2, through: 0, by: -1) {
            ancestors.append((combinators[position], compounds[position]))
        }
        return ComplexSelector(subject: compounds.last!, ancestors: ancestors)
    }

    mutating func parseCompound() throws -> CompoundSelector {
        var compound = CompoundSelector()
        let start = index
        if current == "*" {
            index += 1
        } else if let c = current, Self.isNameStart(c) {
            compound.type = parseName().lowercased()
        }
        loop: while let c = current {
            switch c {
            case "#":
                index += 1
                let name = parseName()
                guard !name.isEmpty else { throw fail("# needs an id after it") }
                compound.conditions.append(.id(name))
            case ".":
                index += 1
                let name = parseName()
                guard !name.isEmpty else { throw fail(". needs a class name after it") }
                compound.conditions.append(.className(name))
            case "[":
                compound.conditions.append(try parseAttribute())
            case ":":
                compound.conditions.append(.pseudo(try parsePseudoClass()))
            default:
                break loop
            }
        }
        guard index > start else {
            throw fail(current.map { "unexpected \"\($0)\"" } ?? "a selector is missing")
        }
        return compound
    }

    mutating func parsePseudoClass() throws -> PseudoClass {
        let colon = index
        index += 1
        if current == ":" {
            throw fail("pseudo-elements such as \"::\(String(chars[(index + 1)...].prefix(while: Self.isNameChar)))\" are not elements in the page; select the element itself", at: colon)
        }
        let name = parseName().lowercased()
        guard current == "(" else {
            switch name {
            case "root": return .root
            case "empty": return .empty
            case "first-child": return .nth(Nth(a: 0, b: 1), ofType: false, fromEnd: false)
            case "last-child": return .nth(Nth(a: 0, b: 1), ofType: false, fromEnd: true)
            case "only-child": return .only(ofType: false)
            case "first-of-type": return .nth(Nth(a: 0, b: 1), ofType: true, fromEnd: false)
            case "last-of-type": return .nth(Nth(a: 0, b: 1), ofType: true, fromEnd: true)
            case "only-of-type": return .only(ofType: true)
            default: throw unsupported(name, at: colon)
            }
        }
        index += 1
        let result: PseudoClass
        switch name {
        case "nth-child", "nth-last-child", "nth-of-type", "nth-last-of-type":
            result = .nth(try parseNth(), ofType: name.hasSuffix("of-type"), fromEnd: name.hasPrefix("nth-last"))
        case "not", "is", "where", "matches":
            nesting += 1
            let list = SelectorList(selectors: try parseList(), source: "")
            nesting -= 1
            result = name == "not" ? .not(list) : .matchesAny(list)
        case "has":
            result = .has(try parseRelativeList())
        default:
            throw unsupported(name + "()", at: colon)
        }
        _ = skipSpace()
        guard current == ")" else { throw fail(current == nil ? "unclosed :\(name)( (add ))" : "expected ) to close :\(name)(", at: current == nil ? colon : nil) }
        index += 1
        return result
    }

    private func unsupported(_ name: String, at colon: Int) -> SelectorSyntaxError {
        fail("\":\(name)\" is not supported: a page is matched as built, before anyone interacts with it, so only structural pseudo-classes apply (:first-child, :last-child, :nth-child(), :nth-of-type(), :only-child, :empty, :root, :not(), :is(), :where(), :has())", at: colon)
    }

    /// `:has()` arguments: relative selectors such as `> img` or `+ p`, each anchored at the
    /// element being tested (`:scope`).
    mutating func parseRelativeList() throws -> [ComplexSelector] {
        nesting += 1
        defer { nesting -= 1 }
        var list: [ComplexSelector] = []
        repeat {
            _ = skipSpace()
            var leading = Combinator.descendant
            switch current {
            case ">": leading = .child; index += 1
            case "+": leading = .nextSibling; index += 1
            case "~": leading = .subsequentSibling; index += 1
            default: break
            }
            _ = skipSpace()
            var complex = try parseComplex()
            complex.ancestors.append((leading, CompoundSelector(type: nil, conditions: [.pseudo(.scope)])))
            list.append(complex)
            _ = skipSpace()
            guard current == "," else { break }
            index += 1
        } while true
        return list
    }

    /// `An+B`, `odd`, `even`.
    mutating func parseNth() throws -> Nth {
        let start = index
        var text = ""
        while let c = current, c != ")" { text.append(c); index += 1 }
        let compact = text.lowercased().filter { !$0.isWhitespace }
        let invalid = fail("\"\(text.trimmingCharacters(in: .whitespaces))\" is not an An+B position (try 2n+1, odd, even or 3)", at: start)
        switch compact {
        case "odd": return Nth(a: 2, b: 1)
        case "even": return Nth(a: 2, b: 0)
        default: break
        }
        guard let n = compact.firstIndex(of: "n") else {
            guard let b = Int(compact) else { throw invalid }
            return Nth(a: 0, b: b)
        }
        let aText = compact[..<n]
        let bText = compact[compact.index(after: n)...]
        let a: Int
        switch aText {
        case "", "+": a = 1
        case "-": a = -1
        default:
            guard let value = Int(aText) else { throw invalid }
            a = value
        }
        guard bText.isEmpty || ((bText.first == "+" || bText.first == "-") && Int(bText) != nil) else { throw invalid }
        return Nth(a: a, b: Int(bText) ?? 0)
    }

    mutating func parseAttribute() throws -> Condition {
        let open = index
        index += 1
        _ = skipSpace()
        guard current != nil else { throw fail("unclosed [ (add ])", at: open) }
        let name = parseName().lowercased()
        guard !name.isEmpty else { throw fail("[ needs an attribute name after it") }
        _ = skipSpace()
        if current == "]" {
            index += 1
            return .attribute(name: name, op: nil, value: "", valueCase: .sensitive)
        }
        var opText = ""
        if let c = current, "~|^$*".contains(c) { opText.append(c); index += 1 }
        guard current == "=" else { throw fail(current == nil ? "unclosed [ (add ])" : "expected = or ] in the attribute selector", at: current == nil ? open : nil) }
        index += 1
        opText.append("=")
        let op = AttributeOperator(rawValue: opText)!
        _ = skipSpace()
        let value: String
        if let quote = current, quote == "\"" || quote == "'" {
            index += 1
            var text = ""
            while let c = current, c != quote {
                if c == "\\", index + 1 < chars.count { index += 1 }
                text.append(chars[index])
                index += 1
            }
            guard current == quote else { throw fail("unclosed quote in the attribute selector", at: open) }
            index += 1
            value = text
        } else {
            value = parseName()
            guard !value.isEmpty else { throw fail("expected a value after \(opText)") }
        }
        _ = skipSpace()
        var valueCase = AttributeValueCase.unflagged(name)
        if let c = current, c == "i" || c == "I" {
            valueCase = .insensitive
            index += 1
            _ = skipSpace()
        } else if let c = current, c == "s" || c == "S" {
            valueCase = .sensitive
            index += 1
            _ = skipSpace()
        }
        guard current == "]" else { throw fail(current == nil ? "unclosed [ (add ])" : "expected ]", at: current == nil ? open : nil) }
        index += 1
        return .attribute(name: name, op: op, value: value, valueCase: valueCase)
    }

    mutating func parseName() -> String {
        var name = ""
        while let c = current {
            if c == "\\", index + 1 < chars.count {
                index += 1
                name.append(chars[index])
                index += 1
            } else if Self.isNameChar(c) {
                name.append(c)
                index += 1
            } else {
                break
            }
        }
        return name
    }

    static func isNameStart(_ c: Character) -> Bool { c.isLetter || c == "_" || c == "-" || c == "\\" || !c.isASCII }
    static func isNameChar(_ c: Character) -> Bool { isNameStart(c) || c.isNumber }
}
