/// Formatting elements (`<b>`, `<a>`, `<font>`…): a browser reopens them after a block that
/// cut them off and untangles misnested end tags (the adoption agency algorithm). Both make
/// elements that have no tag of their own (clones, marked implied here), and both change
/// which element is whose parent.
extension TreeBuilder {
    mutating func pushFormatting(_ index: Int) {
        // Noah's ark: at most three equal entries after the last marker.
        var equal: [Int] = []
        for position in formatting.indices.reversed() {
            guard let entry = formatting[position] else { break }
            if areEqual(entry, index) {
                equal.append(position)
            }
        }
        if equal.count >= 3, let earliest = equal.last { formatting.remove(at: earliest) }
        formatting.append(index)
    }

    func formattingAfterLastMarker(named name: String) -> Int? {
        for entry in formatting.reversed() {
            guard let entry else { return nil }
            if elements[entry].name == name { return entry }
        }
        return nil
    }

    mutating func removeFromFormatting(_ index: Int) {
        if let position = formatting.lastIndex(of: index) { formatting.remove(at: position) }
    }

    mutating func clearFormattingToLastMarker() {
        while let entry = formatting.popLast(), entry != nil {}
    }

    /// Reopens formatting elements that a block closed, as clones, before new content.
    mutating func reconstructFormatting(at offset: Int) {
        // Searched from the top, where the last formatting element nearly always is: `contains`
        // walks up from the bottom, which made `<b>` nested 10,000 deep take seconds.
        guard let last = formatting.last, let lastEntry = last, stack.lastIndex(of: lastEntry) == nil else { return }
        var position = formatting.count - 1
        while position > 0, let entry = formatting[position - 1], !stack.contains(entry) { position -= 1 }
        for current in position..<formatting.count {
            guard let entry = formatting[current] else { continue }
            let clone = makeClone(of: entry, at: offset)
            let (parent, before) = insertionPlace()
            link(clone, into: parent, before: before)
            stack.append(clone, tag: tags[clone])
            formatting[current] = clone
        }
    }

    /// The adoption agency algorithm for the end tag `subject` (or a start tag `<a>`/`<nobr>`
    /// that closes an open one, when `ownEndTag` is false).
    mutating func adoptionAgency(_ subject: String, range: Range<Int>, ownEndTag: Bool) {
        let at = range.lowerBound..<range.lowerBound
        if let current = stack.last, elements[current].name == subject, !formatting.contains(current) {
            stack.removeLast()
            close(current, at: range, endTag: ownEndTag ? range : nil)
            return
        }
        for _ in 0..<8 {
            guard let formattingElement = formattingAfterLastMarker(named: subject) else {
                // No such formatting element: close it like any other element.
                anyOtherEndTag(subject, range: range, ownEndTag: ownEndTag)
                return
            }
            guard let formattingPosition = stack.lastIndex(of: formattingElement) else {
                removeFromFormatting(formattingElement)
                return
            }
            guard hasInScope(subject) else { return }
            guard let furthestPosition = stack[(formattingPosition + 1)...].firstIndex(where: { isSpecial($0) }) else {
                popUntil(formattingElement, at: range, closing: ownEndTag ? formattingElement : nil)
                removeFromFormatting(formattingElement)
                return
            }
            let furthestBlock = stack[furthestPosition]
            let commonAncestor = stack[formattingPosition - 1]
            var bookmark = formatting.lastIndex(of: formattingElement)!
            var node = furthestBlock
            var lastNode = furthestBlock
            var nodePosition = furthestPosition
            var innerLoop = 0
            while true {
                innerLoop += 1
                nodePosition -= 1
                node = stack[nodePosition]
                if node == formattingElement { break }
                if innerLoop > 3, let listPosition = formatting.lastIndex(of: node) {
                    formatting.remove(at: listPosition)
                    if listPosition < bookmark { bookmark -= 1 }
                }
                guard let listPosition = formatting.lastIndex(of: node) else {
                    close(node, at: at, endTag: nil)
                    stack.remove(at: nodePosition)
                    continue
                }
                let clone = cloneElement(node, at: range.lowerBound)
                formatting[listPosition] = clone
                stack[nodePosition] = clone
                node = clone
                if lastNode == furthestBlock { bookmark = listPosition + 1 }
                unlink(lastNode)
                link(lastNode, into: node, before: nil)
                lastNode = node
            }
            unlink(lastNode)
            let (parent, before) = insertionPlace(overriding: commonAncestor)
            link(lastNode, into: parent, before: before)

            let clone = cloneElement(formattingElement, at: range.lowerBound)
            var child = elements[furthestBlock].firstChild
            while let moving = child {
                child = elements[moving].nextSibling
                unlink(moving)
                link(moving, into: clone, before: nil)
            }
            link(clone, into: furthestBlock, before: nil)
            if elements[furthestBlock].hasText { elements[clone].hasText = true }

            let oldListPosition = formatting.lastIndex(of: formattingElement)!
            formatting.remove(at: oldListPosition)
            if oldListPosition < bookmark { bookmark -= 1 }
            formatting.insert(clone, at: min(bookmark, formatting.count))

            let oldStackPosition = stack.lastIndex(of: formattingElement)!
            stack.remove(at: oldStackPosition)
            close(formattingElement, at: range, endTag: ownEndTag ? range : nil)
            let blockPosition = stack.lastIndex(of: furthestBlock)!
            stack.insert(clone, tag: tags[clone], at: blockPosition + 1)
        }
    }

    /// A new element like `index` (same name and attributes), not yet in the tree.
    private mutating func cloneElement(_ index: Int, at offset: Int) -> Int {
        makeClone(of: index, at: offset)
    }
}
