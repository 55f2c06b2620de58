/// Parses a page with libxml2's HTML parser into a `Page` whose offsets are in the page's
/// original bytes.
public enum PageParser {
    /// - Parameters:
    ///   - needsTree: keep elements with attributes and comments (selectors, annotations).
    ///   - needsBody: find the body's start and end; otherwise parsing may stop after the head.
    ///   - attributes: the attribute names to keep on elements (lowercase); nil keeps all.
    public static func parse(_ source: PageSource, needsTree: Bool = true, needsBody: Bool = true, attributes: [String]? = nil) -> Page {
        let (page, read) = parseOnce(source, needsTree: needsTree, needsBody: needsBody, attributes: attributes)
        // libxml2 switches a page to Latin-1 at its first byte that is not UTF-8, and stops at
        // NUL: the part it read must be clean, or the page is parsed again repaired. Only that
        // part is checked, so a page that needed only its head costs no look at its body.
        guard source.uncheckedUTF8, !source.isValidUTF8(prefix: read) else { return page }
        return parseOnce(source.repairedUTF8(), needsTree: needsTree, needsBody: needsBody, attributes: attributes).page
    }

    /// The page, and how many bytes of the parse buffer libxml2 may have looked at.
    private static func parseOnce(_ source: PageSource, needsTree: Bool, needsBody: Bool, attributes: [String]?) -> (page: Page, read: Int) {
        var (page, read) = source.withParseBuffer { buffer in
            let builder = PageBuilder(bytes: buffer, needsTree: needsTree, needsBody: needsBody, attributes: attributes)
            LibXMLParser.parse(buffer, handler: builder)
            let stopped = builder.isDone
            // A stopped parser had read a little past its last event, never a whole window more.
            return (builder.finish(stoppedEarly: stopped), stopped ? builder.furthestCursor + lookahead : buffer.count)
        }
        page.mapOffsets(source.originalOffset)
        return (page, read)
    }

    /// How far past its cursor libxml2 may have decoded when it stopped (it peeks a few
    /// bytes ahead, at most a tag name's worth); generously more.
    static let lookahead = 1024
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
        for index in inertRanges.indices {
            let offsets = inertRanges[index].offsets
            let lower = original(offsets.lowerBound)
            inertRanges[index].offsets = lower...max(lower, original(offsets.upperBound))
            inertRanges[index].elementStart = original(inertRanges[index].elementStart)
        }
        anchors = Anchors(
            headStart: anchor(anchors.headStart), headEnd: anchor(anchors.headEnd),
            bodyStart: anchor(anchors.bodyStart), bodyEnd: anchor(anchors.bodyEnd)
        )
    }
}
