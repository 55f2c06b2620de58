/// A parsed page: its elements and comments with byte ranges in the page's own bytes, and the
/// places where a browser opens and closes `<head>` and `<body>`.
///
/// Every offset is into the original bytes of the file (whatever its encoding), so splicing
/// at an offset inserts exactly there and touches nothing else.
public struct Page: Sendable {
    public struct Attribute: Sendable, Equatable {
        /// Lowercased by libxml2, as HTML attribute names are case-insensitive.
        public var name: String
        public var value: String
    }

    public struct Element: Sendable {
        /// Lowercased tag name.
        public var name: String
        public var attributes: [Attribute]
        public var parent: Int?
        /// The start tag's bytes; empty (at the place it was implied) when the parser made the
        /// element up without a tag in the source.
        public var startTag: Range<Int>
        /// The end tag's bytes when the source has one that closed this element.
        public var endTag: Range<Int>?
        /// Where the element's content ends: before its end tag, or where something else
        /// closed it.
        public var contentEnd: Int
        /// Just past the element: after its end tag, or where something else closed it.
        public var outerEnd: Int
        /// True for an element the tree builder made without a tag of its own in the source
        /// (an implied `<body>` or `<tbody>`, a clone of a formatting element).
        public var isImplied: Bool
        /// The element's place among its siblings in the tree a browser builds, which is not
        /// always source order (content moved out of a table, misnested formatting tags).
        public var previousSibling: Int?
        public var nextSibling: Int?
        public var firstChild: Int?
        public var lastChild: Int?
        /// Whether the element has a text child (whitespace included), as `:empty` asks.
        public var hasText = false
        /// Inside `<svg>` or `<math>`, where `/>` closes an element.
        public var isForeign = false

        public func attribute(_ name: String) -> String? {
            attributes.first { $0.name == name }?.value
        }
    }

    public struct Comment: Sendable {
        public var range: Range<Int>
        /// The text between `<!--` and `-->`.
        public var text: String
    }

    /// An insertion point with what made it: a tag the page has, or a place a browser implies.
    public struct Anchor: Sendable, Equatable {
        public var offset: Int
        /// True when a tag in the source marks the place (`<head>`, `</head>`, `<body>`, `</body>`).
        public var isExplicit: Bool
    }

    /// Where a browser's `<head>` and `<body>` begin and end, each the offset to insert at.
    public struct Anchors: Sendable, Equatable {
        public var headStart: Anchor?
        public var headEnd: Anchor?
        public var bodyStart: Anchor?
        public var bodyEnd: Anchor?
    }

    public var elements: [Element]
    /// Element indices in tree order (document order of the browser's tree).
    public var treeOrder: [Int]
    public var comments: [Comment]
    public var anchors: Anchors
    /// False when the parser stopped early because the rules needed nothing further.
    public var isComplete: Bool
}
