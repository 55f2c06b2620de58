/// The element categories of the WHATWG tree construction rules that pixeltag follows.
enum HTMLElementSets {
    /// "special" elements: an unknown end tag stops at them, and the adoption agency's
    /// furthest block is one of them.
    static let special: Set<String> = [
        "address", "applet", "area", "article", "aside", "base", "basefont", "bgsound", "blockquote", "body", "br",
        "button", "caption", "center", "col", "colgroup", "dd", "details", "dir", "div", "dl", "dt", "embed",
        "fieldset", "figcaption", "figure", "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6",
        "head", "header", "hgroup", "hr", "html", "iframe", "img", "input", "keygen", "li", "link", "listing", "main",
        "marquee", "menu", "meta", "nav", "noembed", "noframes", "noscript", "object", "ol", "p", "param", "plaintext",
        "pre", "script", "search", "section", "select", "source", "style", "summary", "table", "tbody", "td",
        "template", "textarea", "tfoot", "th", "thead", "title", "tr", "track", "ul", "wbr", "xmp",
    ]
    static let foreignSpecial: Set<String> = [
        "mi", "mo", "mn", "ms", "mtext", "annotation-xml", "foreignobject", "desc", "title",
    ]

    /// Start tags that close an open `<p>` (libxml2, following HTML 4, leaves it open for
    /// most of the HTML5 ones).
    static let closesParagraph: Set<String> = [
        "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl", "fieldset",
        "figcaption", "figure", "footer", "header", "hgroup", "main", "menu", "nav", "ol", "p", "search", "section",
        "summary", "ul",
    ]
    /// End tags that close their element only when it is in scope, after implied end tags.
    static let blockEndTags: Set<String> = closesParagraph.union(["button", "listing", "pre"])

    /// Start tags after which a `<frameset>` can no longer replace the body.
    static let endsFramesetOK: Set<String> = [
        "pre", "listing", "li", "dd", "dt", "button", "applet", "marquee", "object", "table", "area", "br", "embed",
        "img", "keygen", "wbr", "input", "hr", "textarea", "xmp", "iframe", "select", "image",
    ]
    static let headings: Set<String> = ["h1", "h2", "h3", "h4", "h5", "h6"]
    static let formatting: Set<String> = [
        "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
    ]
    static let impliedEnd: Set<String> = ["dd", "dt", "li", "optgroup", "option", "p", "rb", "rp", "rt", "rtc"]
    static let void: Set<String> = [
        "area", "br", "embed", "img", "keygen", "wbr", "input", "param", "source", "track", "hr",
        "base", "basefont", "bgsound", "link", "meta", "col", "frame",
    ]
    /// Elements whose content a browser reads as text, not markup (scripting on, as where the
    /// pixel runs: `<noscript>` is one of them).
    static let rawText: Set<String> = [
        "script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext",
    ]
    static let headContent: Set<String> = [
        "base", "basefont", "bgsound", "link", "meta", "noframes", "script", "style", "template", "title",
    ]
    static let tableContext: Set<String> = ["table", "tbody", "tfoot", "thead", "tr"]
    static let tableSections: Set<String> = ["tbody", "tfoot", "thead"]
    static let cellBoundary: Set<String> = ["caption", "col", "colgroup", "tbody", "td", "tfoot", "th", "thead", "tr"]

    /// Start tags that end `<svg>` or `<math>` content and go back to HTML.
    static let foreignBreakout: Set<String> = [
        "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed", "h1", "h2",
        "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu", "meta", "nobr", "ol", "p", "pre",
        "ruby", "s", "small", "span", "strong", "strike", "sub", "sup", "table", "tt", "u", "ul", "var",
    ]

    // Scopes: "has an element in scope" stops at these.
    static let scopeBoundary: Set<String> = [
        "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template",
    ]
    static let foreignScopeBoundary: Set<String> = [
        "mi", "mo", "mn", "ms", "mtext", "annotation-xml", "foreignobject", "desc", "title",
    ]
    static let listItemScopeBoundary = scopeBoundary.union(["ol", "ul"])
    static let buttonScopeBoundary = scopeBoundary.union(["button"])
    static let tableScopeBoundary: Set<String> = ["html", "table", "template"]
}

/// A tag's categories as bits, looked up once per tag: the tree builder asks "is it special,
/// a formatting element, a scope boundary…" several times per tag, and a bit test is far
/// cheaper than hashing the name into a set each time.
struct TagFlags: OptionSet, Sendable {
    let rawValue: UInt32
    static let special = TagFlags(rawValue: 1 << 0)
    static let closesParagraph = TagFlags(rawValue: 1 << 1)
    static let blockEndTag = TagFlags(rawValue: 1 << 2)
    static let heading = TagFlags(rawValue: 1 << 3)
    static let formatting = TagFlags(rawValue: 1 << 4)
    static let impliedEnd = TagFlags(rawValue: 1 << 5)
    static let headContent = TagFlags(rawValue: 1 << 6)
    static let tableContext = TagFlags(rawValue: 1 << 7)
    static let cellBoundary = TagFlags(rawValue: 1 << 8)
    static let foreignBreakout = TagFlags(rawValue: 1 << 9)
    static let endsFramesetOK = TagFlags(rawValue: 1 << 10)
    static let scopeBoundary = TagFlags(rawValue: 1 << 11)
    static let listItemScopeBoundary = TagFlags(rawValue: 1 << 12)
    static let buttonScopeBoundary = TagFlags(rawValue: 1 << 13)
    static let tableScopeBoundary = TagFlags(rawValue: 1 << 14)
    /// In SVG or MathML: special, and a boundary of every scope but table scope.
    static let foreignSpecial = TagFlags(rawValue: 1 << 15)
}

/// A known tag's small number (0 for any other name) and its categories.
struct TagInfo: Sendable {
    var id: Int
    var flags: TagFlags
    /// Its case among the "in body" start tag rules; for an unknown name (id 0) it has to be
    /// worked out from the name.
    var inBody: InBodyStart = .ordinary

    static let unknown = TagInfo(id: 0, flags: [])

    /// Asked several times per tag (and for every "is a `<p>` open?"), so names of up to 8
    /// bytes, which are nearly all of them, are found by their bytes packed into one integer
    /// instead of by hashing a String.
    static func of(_ name: String) -> TagInfo {
        var name = name
        return name.withUTF8 { of(bytes: $0) }
    }

    /// `bytes` is a lowercase tag name.
    static func of(bytes: UnsafeBufferPointer<UInt8>) -> TagInfo {
        guard let key = PackedName(bytes) else {
            return table[String(decoding: bytes, as: UTF8.self)] ?? .unknown
        }
        return packed.find(key) ?? .unknown
    }

    /// The name of a known tag of up to 8 bytes written at `range` in any ASCII case, as the
    /// table's own lowercase String; nil for any other name.
    static func knownName(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> String? {
        known(range, in: bytes)?.name
    }

    /// A known tag's name (as `knownName`) and its table entry.
    static func known(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> (name: String, info: TagInfo)? {
        let count = range.count
        guard count >= 1, count <= 8 else { return nil }
        var value: UInt64 = 0
        for index in 0..<count {
            let byte = bytes[range.lowerBound + index]
            // NUL is read as U+FFFD, which no known name has.
            guard byte != 0 else { return nil }
            value |= UInt64(asciiLower(byte)) << (8 * UInt64(index))
        }
        guard let info = packed.find(PackedName(value: value)), info.id != 0 else { return nil }
        return (names[info.id], info)
    }

    /// Known names by id (index 0, unknown, is empty).
    private static let names: [String] = {
        var names = [String](repeating: "", count: count)
        for (name, info) in table { names[info.id] = name }
        return names
    }()

    private static let packed: PackedNameTable = {
        var names = PackedNameTable()
        for (name, info) in table {
            var bytes = Array(name.utf8)
            if let key = bytes.withUnsafeBufferPointer({ PackedName($0) }) { names.insert(key, info) }
        }
        return names
    }()

    /// Every name some category holds, numbered from 1.
    static let table: [String: TagInfo] = {
        typealias Sets = HTMLElementSets
        let categories: [(Set<String>, TagFlags)] = [
            (Sets.special, .special), (Sets.closesParagraph, .closesParagraph), (Sets.blockEndTags, .blockEndTag),
            (Sets.headings, .heading), (Sets.formatting, .formatting), (Sets.impliedEnd, .impliedEnd),
            (Sets.headContent, .headContent), (Sets.tableContext, .tableContext), (Sets.cellBoundary, .cellBoundary),
            (Sets.foreignBreakout, .foreignBreakout), (Sets.endsFramesetOK, .endsFramesetOK),
            (Sets.scopeBoundary, .scopeBoundary), (Sets.listItemScopeBoundary, .listItemScopeBoundary),
            (Sets.buttonScopeBoundary, .buttonScopeBoundary), (Sets.tableScopeBoundary, .tableScopeBoundary),
            (Sets.foreignSpecial, .foreignSpecial),
        ]
        var names = Set(categories.flatMap(\.0))
        // Names the builder asks "is one open?" about without a category of their own.
        names.formUnion(["ruby", "select", "option", "optgroup", "math", "svg", "font", "image", "frameset", "frame", "col"])
        var table: [String: TagInfo] = [:]
        for (number, name) in names.sorted().enumerated() {
            var flags: TagFlags = []
            for (set, flag) in categories where set.contains(name) { flags.insert(flag) }
            table[name] = TagInfo(id: number + 1, flags: flags, inBody: InBodyStart.of(name, flags: flags))
        }
        return table
    }()

    static let count = table.count + 1

    // Numbers of the names "in body" end tags are told apart by.
    static let body = number("body"), html = number("html"), p = number("p"), form = number("form"), li = number("li"),
               dd = number("dd"), dt = number("dt"), applet = number("applet"), marquee = number("marquee"),
               object = number("object"), br = number("br")

    private static func number(_ name: String) -> Int {
        guard let info = table[name] else { preconditionFailure("\(name) is not in the tag table") }
        return info.id
    }
}

/// A name of 1 to 8 bytes as one integer: its bytes, little end first, zero-padded.
struct PackedName {
    let value: UInt64

    init(value: UInt64) {
        self.value = value
    }

    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count >= 1, bytes.count <= 8 else { return nil }
        var value: UInt64 = 0
        for index in 0..<bytes.count { value |= UInt64(bytes[index]) << (8 * UInt64(index)) }
        self.value = value
    }
}

/// Open addressing over packed names, with a multiplicative hash: no `Hasher` per lookup.
struct PackedNameTable {
    private static let bits = 9
    private var keys = [UInt64](repeating: 0, count: 1 << bits)
    private var values = [TagInfo](repeating: .unknown, count: 1 << bits)

    private static func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bits))
    }

    mutating func insert(_ key: PackedName, _ info: TagInfo) {
        var slot = Self.slot(key.value)
        while keys[slot] != 0 && keys[slot] != key.value { slot = (slot + 1) & (keys.count - 1) }
        keys[slot] = key.value
        values[slot] = info
    }

    func find(_ key: PackedName) -> TagInfo? {
        var slot = Self.slot(key.value)
        while true {
            let stored = keys[slot]
            if stored == key.value { return values[slot] }
            if stored == 0 { return nil }
            slot = (slot + 1) & (keys.count - 1)
        }
    }
}
