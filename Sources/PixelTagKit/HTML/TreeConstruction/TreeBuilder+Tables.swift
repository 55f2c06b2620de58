/// Tables and selects: a browser implies `<tbody>` and `<tr>`, closes cells and rows by
/// itself, and moves ("foster-parents") anything else in a table to just before it.
extension TreeBuilder {
    mutating func inTableStart(_ token: Token) {
        let at = token.range.lowerBound
        switch token.name {
        case "caption":
            clearStack(backTo: "table", at: at)
            formatting.append(nil)
            insert(token)
            mode = .inCaption
        case "colgroup":
            clearStack(backTo: "table", at: at)
            insert(token)
            mode = .inColumnGroup
        case "col":
            clearStack(backTo: "table", at: at)
            insertImplied("colgroup", at: at)
            mode = .inColumnGroup
            process(start: token)
        case "tbody", "tfoot", "thead":
            clearStack(backTo: "table", at: at)
            insert(token)
            mode = .inTableBody
        case "td", "th", "tr":
            clearStack(backTo: "table", at: at)
            insertImplied("tbody", at: at)
            mode = .inTableBody
            process(start: token)
        case "table":
            guard hasInScope("table", boundary: .tableScopeBoundary) else { return }
            popUntilNamed("table", at: at..<at, ownEndTag: false)
            resetMode()
            process(start: token)
        case "style", "script", "template":
            inHeadStart(token)
        case "input" where token.attributes.first { $0.name == "type" }?.value.lowercased() == "hidden":
            insertVoid(token)
        case "form":
            guard formElement == nil, !hasOpen("template") else { return }
            formElement = insert(token)
            popCurrent(at: token.range.upperBound)
        default:
            fosterParenting = true
            inBodyStart(token)
            fosterParenting = false
        }
    }

    mutating func inTableEnd(_ name: String, range: Range<Int>) {
        switch name {
        case "table":
            guard hasInScope("table", boundary: .tableScopeBoundary) else { return }
            popUntilNamed("table", at: range, ownEndTag: true)
            resetMode()
        case "body", "caption", "col", "colgroup", "html", "tbody", "td", "tfoot", "th", "thead", "tr":
            return
        default:
            fosterParenting = true
            inBodyEnd(name, range: range)
            fosterParenting = false
        }
    }

    mutating func inCaptionStart(_ token: Token) {
        guard token.tag.flags.contains(.cellBoundary) else { inBodyStart(token); return }
        guard closeCaption(at: token.range.lowerBound..<token.range.lowerBound, ownEndTag: false) else { return }
        process(start: token)
    }

    mutating func inCaptionEnd(_ name: String, range: Range<Int>) {
        switch name {
        case "caption": _ = closeCaption(at: range, ownEndTag: true)
        case "table":
            if closeCaption(at: range.lowerBound..<range.lowerBound, ownEndTag: false) { processHTML(end: name, range: range) }
        case "body", "col", "colgroup", "html", "tbody", "td", "tfoot", "th", "thead", "tr": return
        default: inBodyEnd(name, range: range)
        }
    }

    private mutating func closeCaption(at range: Range<Int>, ownEndTag: Bool) -> Bool {
        guard hasInScope("caption", boundary: .tableScopeBoundary) else { return false }
        generateImpliedEndTags(at: range.lowerBound)
        popUntilNamed("caption", at: range, ownEndTag: ownEndTag)
        clearFormattingToLastMarker()
        mode = .inTable
        return true
    }

    mutating func inColumnGroupStart(_ token: Token) {
        switch token.name {
        case "html": return
        case "col": insertVoid(token)
        case "template": inHeadStart(token)
        default:
            guard currentName() == "colgroup" else { return }
            popCurrent(at: token.range.lowerBound)
            mode = .inTable
            process(start: token)
        }
    }

    mutating func inColumnGroupEnd(_ name: String, range: Range<Int>) {
        switch name {
        case "colgroup":
            guard let current = stack.last, elements[current].name == "colgroup" else { return }
            popUntil(current, at: range, closing: current)
            mode = .inTable
        case "col": return
        default:
            guard currentName() == "colgroup" else { return }
            popCurrent(at: range.lowerBound)
            mode = .inTable
            processHTML(end: name, range: range)
        }
    }

    mutating func inTableBodyStart(_ token: Token) {
        let at = token.range.lowerBound
        switch token.name {
        case "tr":
            clearStack(backTo: "tbody", at: at)
            insert(token)
            mode = .inRow
        case "th", "td":
            clearStack(backTo: "tbody", at: at)
            insertImplied("tr", at: at)
            mode = .inRow
            process(start: token)
        case "caption", "col", "colgroup", "tbody", "tfoot", "thead":
            guard leaveTableBody(at: at) else { return }
            process(start: token)
        default:
            inTableStart(token)
        }
    }

    mutating func inTableBodyEnd(_ name: String, range: Range<Int>) {
        switch name {
        case "tbody", "tfoot", "thead":
            guard hasInScope(name, boundary: .tableScopeBoundary) else { return }
            clearStack(backTo: "tbody", at: range.lowerBound)
            popUntilNamed(name, at: range, ownEndTag: true)
            mode = .inTable
        case "table":
            guard leaveTableBody(at: range.lowerBound) else { return }
            processHTML(end: name, range: range)
        case "body", "caption", "col", "colgroup", "html", "td", "th", "tr": return
        default: inTableEnd(name, range: range)
        }
    }

    private mutating func leaveTableBody(at offset: Int) -> Bool {
        guard HTMLElementSets.tableSections.contains(where: { hasInScope($0, boundary: .tableScopeBoundary) }) else { return false }
        clearStack(backTo: "tbody", at: offset)
        popCurrent(at: offset)
        mode = .inTable
        return true
    }

    mutating func inRowStart(_ token: Token) {
        let at = token.range.lowerBound
        switch token.name {
        case "th", "td":
            clearStack(backTo: "tr", at: at)
            insert(token)
            mode = .inCell
            formatting.append(nil)
        case "caption", "col", "colgroup", "tbody", "tfoot", "thead", "tr":
            guard leaveRow(at: at) else { return }
            process(start: token)
        default:
            inTableStart(token)
        }
    }

    mutating func inRowEnd(_ name: String, range: Range<Int>) {
        switch name {
        case "tr":
            guard hasInScope("tr", boundary: .tableScopeBoundary) else { return }
            clearStack(backTo: "tr", at: range.lowerBound)
            popUntilNamed("tr", at: range, ownEndTag: true)
            mode = .inTableBody
        case "table":
            guard leaveRow(at: range.lowerBound) else { return }
            processHTML(end: name, range: range)
        case "tbody", "tfoot", "thead":
            guard hasInScope(name, boundary: .tableScopeBoundary), leaveRow(at: range.lowerBound) else { return }
            processHTML(end: name, range: range)
        case "body", "caption", "col", "colgroup", "html", "td", "th": return
        default: inTableEnd(name, range: range)
        }
    }

    private mutating func leaveRow(at offset: Int) -> Bool {
        guard hasInScope("tr", boundary: .tableScopeBoundary) else { return false }
        clearStack(backTo: "tr", at: offset)
        popCurrent(at: offset)
        mode = .inTableBody
        return true
    }

    mutating func inCellStart(_ token: Token) {
        guard token.tag.flags.contains(.cellBoundary) else { inBodyStart(token); return }
        guard hasInScope("td", boundary: .tableScopeBoundary) || hasInScope("th", boundary: .tableScopeBoundary) else { return }
        closeCell(at: token.range.lowerBound..<token.range.lowerBound, ownEndTag: false)
        process(start: token)
    }

    mutating func inCellEnd(_ name: String, range: Range<Int>) {
        switch name {
        case "td", "th":
            guard hasInScope(name, boundary: .tableScopeBoundary) else { return }
            generateImpliedEndTags(at: range.lowerBound)
            popUntilNamed(name, at: range, ownEndTag: true)
            clearFormattingToLastMarker()
            mode = .inRow
        case "body", "caption", "col", "colgroup", "html": return
        case "table", "tbody", "tfoot", "thead", "tr":
            guard hasInScope(name, boundary: .tableScopeBoundary) else { return }
            closeCell(at: range.lowerBound..<range.lowerBound, ownEndTag: false)
            processHTML(end: name, range: range)
        default: inBodyEnd(name, range: range)
        }
    }

    private mutating func closeCell(at range: Range<Int>, ownEndTag: Bool) {
        generateImpliedEndTags(at: range.lowerBound)
        if let cell = stack.last(where: { !elements[$0].isForeign && (elements[$0].name == "td" || elements[$0].name == "th") }) {
            popUntil(cell, at: range, closing: ownEndTag ? cell : nil)
        }
        clearFormattingToLastMarker()
        mode = .inRow
    }

    mutating func inSelectStart(_ token: Token) {
        let at = token.range.lowerBound
        if mode == .inSelectInTable, ["caption", "table", "tbody", "tfoot", "thead", "tr", "td", "th"].contains(token.name) {
            popUntilNamed("select", at: at..<at, ownEndTag: false)
            resetMode()
            process(start: token)
            return
        }
        switch token.name {
        case "option":
            if currentName() == "option" { popCurrent(at: at) }
            insert(token)
        case "optgroup":
            if currentName() == "option" { popCurrent(at: at) }
            if currentName() == "optgroup" { popCurrent(at: at) }
            insert(token)
        case "hr":
            if currentName() == "option" { popCurrent(at: at) }
            if currentName() == "optgroup" { popCurrent(at: at) }
            insertVoid(token)
        case "select", "input", "keygen", "textarea":
            guard hasSelectInScope() else { return }
            popUntilNamed("select", at: at..<at, ownEndTag: false)
            resetMode()
            if token.name != "select" { process(start: token) }
        case "script", "template":
            inHeadStart(token)
        default:
            return
        }
    }

    mutating func inSelectEnd(_ name: String, range: Range<Int>) {
        if mode == .inSelectInTable, ["caption", "table", "tbody", "tfoot", "thead", "tr", "td", "th"].contains(name) {
            guard hasInScope(name, boundary: .tableScopeBoundary) else { return }
            popUntilNamed("select", at: range.lowerBound..<range.lowerBound, ownEndTag: false)
            resetMode()
            processHTML(end: name, range: range)
            return
        }
        switch name {
        case "optgroup":
            if currentName() == "option", stack.count >= 2, elements[stack[stack.count - 2]].name == "optgroup" {
                popCurrent(at: range.lowerBound)
            }
            if let current = stack.last, elements[current].name == "optgroup" { popUntil(current, at: range, closing: current) }
        case "option":
            if let current = stack.last, elements[current].name == "option" { popUntil(current, at: range, closing: current) }
        case "select":
            guard hasSelectInScope() else { return }
            popUntilNamed("select", at: range, ownEndTag: true)
            resetMode()
        default:
            return
        }
    }

    private func hasSelectInScope() -> Bool {
        for index in stack.reversed() {
            let name = elements[index].name
            if name == "select" { return true }
            if name != "optgroup" && name != "option" { return false }
        }
        return false
    }

    /// "Clear the stack back to a table (`table`), table body (`tbody`, also `tfoot` and
    /// `thead`) or table row (`tr`) context": pops until one of those, `template` or `html`.
    mutating func clearStack(backTo context: String, at offset: Int) {
        while let current = stack.last {
            let name = elements[current].name
            let isSection = context == "tbody" && (name == "tfoot" || name == "thead")
            if !elements[current].isForeign && (name == context || isSection || name == "template" || name == "html") { return }
            popCurrent(at: offset)
        }
    }

    /// "Reset the insertion mode appropriately", from the open elements.
    mutating func resetMode() {
        for position in stack.indices.reversed() {
            let element = elements[stack[position]]
            let last = position == 0
            switch element.name {
            case "select":
                let inTable = stack[..<position].contains { elements[$0].name == "table" }
                mode = inTable ? .inSelectInTable : .inSelect
                return
            case "td" where !last, "th" where !last: mode = .inCell; return
            case "tr": mode = .inRow; return
            case "tbody", "thead", "tfoot": mode = .inTableBody; return
            case "caption": mode = .inCaption; return
            case "colgroup": mode = .inColumnGroup; return
            case "table": mode = .inTable; return
            case "head" where !last: mode = .inHead; return
            case "body": mode = .inBody; return
            case "frameset": mode = .inFrameset; return
            case "html": mode = headElement == nil ? .beforeHead : .afterHead; return
            default: if last { mode = .inBody; return }
            }
        }
        mode = .inBody
    }
}
