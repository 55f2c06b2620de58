import Testing
@testable import PixelTagKit

/// The places where libxml2 2.9 reads bytes differently from a browser, each read as a
/// browser reads it: the elements and the head's end that pixeltag finds.
@Suite struct BrowserReadingTests {
    func parse(_ html: String) throws -> (page: Page, bytes: [UInt8]) {
        let bytes = Array(html.utf8)
        return (PageParser.parse(try PageSource(bytes: bytes)), bytes)
    }

    func names(_ page: Page) -> [String] {
        page.treeOrder.map { page.elements[$0] }.filter { !$0.isImplied }.map(\.name)
    }

    /// What follows the head's end, as the text of the page.
    func afterHead(_ html: String) throws -> String {
        let (page, bytes) = try parse(html)
        return String(decoding: bytes[try #require(page.anchors.headEnd).offset...], as: UTF8.self)
    }

    @Test func anEmptyCommentEndsAtOnce() throws {
        // libxml2 reads `<!-->` as the start of a comment that runs to the next `-->`.
        #expect(try afterHead("<head><!--></head><p>x") == "</head><p>x")
        #expect(try afterHead("<head><!---></head><p>x") == "</head><p>x")
        #expect(try afterHead("<head><!-- a --!></head><p>x") == "</head><p>x")
    }

    @Test func anEscapedScriptRunsPastItsFirstEndTag() throws {
        let html = #"<head><script><!--<script>document.write("</head>")</script>--></script></head><body><p>x"#
        #expect(try afterHead(html) == "</head><body><p>x")
        let (page, _) = try parse("<p><script><!--<script></script><b>not a tag</b>--></script><i>a tag</i>")
        #expect(names(page) == ["p", "script", "i"])
    }

    @Test func aBogusCommentHidesTheTagsInIt() throws {
        #expect(try afterHead("<head><title>t</title></</head><p>x") == "<p>x")
        #expect(try afterHead("<head><!x </head><p>x") == "<p>x")
    }

    @Test func aLessThanSignInsideATagNameIsPartOfTheName() throws {
        let (page, _) = try parse("<div<div>x</div<div>")
        #expect(names(page) == ["div<div"])
    }

    @Test func titleTextareaNoscriptAndIframeHoldTextNotTags() throws {
        for element in ["title", "textarea", "noscript", "iframe", "noembed", "xmp"] {
            let (page, _) = try parse("<body><\(element)><p class=x><!-- pixeltag:event Purchase --></\(element)><i>")
            #expect(names(page) == ["body", element, "i"], "\(element)")
            #expect(page.comments.isEmpty, "\(element)")
        }
    }

    @Test func aStyleOrScriptInSVGHoldsMarkup() throws {
        let (page, _) = try parse("<body><svg><style><p class=x>y</p></style></svg>")
        let p = try #require(page.elements.first { $0.name == "p" })
        // `<p>` in SVG content ends the SVG: the paragraph is the body's.
        #expect(page.elements[p.parent!].name == "body")
        #expect(!p.isForeign)
    }

    @Test func anUnclosedTitleRunsToTheEndOfTheFile() throws {
        let (page, bytes) = try parse("<head><title>Sale</head><body><p>x")
        #expect(names(page) == ["head", "title"])
        #expect(page.anchors.headEnd?.offset == bytes.count)
        #expect(page.inertRanges.last?.offsets == 13...bytes.count)
    }
}
