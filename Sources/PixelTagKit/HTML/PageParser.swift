/// Parses a page into a `Page` whose offsets are in the page's original bytes.
///
/// Two readers, each doing what it is right about. pixeltag's own tokenizer and tree
/// builder read the structure as a browser does (`PageScanner`): where every tag, comment
/// and raw text starts and ends, and which element is whose parent. libxml2 then parses the
/// same bytes, as far as the scanner read, and supplies the attribute values selectors and
/// annotations read, for each start tag it read exactly as a browser does; where its HTML 4
/// reading differs (a character reference, a tag it dropped or read otherwise, a tag with
/// too many attributes for it), the value is read from the bytes by WHATWG's rules.
package enum PageParser {
    /// - Parameters:
    ///   - needsTree: keep elements with attributes and comments (selectors, annotations).
    ///   - needsBody: find the body's start and end; otherwise parsing may stop after the head.
    ///   - attributes: the attribute names to keep on elements (lowercase); nil keeps all.
    package static func parse(_ source: PageSource, needsTree: Bool = true, needsBody: Bool = true, attributes: [String]? = nil) -> Page {
        // Past the head, the tree decides where raw text starts (`<style>` in SVG holds markup).
        let buildsTree = needsTree || needsBody
        var page = source.withParseBuffer { buffer -> Page in
            var scanner = PageScanner(bytes: buffer, buildsTree: buildsTree, stopsAfterHead: !buildsTree,
                                      decoding: source.encoding.decoding, watchesMeta: source.isTentative)
            var scan = scanner.run()
            var page = scan.page
            // The page's arrays are mutated below: the scan must not keep a second reference,
            // or the first write copies every element.
            scan.page.elements = []
            scan.page.comments = []
            guard buildsTree else { return page }
            // A `<meta>` past the first 1024 bytes may have said what the bytes mean.
            var encoding = source.encoding
            if case .encoding(let declared) = page.lateEncoding { encoding = declared }
            let decoding = encoding.decoding
            for (index, text) in scan.commentTexts.enumerated() {
                page.comments[index].text = CharacterReferences.decode(buffer, text, context: .none, decoding: decoding)
            }
            // libxml2 reads a multi-byte legacy encoding's characters as U+FFFD, and a page in
            // another encoding than the one it was given to read is new to it.
            let libxmlReadsHighBytes = encoding == source.encoding && !decoding.isASCIIOnly
            let reader = AttributeReader(bytes: buffer, scan: scan, keeping: attributes, decoding: decoding,
                                         libxmlReadsHighBytes: libxmlReadsHighBytes)
            if let input = source.libxmlInput(length: scan.readUpTo, hiding: scan.hiddenFromLibXML) {
                reader.map = input.map
                input.bytes.withUnsafeBufferPointer { LibXMLParser.parse($0, handler: reader) }
            } else {
                LibXMLParser.parse(UnsafeBufferPointer(rebasing: buffer[..<scan.readUpTo]), handler: reader)
            }
            reader.finish(&page, scan: scan)
            return page
        }
        page.mapOffsets(source.originalOffset)
        return page
    }
}

/// Gives each element the attributes selectors read: libxml2's, for each start tag it read
/// as a browser does, else the tag's bytes read by WHATWG's rules.
final class AttributeReader: ParseEventHandler {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let startTags: [PageScanner.StartTag]
    private let tokenAttributes: [HTMLTokenizer.Attribute]
    private let keeping: KeptAttributeNames
    private let decoding: ByteDecoding
    private let libxmlReadsHighBytes: Bool
    /// libxml2's offsets to parse-buffer offsets, when libxml2 parses a converted copy.
    var map: [Int32]?
    /// The next start tag libxml2 may report.
    private var next = 0
    /// Per start tag: the attributes libxml2 read, when it read the tag as a browser does.
    private var fromLibXML: [[Page.Attribute]?]

    /// - Parameter libxmlReadsHighBytes: libxml2 reads characters beyond ASCII as a browser
    ///   does (the page is UTF-8, UTF-16 or in a one-byte encoding, converted for libxml2).
    init(bytes: UnsafeBufferPointer<UInt8>, scan: PageScanner.Result, keeping: [String]?, decoding: ByteDecoding,
         libxmlReadsHighBytes: Bool) {
        self.libxmlReadsHighBytes = libxmlReadsHighBytes
        self.bytes = bytes
        startTags = scan.startTags
        tokenAttributes = scan.attributes
        self.keeping = KeptAttributeNames(keeping)
        self.decoding = decoding
        fromLibXML = Array(repeating: nil, count: scan.startTags.count)
    }

    func startElement(name: LibXMLName, attributes: LibXMLAttributes, cursor: Int) {
        let at = map.map { Int($0[min(max(cursor, 0), $0.count - 1)]) } ?? cursor
        guard at < bytes.count else { return }
        // libxml2 reports a start tag at its `>`, or at the `/` of `/>`.
        let end = bytes[at] == UInt8(ascii: ">") ? at + 1 : at + 2
        // Tags libxml2 did not report (it read them as text, or dropped them) are read later.
        while next < startTags.count && startTags[next].end < end { next += 1 }
        guard next < startTags.count, startTags[next].end == end else { return }
        defer { next += 1 }
        let tag = startTags[next]
        guard !tag.isCrowded, let read = agreed(tag, name, attributes) else { return }
        fromLibXML[next] = read
    }

    /// libxml2's attributes of `tag`, when they are the ones a browser reads: the same names
    /// in the same order, and no kept value that a browser would read otherwise (character
    /// references, which libxml2 resolves by HTML 4's list; line breaks). A tag with no
    /// attribute a rule reads has none to keep, however libxml2 read it.
    private func agreed(_ tag: PageScanner.StartTag, _ name: LibXMLName, _ attributes: LibXMLAttributes) -> [Page.Attribute]? {
        let own = tokenAttributes[tag.attributes]
        guard var kept = own.firstIndex(where: { keeping.name($0.name, in: bytes) != nil }) else { return [] }
        var nameEnd = tag.start + 1
        while nameEnd < tag.end, !isTagNameEnd(bytes[nameEnd]) { nameEnd += 1 }
        guard attributes.count == own.count, name.equals(bytes[(tag.start + 1)..<nameEnd]) else { return nil }
        var result: [Page.Attribute] = []
        for (index, position) in own.indices.enumerated() {
            let attribute = own[position]
            guard attributes.name(at: index, is: bytes[attribute.name]) else { return nil }
            // Names before the first kept one are known not to be kept.
            guard position >= kept, let name = keeping.name(attribute.name, in: bytes) else { continue }
            kept = position
            let value = bytes[attribute.value]
            if value.contains(where: { $0 == UInt8(ascii: "&") || $0 == 0x0D || ($0 >= 0x80 && !libxmlReadsHighBytes) }) { return nil }
            // The first of repeated names only, as a browser keeps.
            if result.contains(where: { $0.name == name }) { continue }
            result.append(Page.Attribute(name: name, value: attributes.value(at: index)))
        }
        return result
    }

    /// Puts the attributes on the elements, reading from the bytes those libxml2 did not
    /// supply, and on copies of formatting elements and elements that took a repeated tag's.
    func finish(_ page: inout Page, scan: PageScanner.Result) {
        for (index, tag) in startTags.enumerated() {
            page.elements[tag.element].attributes = fromLibXML[index]
                ?? AttributeDecoder.decode(tokenAttributes[tag.attributes], in: bytes, keeping: keeping, decoding: decoding)
        }
        for (clone, source) in scan.cloneSources.sorted(by: { $0.key < $1.key }) {
            page.elements[clone].attributes = page.elements[source].attributes
        }
        for (tag, element) in scan.attributeMerges {
            var token = HTMLTokenizer.Token()
            guard HTMLTokenizer.readTag(bytes, at: tag.lowerBound, into: &token) != nil else { continue }
            var present = Set(page.elements[element].attributes.map(\.name))
            for attribute in AttributeDecoder.decode(token.attributes, in: bytes, keeping: keeping, decoding: decoding)
            where present.insert(attribute.name).inserted {
                page.elements[element].attributes.append(attribute)
            }
        }
    }
}

extension ByteDecoding {
    var isASCIIOnly: Bool {
        if case .asciiOnly = self { return true }
        return false
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
