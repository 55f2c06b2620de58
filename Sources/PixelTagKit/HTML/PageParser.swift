/// Parses a page with libxml2's HTML parser into a `Page` whose offsets are in the page's
/// original bytes.
public enum PageParser {
    /// - Parameters:
    ///   - needsTree: keep elements with attributes and comments (selectors, annotations).
    ///   - needsBody: find the body's start and end; otherwise parsing may stop after the head.
    ///   - attributes: the attribute names to keep on elements (lowercase); nil keeps all.
    public static func parse(_ source: PageSource, needsTree: Bool = true, needsBody: Bool = true, attributes: [String]? = nil) -> Page {
        var page = source.withParseBuffer { buffer in
            let builder = PageBuilder(bytes: buffer, needsTree: needsTree, needsBody: needsBody, attributes: attributes)
            LibXMLParser.parse(buffer, handler: builder)
            return builder.finish(stoppedEarly: builder.isDone)
        }
        page.mapOffsets(source.originalOffset)
        return page
    }
}

extension Page {
    fileprivate mutating func mapOffsets(_ original: (Int) -> Int) {
        func range(_ r: Range<Int>) -> Range<Int> {
            let lower = original(r.lowerBound)
            return lower..<max(lower, original(r.upperBound))
        }
        func anchor(_ a: Anchor?) -> Anchor? { a.map { Anchor(offset: original($0.offset), isExplicit: $0.isExplicit) } }
        for index in elements.indices {
            elements[index].startTag = range(elements[index].startTag)
            elements[index].endTag = elements[index].endTag.map(range)
            elements[index].contentEnd = original(elements[index].contentEnd)
            elements[index].outerEnd = original(elements[index].outerEnd)
        }
        for index in comments.indices { comments[index].range = range(comments[index].range) }
        anchors = Anchors(
            headStart: anchor(anchors.headStart), headEnd: anchor(anchors.headEnd),
            bodyStart: anchor(anchors.bodyStart), bodyEnd: anchor(anchors.bodyEnd)
        )
    }
}
