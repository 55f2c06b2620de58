import Foundation
import Testing
@testable import PixelTagKit

@Suite struct PageParserTests {
    func parse(_ html: String) throws -> (Page, [UInt8]) {
        let bytes = Array(html.utf8)
        return (PageParser.parse(try PageSource(bytes: bytes)), bytes)
    }

    func text(_ bytes: [UInt8], _ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    @Test func startAndEndTagRangesCoverTheirSourceBytes() throws {
        let (page, bytes) = try parse(#"<!DOCTYPE html><html><body><div class="a>b" id=x>hi</div></body></html>"#)
        let div = try #require(page.elements.first { $0.name == "div" })
        #expect(text(bytes, div.startTag) == #"<div class="a>b" id=x>"#)
        #expect(text(bytes, try #require(div.endTag)) == "</div>")
        #expect(div.attribute("class") == "a>b")
    }

    @Test func headEndIsTheRealEndTagNotOneInACommentOrScript() throws {
        let html = "<html><head><!-- </head> --><script>var s = \"</head>\";</script>\n</head><body></body></html>"
        let (page, bytes) = try parse(html)
        let headEnd = try #require(page.anchors.headEnd)
        #expect(headEnd.isExplicit)
        #expect(text(bytes, headEnd.offset..<(headEnd.offset + 7)) == "</head>")
        #expect(headEnd.offset == html.utf8.count - "</head><body></body></html>".utf8.count)
    }

    @Test func anImpliedHeadEndsWhereTheFirstBodyElementBegins() throws {
        let html = "<!doctype html><meta charset=utf-8><title>Not found</title>\n<h1>Gone</h1>"
        let (page, bytes) = try parse(html)
        let headEnd = try #require(page.anchors.headEnd)
        #expect(!headEnd.isExplicit)
        #expect(text(bytes, headEnd.offset..<bytes.count) == "<h1>Gone</h1>")
        #expect(page.anchors.bodyEnd?.offset == bytes.count)
    }

    @Test func textInTheHeadEndsItWhereTheTextBegins() throws {
        let (page, bytes) = try parse("<title>t</title>\n  Hello <b>x</b>")
        #expect(text(bytes, page.anchors.headEnd!.offset..<bytes.count) == "Hello <b>x</b>")
    }

    @Test func tagsInsideTheTitleDoNotEndTheHead() throws {
        let (page, bytes) = try parse("<head><title>a <b> c</title><meta name=x></head><body>")
        #expect(text(bytes, page.anchors.headEnd!.offset..<(page.anchors.headEnd!.offset + 7)) == "</head>")
    }

    @Test func uppercaseTagsAreFoundAndNamedInLowercase() throws {
        let (page, bytes) = try parse("<HTML><HEAD><TITLE>x</TITLE></HEAD><BODY><P>y</BODY></HTML>")
        #expect(page.elements.map(\.name).contains("p"))
        #expect(text(bytes, page.anchors.headEnd!.offset..<(page.anchors.headEnd!.offset + 7)) == "</HEAD>")
        #expect(text(bytes, page.anchors.bodyEnd!.offset..<(page.anchors.bodyEnd!.offset + 7)) == "</BODY>")
    }

    @Test func anElementClosedByASiblingEndsWhereTheSiblingBegins() throws {
        let (page, bytes) = try parse("<ul><li>a\n<li>b</ul>")
        let first = page.elements.first { $0.name == "li" }!
        #expect(first.endTag == nil)
        #expect(text(bytes, first.startTag.lowerBound..<first.outerEnd) == "<li>a\n")
    }

    @Test func bodyStartIsAfterTheBodyTag() throws {
        let (page, bytes) = try parse("<head></head>\n<body class=x>\n<p>hi</p></body>")
        #expect(text(bytes, 0..<page.anchors.bodyStart!.offset).hasSuffix("<body class=x>"))
    }

    @Test func aByteOrderMarkIsKeptAndOffsetsCountIt() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("<head><title>x</title></head><body></body>".utf8)
        let page = PageParser.parse(try PageSource(bytes: bytes))
        #expect(String(decoding: bytes[page.anchors.headEnd!.offset...].prefix(7), as: UTF8.self) == "</head>")
    }

    @Test func aWindows1251PageMapsOffsetsToItsOwnBytes() throws {
        let cyrillic = "<html><head><meta charset=\"windows-1251\"><title>Привет мир</title></head><body><p id=п>Текст</p></body></html>"
        let bytes = [UInt8](cyrillic.data(using: .windowsCP1251)!)
        let source = try PageSource(bytes: bytes)
        #expect(source.encoding == .singleByte("windows-1251"))
        let page = PageParser.parse(source)
        #expect(String(decoding: bytes[page.anchors.headEnd!.offset...].prefix(7), as: UTF8.self) == "</head>")
        let p = page.elements.first { $0.name == "p" }!
        #expect(bytes[p.startTag.lowerBound] == UInt8(ascii: "<"))
        #expect(p.attribute("id") == "п")
    }

    @Test func aUTF16PageWithAByteOrderMarkIsParsedInItsOwnOffsets() throws {
        let html = "<html><head><title>x</title></head><body><p>é</p></body></html>"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in html.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let page = PageParser.parse(try PageSource(bytes: bytes))
        let offset = page.anchors.headEnd!.offset
        #expect(offset % 2 == 0)
        #expect(bytes[offset] == UInt8(ascii: "<") && bytes[offset + 2] == UInt8(ascii: "/"))
    }

    @Test func invalidUTF8DoesNotShiftOffsets() throws {
        var bytes = Array("<head><title>".utf8) + [0xFF, 0xC3] + Array("</title></head><body><p>x</p></body>".utf8)
        bytes += []
        let page = PageParser.parse(try PageSource(bytes: bytes))
        #expect(String(decoding: bytes[page.anchors.headEnd!.offset...].prefix(7), as: UTF8.self) == "</head>")
    }

    /// Only the part libxml2 read is checked for UTF-8: whatever the body holds, a parse that
    /// stopped after the head must find the same head as a parse of the repaired page.
    @Test(arguments: [
        ("body", [0xFF, 0xC3] as [UInt8]),
        ("body", [0x00]),
        ("head", [0xFF, 0xC3]),
        ("head", [0x00]),
    ] as [(String, [UInt8])])
    func aBadByteOrNULInTheHeadOrTheBodyLeavesTheHeadWhereItIs(where place: String, bad: [UInt8]) throws {
        let head = Array("<!doctype html><html><head><title>caf".utf8) + (place == "head" ? bad : Array("é".utf8))
            + Array("</title><meta name=x content=y></head>".utf8)
        let body = Array("<body><p>".utf8) + String(repeating: "lorem ipsum ", count: 800).utf8 + (place == "body" ? bad : [])
            + Array("</p><div class=late>z</div></body></html>".utf8)
        let bytes = head + body
        for (needsTree, needsBody) in [(false, false), (true, true)] {
            let page = PageParser.parse(try PageSource(bytes: bytes), needsTree: needsTree, needsBody: needsBody)
            #expect(page.anchors.headEnd?.offset == head.count - "</head>".utf8.count, "\(needsTree) \(needsBody)")
            if needsTree {
                // The whole page was read: an element after the bad byte is where it is.
                let late = try #require(page.elements.first { $0.attribute("class") == "late" })
                #expect(String(decoding: bytes[late.startTag], as: UTF8.self) == "<div class=late>")
            }
        }
    }

    @Test func aPageThatNeedsOnlyItsHeadIsNotReadToTheEnd() throws {
        let bytes = Array("<html><head><title>t</title></head><body>".utf8) + Array(repeating: UInt8(ascii: "x"), count: 100_000) + [0xFF]
        let page = PageParser.parse(try PageSource(bytes: bytes), needsTree: false, needsBody: false)
        #expect(!page.isComplete)
        #expect(page.anchors.headEnd?.offset == 28)
    }

    /// A block added at the very end of such a page would join what the end cuts off.
    @Test(arguments: [
        ("<p>x<a href=\"y", Page.InertRange.Kind.cutOff, "a", 4),
        ("<p>x</SCRIPT", .cutOff, "script", 4),
        ("<p>x<!-- never closed --", .cutOff, "!--", 4),
        ("<p>x<!x", .cutOff, "!--", 4),
        ("<!DOCTYPE html", .cutOff, "!doctype", 0),
        ("<p><svg><![CDATA[x", .cutOff, "![CDATA[", 8),
        ("<title>x", .text, "title", 0),
        ("<p><script><!--<script></script>", .text, "script", 3),
        ("<p><plaintext>a</plaintext>", .text, "plaintext", 3),
    ])
    func whatTheEndOfAPageCutsOffIsInert(html: String, kind: Page.InertRange.Kind, element: String, start: Int) throws {
        let bytes = Array(html.utf8)
        for (needsTree, needsBody) in [(true, true), (false, false)] {
            let page = PageParser.parse(try PageSource(bytes: bytes), needsTree: needsTree, needsBody: needsBody)
            // A page read only as far as its head's end says nothing of its end.
            guard page.isComplete else { continue }
            let range = try #require(page.inertRanges.last, "\(html) \(needsTree)")
            #expect(range.kind == kind && range.element == element && range.elementStart == start, "\(html)")
            #expect(range.offsets.upperBound == bytes.count)
        }
    }

    @Test func aPageThatEndsInMarkupHasNothingCutOff() throws {
        let page = PageParser.parse(try PageSource(bytes: Array("<p>a <b>c</b> d<!-- e --> <".utf8)))
        #expect(page.inertRanges.isEmpty)
    }

    @Test func emptyAndBinaryFilesAreNotPages() {
        #expect(throws: PageSource.Problem.empty) { try PageSource(bytes: []) }
        #expect(throws: PageSource.Problem.binary) { try PageSource(bytes: [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0]) }
    }

    @Test func aRefusedCharsetIsReportedByItsLabel() {
        #expect(throws: PageSource.Problem.unsupportedCharset("iso-2022-jp")) {
            try PageSource(bytes: Array("<meta charset=ISO-2022-JP><p>x".utf8))
        }
    }
}

/// The validity check reads ASCII eight bytes at a time; what it refuses must not depend on
/// where in such a word a byte falls.
@Suite struct UTF8CheckTests {
    @Test func aNULOrABadByteAnywhereInALongASCIIRunIsFound() {
        let ascii = Array(repeating: UInt8(ascii: "a"), count: 40)
        #expect(UTF8Repair.isValid(ascii, from: 0))
        for position in 0..<ascii.count {
            var withNUL = ascii, withBad = ascii
            withNUL[position] = 0
            withBad[position] = 0xFF
            #expect(!UTF8Repair.isValid(withNUL, from: 0), "NUL at \(position)")
            #expect(!UTF8Repair.isValid(withBad, from: 0), "0xFF at \(position)")
        }
    }

    @Test func validMultiByteSequencesAnywhereAreAccepted() {
        for position in 0..<20 {
            let bytes = Array(repeating: UInt8(ascii: "a"), count: position) + Array("é✓😀".utf8) + Array(repeating: UInt8(ascii: "b"), count: 17)
            #expect(UTF8Repair.isValid(bytes, from: 0), "at \(position)")
        }
    }
}
