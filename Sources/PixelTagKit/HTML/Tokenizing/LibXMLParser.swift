import CLibXML2

/// What the libxml2 wrapper reports while it parses: start tags with their attributes and
/// the parser's byte cursor in the buffer it was given. Nothing of libxml2 leaks past this
/// protocol.
protocol ParseEventHandler: AnyObject {
    /// A start tag libxml2 read. `cursor` is the parser's offset when it reported the tag: its
    /// `>`, or the `/` of `/>`.
    func startElement(name: LibXMLName, attributes: LibXMLAttributes, cursor: Int)
}

/// A start tag's name as libxml2 read it (lowercase), valid during the callback only.
struct LibXMLName {
    fileprivate let pointer: UnsafePointer<xmlChar>

    /// Whether the name is `bytes` (a tag name as written, in any ASCII case).
    func equals(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        // Byte by byte, stopping at the first difference or at libxml2's NUL, so nothing
        // past the end of its string is read.
        var offset = 0
        for byte in bytes {
            let read = pointer[offset]
            guard read != 0, read == asciiLower(byte) else { return false }
            offset += 1
        }
        return pointer[offset] == 0
    }
}

/// A start tag's attributes as libxml2 read them (names lowercase, entities replaced),
/// valid during the callback only.
struct LibXMLAttributes {
    fileprivate let pairs: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    let count: Int

    fileprivate init(_ pairs: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        self.pairs = pairs
        var count = 0
        if let pairs { while pairs[2 * count] != nil { count += 1 } }
        self.count = count
    }

    /// Whether attribute `index` has the name `bytes` (in any ASCII case).
    func name(at index: Int, is bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard let name = pairs?[2 * index] else { return false }
        var offset = 0
        for byte in bytes {
            let read = name[offset]
            guard read != 0, read == asciiLower(byte) else { return false }
            offset += 1
        }
        return name[offset] == 0
    }

    func value(at index: Int) -> String {
        guard let value = pairs?[2 * index + 1] else { return "" }
        return value.withMemoryRebound(to: CChar.self, capacity: 1) { String(cString: $0) }
    }
}

/// The one owner of a libxml2 HTML parser context. It parses UTF-8 bytes with libxml2's
/// SAX interface and reports each start tag with the parser's byte cursor.
///
/// libxml2 never writes anything back: its serializer would change the page's doctype,
/// entities and whitespace, and the page's bytes belong to its owner.
final class LibXMLParser {
    /// The libxml2 this process runs on, e.g. "2.9.14": the shared library loaded at run time,
    /// which may differ from the headers pixeltag was built with.
    static let runtimeVersion: String = {
        _ = initialized
        guard let raw = pixeltag_xmlParserVersion() else { return "unknown" }
        // "20914", sometimes followed by a suffix such as "-GITv2.9.14".
        guard let number = Int(String(cString: raw).prefix { $0.isNumber }) else { return String(cString: raw) }
        return "\(number / 10000).\(number / 100 % 100).\(number % 100)"
    }()

    private static let initialized: Bool = {
        // libxml2 keeps global tables; they must be set up once before threads parse.
        xmlInitParser()
        return true
    }()

    private final class Session {
        let handler: any ParseEventHandler
        var context: htmlParserCtxtPtr?

        init(handler: any ParseEventHandler) {
            self.handler = handler
        }

        var cursor: Int {
            guard let context else { return 0 }
            return Int(xmlByteConsumed(context))
        }
    }

    /// Parses `utf8` (which must be valid UTF-8 without a BOM or NUL: offsets are only exact
    /// when libxml2 converts nothing) and reports every start tag to `handler`.
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

        // Only start tags are asked for: text, comments and end tags are found in the bytes
        // (see `PageScanner`), and each callback not set is work libxml2 skips.
        var sax = htmlSAXHandler()
        // The SAX2 magic routes errors to `serror`, which drops them, instead of stderr.
        sax.initialized = XML_SAX2_MAGIC
        sax.serror = { _, _ in }
        sax.startElement = { user, name, attributes in
            let session = Unmanaged<Session>.fromOpaque(user!).takeUnretainedValue()
            session.handler.startElement(name: LibXMLName(pointer: name!), attributes: LibXMLAttributes(attributes), cursor: session.cursor)
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
