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

    static let unknown = TagInfo(id: 0, flags: [])

    static func of(_ name: String) -> TagInfo { table[name] ?? .unknown }

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
            table[name] = TagInfo(id: number + 1, flags: flags)
        }
        return table
    }()

    static let count = table.count + 1
}
