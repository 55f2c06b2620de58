/// A parsed page: its elements and comments with byte ranges in the page's own bytes, and the
/// places where a browser opens and closes `<head>` and `<body>`.
///
/// Every offset is into the original bytes of the file (whatever its encoding), so splicing
/// at an offset inserts exactly there and touches nothing else.
package struct Page: Sendable {
    package struct Attribute: Sendable, Equatable {
        /// Lowercased by libxml2, as HTML attribute names are case-insensitive.
        package var name: String
        package var value: String
    }

    package struct Element: Sendable {
        /// Lowercased tag name.
        package var name: String
        package var attributes: [Attribute]
        package var parent: Int?
        /// The start tag's bytes; empty (at the place it was implied) when the parser made the
        /// element up without a tag in the source.
        package var startTag: Range<Int>
        /// The end tag's bytes when the source has one that closed this element.
        package var endTag: Range<Int>?
        /// Where the element's content ends: before its end tag, or where something else
        /// closed it.
        package var contentEnd: Int
        /// Just past the element: after its end tag, or where something else closed it.
        package var outerEnd: Int
        /// True for an element the tree builder made without a tag of its own in the source
        /// (an implied `<body>` or `<tbody>`, a clone of a formatting element).
        package var isImplied: Bool
        /// The element's place among its siblings in the tree a browser builds, which is not
        /// always source order (content moved out of a table, misnested formatting tags).
        package var previousSibling: Int?
        package var nextSibling: Int?
        package var firstChild: Int?
        package var lastChild: Int?
        /// Whether the element has a text child (whitespace included), as `:empty` asks.
        package var hasText = false
        /// Inside `<svg>` or `<math>`, where `/>` closes an element.
        package var isForeign = false

        package func attribute(_ name: String) -> String? {
            attributes.first { $0.name == name }?.value
        }
    }

    package struct Comment: Sendable {
        package var range: Range<Int>
        /// The text between `<!--` and `-->`.
        package var text: String
    }

    /// An insertion point with what made it: a tag the page has, or a place a browser implies.
    package struct Anchor: Sendable, Equatable {
        package var offset: Int
        /// True when a tag in the source marks the place (`<head>`, `</head>`, `<body>`, `</body>`).
        package var isExplicit: Bool
    }

    /// Where a browser's `<head>` and `<body>` begin and end, each the offset to insert at.
    package struct Anchors: Sendable, Equatable {
        package var headStart: Anchor?
        package var headEnd: Anchor?
        package var bodyStart: Anchor?
        package var bodyEnd: Anchor?
    }

    /// A stretch of the page where a `<script>` inserted at any offset (both ends included)
    /// would not run in a browser, and the element that makes it so.
    package struct InertRange: Sendable, Equatable {
        package enum Kind: String, Sendable {
            /// Raw text, RCDATA, script data or plaintext: a browser reads the bytes as the
            /// element's text (`<script>`, `<style>`, `<title>`, `<textarea>`, `<noscript>`…).
            case text
            /// `<template>` content: a fragment a browser keeps out of the document.
            case template
            /// SVG or MathML content, where `<script>` is not an HTML script.
            case foreign
            /// In or after a `<frameset>`, where a browser drops a `<script>`.
            case frameset
            /// A tag, comment, doctype or CDATA section that the end of the file cuts off:
            /// whatever is added at the very end joins it. `element` is the tag's name, or
            /// `!--`, `!doctype`, `![CDATA[`.
            case cutOff
        }

        package var offsets: ClosedRange<Int>
        package var kind: Kind
        /// The element's lowercase name, and where its start tag begins.
        package var element: String
        package var elementStart: Int

        package init(offsets: ClosedRange<Int>, kind: Kind, element: String, elementStart: Int) {
            self.offsets = offsets
            self.kind = kind
            self.element = element
            self.elementStart = elementStart
        }
    }

    package var elements: [Element]
    /// Element indices in tree order (document order of the browser's tree).
    package var treeOrder: [Int]
    package var comments: [Comment]
    package var anchors: Anchors
    /// False when the parser stopped early because the rules needed nothing further.
    package var isComplete: Bool
    /// Where a browser's tokenizer does not read the bytes as markup in HTML content, that the
    /// element tree cannot show (it is read from the tokens a browser reads, see
    /// `HTMLTokenizer`): the unfinished token or element the end of the file cuts off, and,
    /// when the page was read without a tree, an element in the head whose text or template
    /// content runs to the end. `LivePlaces` adds what the tree shows. Sorted, not overlapping.
    package var inertRanges: [InertRange] = []
    /// The encoding a `<meta>` past the first 1024 bytes declares, when nothing before it
    /// did: a browser then reads the page again in that encoding.
    var lateEncoding: PageEncoding.Declaration?
}
