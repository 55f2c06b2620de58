/// Builds the element tree a browser builds (WHATWG tree construction) from the tags that
/// are really in the source.
///
/// libxml2 builds its tree by HTML 4 rules: `<p>` stays open across `<section>`, `/>` closes
/// any element, `<template>` content is ordinary children, there is no implied `<tbody>`. A
/// selector must match what a browser sees, so the structure comes from here instead, over
/// the tokens `HTMLTokenizer` reads; as in a browser, the tree builder tells the tokenizer
/// where raw text starts (`contentRequest`). This covers the insertion modes a page reaches
/// in practice: head and body, tables with foster parenting, select, formatting elements
/// with the adoption agency and reconstruction, and SVG/MathML content. Template content is
/// inert in a browser (selectors do not see it), so its tokens are skipped.
struct TreeBuilder {
    enum Mode {
        case beforeHTML, beforeHead, inHead, afterHead, inBody, inTable, inCaption, inColumnGroup, inTableBody, inRow,
             inCell, inSelect, inSelectInTable, afterBody, inFrameset
    }

    struct Token {
        var name: String { didSet { tag = TagInfo.of(name) } }
        var attributes: [Page.Attribute]
        var range: Range<Int>
        var selfClosing: Bool
        private(set) var tag: TagInfo

        init(name: String, attributes: [Page.Attribute], range: Range<Int>, selfClosing: Bool, tag: TagInfo? = nil) {
            self.name = name
            self.attributes = attributes
            self.range = range
            self.selfClosing = selfClosing
            self.tag = tag ?? TagInfo.of(name)
        }
    }

    var elements: [Page.Element] = []
    /// Each element's tag number and categories, beside `elements`.
    var tags: [TagInfo] = []
    var stack = OpenElements()
    /// The list of active formatting elements; nil is a marker.
    var formatting: [Int?] = []
    var mode = Mode.beforeHTML
    var headElement: Int?
    var formElement: Int?
    var fosterParenting = false
    /// Whether a `<frameset>` may still replace the body (nothing visible has been seen).
    var framesetOK = true
    /// Quirks mode (no or a legacy doctype): `<table>` then does not close an open `<p>`.
    var quirks = true
    private var sawDoctypeOrTag = false
    private var rootFirst: Int?
    private var rootLast: Int?
    /// Inside a raw-text element: the tokenizer reads text up to its end tag.
    private var rawTextElement: (name: String, index: Int)?
    /// Nesting depth inside `<template>` content, whose tokens are skipped.
    private var templateDepth = 0
    private var templateElement: Int?
    /// Open `<svg>` and `<math>` elements inside skipped template content: there a
    /// `<template>` is no template, and `<style>` or `<title>` hold markup.
    private var foreignDepthInTemplate = 0

    /// The tokenizer state a start tag just asked for (`<title>`: RCDATA up to `</title>`),
    /// for the tokenizer's owner to switch to; the tree builder decides, as in a browser.
    var contentRequest: (content: HTMLTokenizer.Content, element: String)?
    /// The element the last start tag made, if it made one.
    var lastTokenElement: Int?
    /// Elements made as copies of others (reopened formatting elements), copy to source: the
    /// copies get their source's attributes once those are known.
    private(set) var cloneSources: [Int: Int] = [:]
    /// A start tag's attributes (by the tag's byte range) as one number, equal for equal
    /// attributes in any order: the list of active formatting elements keeps at most three
    /// equal entries. Attributes are read after the tree is built, so the owner answers.
    var attributeSignature: (Range<Int>) -> UInt64 = { _ in 0 }
    /// Each element's signature once asked for; `.max` until then.
    private var signatures: [UInt64] = []
    /// A start tag (`<html>`, `<body>` again) whose attributes go onto an element that is
    /// already open, where that element does not have them yet: tag bytes to element.
    private(set) var attributeMerges: [(tag: Range<Int>, into: Int)] = []

    /// Whether the node new content goes into is an SVG or MathML element, where
    /// `<![CDATA[` opens a CDATA section.
    var isInForeignContent: Bool {
        if templateDepth > 0 { return foreignDepthInTemplate > 0 }
        return stack.last.map { elements[$0].isForeign } ?? false
    }

    mutating func reserveCapacity(_ count: Int) {
        elements.reserveCapacity(count)
        tags.reserveCapacity(count)
        signatures.reserveCapacity(count)
    }

    // MARK: input

    mutating func doctype(_ doctype: Doctype) {
        guard !sawDoctypeOrTag else { return }
        sawDoctypeOrTag = true
        quirks = DoctypeQuirks.isQuirks(doctype)
    }

    mutating func startTag(_ token: Token) {
        sawDoctypeOrTag = true
        lastTokenElement = nil
        if rawTextElement != nil { return }
        if templateDepth > 0 {
            // Skipped, but the tokenizer still needs to know where raw text starts in it.
            if foreignDepthInTemplate > 0 {
                if (token.name == "svg" || token.name == "math") && !token.selfClosing { foreignDepthInTemplate += 1 }
            } else if token.name == "svg" || token.name == "math" {
                if !token.selfClosing { foreignDepthInTemplate = 1 }
            } else if token.name == "template" {
                templateDepth += 1
            } else if let content = HTMLTokenizer.Content.of(token.name) {
                contentRequest = (content, token.name)
            }
            return
        }
        process(start: token)
    }

    mutating func endTag(name: String, range: Range<Int>) {
        if let raw = rawTextElement {
            guard raw.name == name else { return }
            rawTextElement = nil
            if stack.contains(raw.index) { popUntil(raw.index, at: range, closing: raw.index) }
            return
        }
        if templateDepth > 0 {
            if foreignDepthInTemplate > 0 {
                if name == "svg" || name == "math" { foreignDepthInTemplate -= 1 }
                return
            }
            guard name == "template" else { return }
            templateDepth -= 1
            if templateDepth == 0, let template = templateElement {
                templateElement = nil
                if stack.contains(template) { popUntil(template, at: range, closing: template) }
            }
            return
        }
        process(end: name, range: range)
    }

    /// Text at `offset`; `isWhitespace` when it is only spaces and newlines, `onlyNUL` when
    /// it is NUL bytes besides those: a browser drops NUL in the body, and it adds nothing
    /// that would stop a `<frameset>`.
    mutating func text(at offset: Int, isWhitespace: Bool, onlyNUL: Bool = false) {
        if let raw = rawTextElement { elements[raw.index].hasText = true; return }
        if templateDepth > 0 { return }
        processText(at: offset, isWhitespace: isWhitespace, onlyNUL: onlyNUL)
    }

    mutating func finish(at end: Int) -> (elements: [Page.Element], treeOrder: [Int]) {
        // A browser's tree always has html, head and body; `:root` and `body > *` rely on them.
        if elements.isEmpty { insertImplied("html", at: end); mode = .beforeHead }
        if mode == .beforeHead { headElement = insertImplied("head", at: end); mode = .inHead }
        if mode == .inHead, let head = headElement { popUntil(head, at: end..<end, closing: nil); mode = .afterHead }
        if mode == .afterHead { insertImplied("body", at: end); mode = .inBody }
        while let index = stack.popLast() { close(index, at: end..<end, endTag: nil) }
        let order = treeOrder()
        // Handed over, not shared: the page's owner writes attributes into every element next.
        let finished = elements
        elements = []
        return (finished, order)
    }

    // MARK: dispatch

    mutating func process(start token: Token) {
        if isInForeignContent(for: token) {
            foreignStart(token)
            return
        }
        // After the first, an `<html>` tag only lends its attributes to the root, in every mode.
        if token.name == "html" && mode != .beforeHTML {
            if !hasOpen("template"), let root = stack.first { mergeAttributes(of: token, into: root) }
            return
        }
        switch mode {
        case .beforeHTML:
            if token.name == "html" {
                insert(token)
                mode = .beforeHead
            } else {
                insertImplied("html", at: token.range.lowerBound)
                mode = .beforeHead
                process(start: token)
            }
        case .beforeHead:
            if token.name == "html" { return }
            if token.name == "head" {
                headElement = insert(token)
                mode = .inHead
            } else {
                headElement = insertImplied("head", at: token.range.lowerBound)
                mode = .inHead
                process(start: token)
            }
        case .inHead: inHeadStart(token)
        case .afterHead:
            switch token.name {
            case "html", "head": return
            case "body":
                insert(token)
                framesetOK = false
                mode = .inBody
            case "frameset":
                insert(token)
                mode = .inFrameset
            case _ where token.tag.flags.contains(.headContent):
                guard let head = headElement else { return }
                stack.append(head, tag: tags[head])
                inHeadStart(token)
                if let position = stack.lastIndex(of: head) { stack.remove(at: position) }
            default:
                insertImplied("body", at: token.range.lowerBound)
                mode = .inBody
                process(start: token)
            }
        case .inBody, .afterBody:
            if mode == .afterBody { mode = .inBody }
            inBodyStart(token)
        case .inTable: inTableStart(token)
        case .inCaption: inCaptionStart(token)
        case .inColumnGroup: inColumnGroupStart(token)
        case .inTableBody: inTableBodyStart(token)
        case .inRow: inRowStart(token)
        case .inCell: inCellStart(token)
        case .inSelect, .inSelectInTable: inSelectStart(token)
        case .inFrameset:
            switch token.name {
            case "frameset": insert(token)
            case "frame": insertVoid(token)
            case "noframes": insertRawText(token)
            default: return
            }
        }
    }

    mutating func process(end name: String, range: Range<Int>) {
        if let current = stack.last, elements[current].isForeign {
            foreignEnd(name, range: range)
            return
        }
        processHTML(end: name, range: range)
    }

    mutating func processHTML(end name: String, range: Range<Int>) {
        switch mode {
        case .beforeHTML:
            guard ["head", "body", "html", "br"].contains(name) else { return }
            insertImplied("html", at: range.lowerBound)
            mode = .beforeHead
            processHTML(end: name, range: range)
        case .beforeHead:
            guard ["head", "body", "html", "br"].contains(name) else { return }
            headElement = insertImplied("head", at: range.lowerBound)
            mode = .inHead
            processHTML(end: name, range: range)
        case .inHead:
            if name == "head", let head = headElement {
                popUntil(head, at: range, closing: head)
                mode = .afterHead
            } else if ["body", "html", "br"].contains(name), let head = headElement {
                popUntil(head, at: range.lowerBound..<range.lowerBound, closing: nil)
                mode = .afterHead
                processHTML(end: name, range: range)
            }
        case .afterHead:
            guard ["body", "html", "br"].contains(name) else { return }
            insertImplied("body", at: range.lowerBound)
            mode = .inBody
            processHTML(end: name, range: range)
        case .inBody: inBodyEnd(name, range: range)
        case .afterBody:
            if name != "html" && name != "body" {
                mode = .inBody
                inBodyEnd(name, range: range)
            }
        case .inTable: inTableEnd(name, range: range)
        case .inCaption: inCaptionEnd(name, range: range)
        case .inColumnGroup: inColumnGroupEnd(name, range: range)
        case .inTableBody: inTableBodyEnd(name, range: range)
        case .inRow: inRowEnd(name, range: range)
        case .inCell: inCellEnd(name, range: range)
        case .inSelect, .inSelectInTable: inSelectEnd(name, range: range)
        case .inFrameset:
            if name == "frameset", let current = stack.last, elements[current].name == "frameset" {
                popUntil(current, at: range, closing: current)
            }
        }
    }

    mutating func processText(at offset: Int, isWhitespace: Bool, onlyNUL: Bool = false) {
        if let current = stack.last, elements[current].isForeign {
            elements[current].hasText = true
            if !isWhitespace && !onlyNUL { framesetOK = false }
            return
        }
        switch mode {
        case .beforeHTML, .beforeHead:
            guard !isWhitespace else { return }
            if mode == .beforeHTML { insertImplied("html", at: offset); mode = .beforeHead }
            headElement = insertImplied("head", at: offset)
            mode = .inHead
            processText(at: offset, isWhitespace: false, onlyNUL: onlyNUL)
        case .inHead, .afterHead:
            if isWhitespace {
                if mode == .inHead, let current = stack.last { elements[current].hasText = true }
                return
            }
            if mode == .inHead, let head = headElement { popUntil(head, at: offset..<offset, closing: nil) }
            insertImplied("body", at: offset)
            mode = .inBody
            processText(at: offset, isWhitespace: false, onlyNUL: onlyNUL)
        case .inBody, .inCaption, .inCell, .afterBody:
            if mode == .afterBody && !isWhitespace { mode = .inBody }
            if onlyNUL { return }
            if !isWhitespace { framesetOK = false }
            reconstructFormatting(at: offset)
            markText()
        case .inTable, .inTableBody, .inRow:
            guard let current = stack.last, !onlyNUL else { return }
            if isWhitespace || !tags[current].flags.contains(.tableContext) {
                elements[current].hasText = true
                return
            }
            fosterParenting = true
            reconstructFormatting(at: offset)
            markText()
            fosterParenting = false
        case .inColumnGroup:
            if isWhitespace { return }
            if let current = stack.last, elements[current].name == "colgroup" {
                popUntil(current, at: offset..<offset, closing: nil)
                mode = .inTable
                processText(at: offset, isWhitespace: false, onlyNUL: onlyNUL)
            }
        case .inSelect, .inSelectInTable:
            if !onlyNUL { markText() }
        case .inFrameset:
            return
        }
    }

    private mutating func markText() {
        let (parent, _) = insertionPlace()
        if let parent { elements[parent].hasText = true }
    }

    // MARK: in head

    mutating func inHeadStart(_ token: Token) {
        switch token.name {
        case "html", "head": return
        case "base", "basefont", "bgsound", "link", "meta": insertVoid(token)
        case "title", "noscript", "noframes", "style", "script": insertRawText(token)
        case "template": insertTemplate(token)
        default:
            guard let head = headElement else { return }
            popUntil(head, at: token.range.lowerBound..<token.range.lowerBound, closing: nil)
            mode = .afterHead
            process(start: token)
        }
    }

    // MARK: tree operations

    /// Where a new node goes: the current node, or before the table when content is
    /// foster-parented out of it.
    func insertionPlace(overriding target: Int? = nil) -> (parent: Int?, before: Int?) {
        guard let target = target ?? stack.last else { return (nil, nil) }
        if fosterParenting, tags[target].flags.contains(.tableContext) {
            guard let tablePosition = stack.lastIndex(where: { elements[$0].name == "table" }) else { return (stack.first, nil) }
            let table = stack[tablePosition]
            if let parent = elements[table].parent { return (parent, table) }
            return (tablePosition > 0 ? stack[tablePosition - 1] : nil, nil)
        }
        return (target, nil)
    }

    @discardableResult
    mutating func insert(_ token: Token, foreign: Bool = false) -> Int {
        let index = makeElement(name: token.name, info: token.tag, attributes: token.attributes, tag: token.range, implied: false, foreign: foreign)
        let (parent, before) = insertionPlace()
        link(index, into: parent, before: before)
        stack.append(index, tag: token.tag)
        lastTokenElement = index
        return index
    }

    /// A copy of `index` (a formatting element being reopened), not yet in the tree.
    mutating func makeClone(of index: Int, at offset: Int) -> Int {
        let source = elements[index]
        let clone = makeElement(name: source.name, info: tags[index], attributes: source.attributes, tag: offset..<offset, implied: true, foreign: source.isForeign)
        cloneSources[clone] = cloneSources[index] ?? index
        return clone
    }

    /// Whether two elements have the same name and attributes.
    mutating func areEqual(_ first: Int, _ second: Int) -> Bool {
        elements[first].name == elements[second].name && signature(of: first) == signature(of: second)
    }

    private mutating func signature(of index: Int) -> UInt64 {
        let original = cloneSources[index] ?? index
        if signatures[original] == .max { signatures[original] = attributeSignature(elements[original].startTag) }
        return signatures[original]
    }

    /// `<html>` or `<body>` met again: its attributes join the open element's.
    mutating func mergeAttributes(of token: Token, into index: Int) {
        if !token.range.isEmpty { attributeMerges.append((token.range, index)) }
    }

    @discardableResult
    mutating func insertImplied(_ name: String, at offset: Int, attributes: [Page.Attribute] = []) -> Int {
        let index = makeElement(name: name, info: TagInfo.of(name), attributes: attributes, tag: offset..<offset, implied: true, foreign: false)
        let (parent, before) = insertionPlace()
        link(index, into: parent, before: before)
        stack.append(index, tag: tags[index])
        return index
    }

    mutating func insertVoid(_ token: Token) {
        let index = insert(token)
        stack.removeLast()
        close(index, at: token.range.upperBound..<token.range.upperBound, endTag: nil)
    }

    mutating func insertRawText(_ token: Token) {
        let index = insert(token)
        rawTextElement = (token.name, index)
        contentRequest = (HTMLTokenizer.Content.of(token.name) ?? .rawText, token.name)
    }

    mutating func insertTemplate(_ token: Token) {
        templateElement = insert(token)
        templateDepth = 1
    }

    func makeElementValue(name: String, attributes: [Page.Attribute], tag: Range<Int>, implied: Bool, foreign: Bool) -> Page.Element {
        Page.Element(
            name: name, attributes: attributes, parent: nil, startTag: tag, endTag: nil,
            contentEnd: tag.upperBound, outerEnd: tag.upperBound, isImplied: implied, isForeign: foreign
        )
    }

    mutating func makeElement(name: String, info: TagInfo, attributes: [Page.Attribute], tag: Range<Int>, implied: Bool, foreign: Bool) -> Int {
        elements.append(makeElementValue(name: name, attributes: attributes, tag: tag, implied: implied, foreign: foreign))
        tags.append(info)
        signatures.append(.max)
        return elements.count - 1
    }

    /// Links `index` as a child of `parent` (the document when nil), before `before` or last.
    mutating func link(_ index: Int, into parent: Int?, before: Int?) {
        elements[index].parent = parent
        let previous = before.map { elements[$0].previousSibling } ?? (parent.map { elements[$0].lastChild } ?? rootLast)
        elements[index].previousSibling = previous
        elements[index].nextSibling = before
        if let previous { elements[previous].nextSibling = index } else if let parent { elements[parent].firstChild = index } else { rootFirst = index }
        if let before { elements[before].previousSibling = index } else if let parent { elements[parent].lastChild = index } else { rootLast = index }
    }

    mutating func unlink(_ index: Int) {
        let element = elements[index]
        // A new clone is not in the tree yet.
        guard element.parent != nil || element.previousSibling != nil || rootFirst == index else { return }
        if let previous = element.previousSibling { elements[previous].nextSibling = element.nextSibling }
        else if let parent = element.parent { elements[parent].firstChild = element.nextSibling } else { rootFirst = element.nextSibling }
        if let next = element.nextSibling { elements[next].previousSibling = element.previousSibling }
        else if let parent = element.parent { elements[parent].lastChild = element.previousSibling } else { rootLast = element.previousSibling }
        elements[index].parent = nil
        elements[index].previousSibling = nil
        elements[index].nextSibling = nil
    }

    /// Records where an element ends: at its own end tag, or where the token that closed it begins.
    mutating func close(_ index: Int, at range: Range<Int>, endTag: Range<Int>?) {
        elements[index].endTag = endTag
        elements[index].contentEnd = max(range.lowerBound, elements[index].startTag.upperBound)
        elements[index].outerEnd = max(endTag?.upperBound ?? range.lowerBound, elements[index].startTag.upperBound)
    }

    /// Pops elements down to and including `target`. `closing` is the element whose own end
    /// tag `range` is; the others end where that token begins.
    mutating func popUntil(_ target: Int, at range: Range<Int>, closing: Int?) {
        while let index = stack.popLast() {
            close(index, at: range, endTag: index == closing ? range : nil)
            if index == target { return }
        }
    }

    /// Pops down to and including the topmost HTML element named `name`.
    mutating func popUntilNamed(_ name: String, at range: Range<Int>, ownEndTag: Bool) {
        guard let target = stack.last(where: { !elements[$0].isForeign && elements[$0].name == name }) else { return }
        popUntil(target, at: range, closing: ownEndTag ? target : nil)
    }

    mutating func popCurrent(at offset: Int) {
        if let index = stack.popLast() { close(index, at: offset..<offset, endTag: nil) }
    }

    func currentName() -> String? { stack.last.map { elements[$0].name } }

    /// Tree order: a walk over the links, iterative so a deep page cannot exhaust the stack.
    private func treeOrder() -> [Int] {
        var order: [Int] = []
        order.reserveCapacity(elements.count)
        var node = rootFirst
        while let current = node {
            order.append(current)
            if let child = elements[current].firstChild { node = child; continue }
            var climb: Int? = current
            node = nil
            while let at = climb {
                if let next = elements[at].nextSibling { node = next; break }
                climb = elements[at].parent
            }
        }
        return order
    }
}
