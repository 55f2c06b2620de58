/// SVG and MathML content: `/>` closes an element there (and only there), and an HTML tag
/// such as `<p>` or `<div>` ends the foreign content.
extension TreeBuilder {
    func isInForeignContent(for token: Token) -> Bool {
        guard let current = stack.last, elements[current].isForeign else { return false }
        let element = elements[current]
        switch element.name {
        case "mi", "mo", "mn", "ms", "mtext":
            return token.name == "mglyph" || token.name == "malignmark"
        case "annotation-xml":
            if token.name == "svg" { return false }
            let encoding = element.attribute("encoding")?.lowercased()
            return encoding != "text/html" && encoding != "application/xhtml+xml"
        case "foreignobject", "desc", "title":
            // HTML integration points in SVG: their content is HTML again.
            return isMathML(current)
        default:
            return true
        }
    }

    mutating func foreignStart(_ token: Token) {
        let breaksOut = token.tag.flags.contains(.foreignBreakout)
            || (token.name == "font" && token.attributes.contains { ["color", "face", "size"].contains($0.name) })
        if breaksOut {
            while let current = stack.last, elements[current].isForeign, isInForeignContent(for: token) {
                popCurrent(at: token.range.lowerBound)
            }
            process(start: token)
            return
        }
        let index = insert(token, foreign: true)
        if token.selfClosing {
            stack.removeLast()
            close(index, at: token.range.upperBound..<token.range.upperBound, endTag: nil)
        }
    }

    mutating func foreignEnd(_ name: String, range: Range<Int>) {
        var position = stack.count - 1
        while position > 0 {
            let index = stack[position]
            if !elements[index].isForeign {
                processHTML(end: name, range: range)
                return
            }
            if elements[index].name == name {
                popUntil(index, at: range, closing: index)
                return
            }
            position -= 1
        }
    }

    /// Whether a foreign element sits in MathML (under `<math>`) rather than SVG.
    private func isMathML(_ index: Int) -> Bool {
        var current: Int? = index
        while let node = current, elements[node].isForeign {
            if elements[node].name == "math" { return true }
            if elements[node].name == "svg" { return false }
            current = elements[node].parent
        }
        return false
    }
}
