/// The "in body" insertion mode: where nearly every tag of a page is placed.
extension TreeBuilder {
    mutating func inBodyStart(_ token: Token) {
        let name = token.name
        let at = token.range.lowerBound
        let flags = token.tag.flags
        if flags.contains(.endsFramesetOK),
           name != "input" || token.attributes.first(where: { $0.name == "type" })?.value.lowercased() != "hidden" {
            framesetOK = false
        }
        switch token.tag.id == 0 ? InBodyStart.of(name, flags: flags) : token.tag.inBody {
        case .body:
            // A second `<body>` lends its attributes to the body.
            if stack.count >= 2, elements[stack[1]].name == "body", !hasOpen("template") { mergeAttributes(of: token, into: stack[1]) }
            framesetOK = false
        case .ignored:
            return
        case .frameset:
            // Replaces the body when nothing visible came before it.
            guard framesetOK, stack.count >= 2, elements[stack[1]].name == "body" else { return }
            unlink(stack[1])
            while stack.count > 1 { popCurrent(at: at) }
            insert(token)
            mode = .inFrameset
        case .headContent:
            inHeadStart(token)
        case .closesParagraph:
            closeParagraphInButtonScope(at: at)
            insert(token)
        case .heading:
            closeParagraphInButtonScope(at: at)
            if let current = stack.last, !elements[current].isForeign, tags[current].flags.contains(.heading) { popCurrent(at: at) }
            insert(token)
        case .preOrListing:
            closeParagraphInButtonScope(at: at)
            insert(token)
        case .form:
            guard formElement == nil || hasOpen("template") else { return }
            closeParagraphInButtonScope(at: at)
            let index = insert(token)
            if !hasOpen("template") { formElement = index }
        case .listItem:
            let isItem = name == "li"
            for index in stack.reversed() {
                let nodeName = elements[index].name
                let closes = isItem ? nodeName == "li" : nodeName == "dd" || nodeName == "dt"
                if closes && !elements[index].isForeign {
                    generateImpliedEndTags(except: nodeName, at: at)
                    popUntilNamed(nodeName, at: at..<at, ownEndTag: false)
                    break
                }
                if isSpecial(index) && nodeName != "address" && nodeName != "div" && nodeName != "p" { break }
            }
            closeParagraphInButtonScope(at: at)
            insert(token)
        case .plaintext:
            closeParagraphInButtonScope(at: at)
            insertRawText(token)
        case .button:
            if hasInScope("button") {
                generateImpliedEndTags(at: at)
                popUntilNamed("button", at: at..<at, ownEndTag: false)
            }
            reconstructFormatting(at: at)
            insert(token)
        case .anchor:
            if let existing = formattingAfterLastMarker(named: "a") {
                adoptionAgency("a", range: at..<at, ownEndTag: false)
                removeFromFormatting(existing)
                if let position = stack.lastIndex(of: existing) {
                    close(existing, at: at..<at, endTag: nil)
                    stack.remove(at: position)
                }
            }
            reconstructFormatting(at: at)
            pushFormatting(insert(token))
        case .nobr:
            reconstructFormatting(at: at)
            if hasInScope("nobr") {
                adoptionAgency("nobr", range: at..<at, ownEndTag: false)
                reconstructFormatting(at: at)
            }
            pushFormatting(insert(token))
        case .formatting:
            reconstructFormatting(at: at)
            pushFormatting(insert(token))
        case .scopeMarker:
            reconstructFormatting(at: at)
            insert(token)
            formatting.append(nil)
        case .table:
            if !quirks { closeParagraphInButtonScope(at: at) }
            insert(token)
            mode = .inTable
        case .voidAfterFormatting:
            reconstructFormatting(at: at)
            insertVoid(token)
        case .image:
            var image = token
            image.name = "img"
            inBodyStart(image)
        case .void:
            insertVoid(token)
        case .horizontalRule:
            closeParagraphInButtonScope(at: at)
            insertVoid(token)
        case .rawText:
            insertRawText(token)
        case .xmp:
            closeParagraphInButtonScope(at: at)
            reconstructFormatting(at: at)
            insertRawText(token)
        case .select:
            reconstructFormatting(at: at)
            insert(token)
            mode = [.inTable, .inCaption, .inTableBody, .inRow, .inCell].contains(mode) ? .inSelectInTable : .inSelect
        case .option:
            if currentName() == "option" { popCurrent(at: at) }
            reconstructFormatting(at: at)
            insert(token)
        case .ruby:
            if hasInScope("ruby") {
                generateImpliedEndTags(except: name == "rp" || name == "rt" ? "rtc" : nil, at: at)
            }
            insert(token)
        case .foreign:
            reconstructFormatting(at: at)
            let index = insert(token, foreign: true)
            if token.selfClosing { stack.removeLast(); close(index, at: token.range.upperBound..<token.range.upperBound, endTag: nil) }
        case .ordinary:
            reconstructFormatting(at: at)
            insert(token)
        }
    }

    mutating func inBodyEnd(_ name: String, range: Range<Int>) {
        let tag = TagInfo.of(name)
        let flags = tag.flags
        switch tag.id {
        case TagInfo.body, TagInfo.html:
            if hasInScope("body") { mode = .afterBody }
        case TagInfo.p:
            if !hasInScope("p", boundary: .buttonScopeBoundary) {
                insertImplied("p", at: range.lowerBound)
            }
            generateImpliedEndTags(except: "p", at: range.lowerBound)
            popUntilNamed("p", at: range, ownEndTag: true)
        case _ where flags.contains(.blockEndTag):
            guard hasInScope(name) else { return }
            generateImpliedEndTags(at: range.lowerBound)
            popUntilNamed(name, at: range, ownEndTag: true)
        case TagInfo.form:
            if hasOpen("template") {
                guard hasInScope("form") else { return }
                generateImpliedEndTags(at: range.lowerBound)
                popUntilNamed("form", at: range, ownEndTag: true)
                return
            }
            let node = formElement
            formElement = nil
            guard let node, stack.contains(node), hasInScope("form") else { return }
            generateImpliedEndTags(at: range.lowerBound)
            if let position = stack.lastIndex(of: node) {
                stack.remove(at: position)
                close(node, at: range, endTag: range)
            }
        case TagInfo.li:
            guard hasInScope("li", boundary: .listItemScopeBoundary) else { return }
            generateImpliedEndTags(except: "li", at: range.lowerBound)
            popUntilNamed("li", at: range, ownEndTag: true)
        case TagInfo.dd, TagInfo.dt:
            guard hasInScope(name) else { return }
            generateImpliedEndTags(except: name, at: range.lowerBound)
            popUntilNamed(name, at: range, ownEndTag: true)
        case _ where flags.contains(.heading):
            guard HTMLElementSets.headings.contains(where: { hasInScope($0) }) else { return }
            generateImpliedEndTags(at: range.lowerBound)
            let own = stack.last.map { elements[$0].name == name } ?? false
            if let heading = stack.last(where: { !elements[$0].isForeign && tags[$0].flags.contains(.heading) }) {
                popUntil(heading, at: range, closing: own ? heading : nil)
            }
        case _ where flags.contains(.formatting):
            adoptionAgency(name, range: range, ownEndTag: true)
        case TagInfo.applet, TagInfo.marquee, TagInfo.object:
            guard hasInScope(name) else { return }
            generateImpliedEndTags(at: range.lowerBound)
            popUntilNamed(name, at: range, ownEndTag: true)
            clearFormattingToLastMarker()
        case TagInfo.br:
            // `</br>` makes a `<br>`, one with no start tag of its own.
            reconstructFormatting(at: range.lowerBound)
            insertImplied("br", at: range.lowerBound)
            popCurrent(at: range.lowerBound)
            framesetOK = false
        default:
            anyOtherEndTag(name, range: range)
        }
    }

    mutating func anyOtherEndTag(_ name: String, range: Range<Int>, ownEndTag: Bool = true) {
        for position in stack.indices.reversed() {
            let index = stack[position]
            if elements[index].name == name && !elements[index].isForeign {
                generateImpliedEndTags(except: name, at: range.lowerBound)
                popUntil(index, at: range, closing: ownEndTag ? index : nil)
                return
            }
            if isSpecial(index) { return }
        }
    }

    // MARK: helpers

    mutating func closeParagraphInButtonScope(at offset: Int) {
        guard hasInScope("p", boundary: .buttonScopeBoundary) else { return }
        generateImpliedEndTags(except: "p", at: offset)
        popUntilNamed("p", at: offset..<offset, ownEndTag: false)
    }

    mutating func generateImpliedEndTags(except exception: String? = nil, at offset: Int) {
        while let current = stack.last, !elements[current].isForeign,
              tags[current].flags.contains(.impliedEnd), elements[current].name != exception {
            popCurrent(at: offset)
        }
    }

    func hasInScope(_ name: String, boundary: TagFlags = .scopeBoundary) -> Bool {
        guard stack.mayHaveOpen(TagInfo.of(name)) else { return false }
        // Table scope stops at HTML elements only; the others also at SVG/MathML integration points.
        let foreignStops = boundary != .tableScopeBoundary
        // Fields read in place: a copy of the element would retain its name and attributes.
        var position = stack.count
        while position > 0 {
            position -= 1
            let index = stack[position]
            if elements[index].isForeign {
                if foreignStops && tags[index].flags.contains(.foreignSpecial) { return false }
                continue
            }
            if elements[index].name == name { return true }
            if tags[index].flags.contains(boundary) { return false }
        }
        return false
    }

    func hasOpen(_ name: String) -> Bool {
        stack.mayHaveOpen(TagInfo.of(name)) && stack.contains { elements[$0].name == name && !elements[$0].isForeign }
    }

    func isSpecial(_ index: Int) -> Bool {
        tags[index].flags.contains(elements[index].isForeign ? .foreignSpecial : .special)
    }
}

/// What "in body" does with a start tag, decided once per known name (the tag table keeps
/// it) instead of by comparing the name with dozens of strings for every tag.
enum InBodyStart: UInt8 {
    case body, ignored, frameset, headContent, closesParagraph, heading, preOrListing, form, listItem, plaintext,
         button, anchor, nobr, formatting, scopeMarker, table, voidAfterFormatting, image, void, horizontalRule,
         rawText, xmp, select, option, ruby, foreign, ordinary

    /// The WHATWG "in body" start tag cases, in their order: a name case listed before a
    /// category wins over it.
    static func of(_ name: String, flags: TagFlags) -> InBodyStart {
        switch name {
        case "body": .body
        case "html", "head", "caption", "col", "colgroup", "frame", "tbody", "td", "tfoot", "th", "thead", "tr": .ignored
        case "frameset": .frameset
        case _ where flags.contains(.headContent): .headContent
        case _ where flags.contains(.closesParagraph): .closesParagraph
        case _ where flags.contains(.heading): .heading
        case "pre", "listing": .preOrListing
        case "form": .form
        case "li", "dd", "dt": .listItem
        case "plaintext": .plaintext
        case "button": .button
        case "a": .anchor
        case "nobr": .nobr
        case _ where flags.contains(.formatting): .formatting
        case "applet", "marquee", "object": .scopeMarker
        case "table": .table
        case "area", "br", "embed", "img", "keygen", "wbr", "input": .voidAfterFormatting
        case "image": .image
        case "param", "source", "track": .void
        case "hr": .horizontalRule
        case "textarea", "iframe", "noembed", "noscript": .rawText
        case "xmp": .xmp
        case "select": .select
        case "optgroup", "option": .option
        case "rb", "rtc", "rp", "rt": .ruby
        case "math", "svg": .foreign
        default: .ordinary
        }
    }
}
