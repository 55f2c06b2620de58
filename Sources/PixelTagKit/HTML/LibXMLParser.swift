import CLibXML2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the libxml2 wrapper reports while it parses: plain Swift values and byte offsets in
/// the buffer it was given. Nothing of libxml2 leaks past this protocol.
protocol ParseEventHandler: AnyObject {
    /// `cursor` is the parser's offset when the event fired: for a start tag, its `>` (or `/>`);
    /// for everything else, just past the bytes that made the event.
    func startElement(name: String, attributes: [Page.Attribute], cursor: Int)
    func endElement(cursor: Int)
    func text(isWhitespace: Bool, cursor: Int)
    func comment(_ text: String, cursor: Int)
    /// The body of a script or style element, which a browser reads as text.
    func rawText(cursor: Int)
    /// A doctype or processing instruction.
    func opaque(cursor: Int)
    /// Checked after every event: true stops the parser (the rules need nothing further).
    var isDone: Bool { get }
    /// False when `isDone` can never become true for this page, so it need not be asked.
    var mayStopEarly: Bool { get }
    /// The attributes to copy out of libxml2 (lowercase names): nil for all of them. Most
    /// attributes of a page (href, src, style…) are never looked at, and each copy costs.
    var keptAttributes: [String]? { get }
}

/// The one owner of a libxml2 HTML parser context. It parses UTF-8 bytes with libxml2's
/// SAX interface and forwards each event with the parser's byte cursor.
///
/// libxml2 never writes anything back: its serializer would change the page's doctype,
/// entities and whitespace, and the page's bytes belong to its owner.
final class LibXMLParser {
    private static let initialized: Bool = {
        // libxml2 keeps global tables; they must be set up once before threads parse.
        xmlInitParser()
        return true
    }()

    private final class Session {
        let handler: any ParseEventHandler
        var context: htmlParserCtxtPtr?
        /// `keptAttributes` as C strings, for strcmp against libxml2's (lowercased) names.
        let kept: [[CChar]]?
        let keptNames: [String]
        let mayStopEarly: Bool

        init(handler: any ParseEventHandler) {
            self.handler = handler
            mayStopEarly = handler.mayStopEarly
            keptNames = handler.keptAttributes ?? []
            kept = handler.keptAttributes?.map { Array($0.utf8CString) }
        }

        /// The attribute's name as a String when it is one to keep; nil when it is not.
        func keptName(_ name: UnsafePointer<xmlChar>) -> String? {
            name.withMemoryRebound(to: CChar.self, capacity: 1) { key in
                guard let kept else { return String(cString: key) }
                guard let index = kept.firstIndex(where: { $0[0] == key[0] && strcmp($0, key) == 0 }) else { return nil }
                return keptNames[index]
            }
        }

        var cursor: Int {
            guard let context else { return 0 }
            return Int(xmlByteConsumed(context))
        }

        func afterEvent() {
            if mayStopEarly, handler.isDone, let context { xmlStopParser(context) }
        }
    }

    /// Parses `utf8` (which must be valid UTF-8 without a BOM: offsets are only exact when
    /// libxml2 converts nothing) and reports every event to `handler`.
    static func parse(_ utf8: UnsafeBufferPointer<UInt8>, handler: any ParseEventHandler) {
        _ = initialized
        guard let base = utf8.baseAddress, utf8.count > 0, utf8.count < Int(Int32.max) else { return }
        let session = Session(handler: handler)
        let context = base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
            htmlCreateMemoryParserCtxt($0, Int32(utf8.count))
        }
        guard let context else { return }
        defer {
            if let doc = context.pointee.myDoc { xmlFreeDoc(doc) }
            htmlFreeParserCtxt(context)
        }
        // Say the input is UTF-8 before the first non-ASCII byte makes libxml2 guess an encoding
        // and install a converter, after which its cursor no longer counts the given bytes.
        _ = xmlSwitchEncoding(context, XML_CHAR_ENCODING_UTF8)
        session.context = context
        let retained = Unmanaged.passRetained(session)
        defer { retained.release() }

        var sax = htmlSAXHandler()
        // The SAX2 magic routes errors to `serror`, which drops them, instead of stderr.
        sax.initialized = XML_SAX2_MAGIC
        sax.serror = { _, _ in }
        sax.startElement = { user, name, attributes in
            let session = Unmanaged<Session>.fromOpaque(user!).takeUnretainedValue()
            var pairs: [Page.Attribute] = []
            if session.kept?.isEmpty != true, var cursor = attributes {
                while let key = cursor.pointee {
                    if let kept = session.keptName(key) {
                        let value = cursor.advanced(by: 1).pointee
                        pairs.append(Page.Attribute(name: kept, value: value.map { String(cString: $0) } ?? ""))
                    }
                    cursor = cursor.advanced(by: 2)
                }
            }
            session.handler.startElement(name: String(cString: name!), attributes: pairs, cursor: session.cursor)
            session.afterEvent()
        }
        sax.endElement = { user, _ in
            let session = Unmanaged<Session>.fromOpaque(user!).takeUnretainedValue()
            // The name is not passed on: which element an end tag closes is the tree builder's
            // call, made from the source's bytes.
            session.handler.endElement(cursor: session.cursor)
            session.afterEvent()
        }
        let characters: charactersSAXFunc = { user, chars, length in
            let session = Unmanaged<Session>.fromOpaque(user!).takeUnretainedValue()
            var blank = true
            if let chars {
                for index in 0..<Int(length) {
                    switch chars[index] {
                    case 0x20, 0x09, 0x0A, 0x0C, 0x0D: continue
                    default: blank = false
                    }
                    break
                }
            }
            session.handler.text(isWhitespace: blank, cursor: session.cursor)
            session.afterEvent()
        }
        sax.characters = characters
        sax.ignorableWhitespace = characters
        sax.cdataBlock = { user, _, _ in
            let session = Unmanaged<Session>.fromOpaque(user!).takeUnretainedValue()
            session.handler.rawText(cursor: session.cursor)
            session.afterEvent()
        }
        sax.comment = { user, text in
            let session = Unmanaged<Session>.fromOpaque(user!).takeUnretainedValue()
            session.handler.comment(text.map { String(cString: $0) } ?? "", cursor: session.cursor)
            session.afterEvent()
        }
        sax.internalSubset = { user, _, _, _ in
            let session = Unmanaged<Session>.fromOpaque(user!).takeUnretainedValue()
            session.handler.opaque(cursor: session.cursor)
            session.afterEvent()
        }
        sax.processingInstruction = { user, _, _ in
            let session = Unmanaged<Session>.fromOpaque(user!).takeUnretainedValue()
            session.handler.opaque(cursor: session.cursor)
            session.afterEvent()
        }

        withUnsafeMutablePointer(to: &sax) { handlerPointer in
            let defaultHandler = context.pointee.sax
            context.pointee.sax = handlerPointer
            context.pointee.userData = retained.toOpaque()
            let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOIMPLIED.rawValue | HTML_PARSE_IGNORE_ENC.rawValue)
            htmlCtxtUseOptions(context, options)
            _ = htmlParseDocument(context)
            // Give the context back the handler it allocated, so freeing it frees that one.
            context.pointee.sax = defaultHandler
            context.pointee.userData = nil
        }
    }
}
