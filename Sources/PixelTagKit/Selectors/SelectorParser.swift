/// Reads CSS selector text into a `SelectorList`.
extension SelectorList {
    public init(parsing text: String) throws {
        var parser = SelectorParser(text)
        self.selectors = try parser.parseList()
        self.source = text
    }
}

private struct SelectorParser {
    let chars: [Character]
    var index = 0

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
        if let c = current { throw fail("unexpected \"\(c)\"") }
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
            default:
                guard hadSpace else { throw fail("unexpected \"\(current!)\"") }
                combinator = .descendant
            }
            _ = skipSpace()
            guard current != nil, current != "," else { throw fail("a combinator needs a selector after it") }
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
                throw fail("pseudo-classes such as \"\(String(chars[index...].prefix { !$0.isWhitespace && $0 != "," }))\" are not supported")
            default:
                break loop
            }
        }
        guard index > start else {
            throw fail(current.map { "unexpected \"\($0)\"" } ?? "a selector is missing")
        }
        return compound
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
            return .attribute(name: name, op: nil, value: "", caseInsensitive: false)
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
        var caseInsensitive = false
        if let c = current, c == "i" || c == "I" {
            caseInsensitive = true
            index += 1
            _ = skipSpace()
        } else if let c = current, c == "s" || c == "S" {
            index += 1
            _ = skipSpace()
        }
        guard current == "]" else { throw fail(current == nil ? "unclosed [ (add ])" : "expected ]", at: current == nil ? open : nil) }
        index += 1
        return .attribute(name: name, op: op, value: value, caseInsensitive: caseInsensitive)
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
