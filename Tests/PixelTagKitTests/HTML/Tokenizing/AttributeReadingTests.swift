import Foundation
import Testing
@testable import PixelTagKit

/// The attribute values selectors and annotations read are a browser's: libxml2's where it
/// reads a tag as a browser does, the tag's bytes read by WHATWG's rules elsewhere.
@Suite struct AttributeReadingTests {
    func element(_ html: String, _ name: String = "p") throws -> Page.Element {
        let page = PageParser.parse(try PageSource(bytes: Array(html.utf8)))
        return try #require(page.elements.first { $0.name == name && !$0.isImplied })
    }

    @Test func characterReferencesAreReadAsABrowserReadsThemInAValue() throws {
        let p = try element(#"<p title="a&amp;b &lt &notit; &copy=1 &#128; &#x0; &NotEqualTilde; &bogus;">"#)
        #expect(p.attribute("title") == "a&b < &notit; &copy=1 \u{20AC} \u{FFFD} \u{2242}\u{338} &bogus;")
    }

    @Test func aLineBreakInAValueIsOneNewline() throws {
        #expect(try element("<p title=\"a\r\nb\rc\">").attribute("title") == "a\nb\nc")
    }

    @Test func aTagLibxml2ReadsOtherwiseHasTheAttributesABrowserReads() throws {
        // libxml2 drops the `@click` name and reads its value's words as attributes of their own.
        #expect(try element(#"<p @click="open = true" class="x">"#).attribute("class") == "x")
        #expect(try element(#"<p @x="a class=y" q=1>"#).attribute("class") == nil)
        // `/` between attributes is no attribute to a browser, and FF is a space.
        #expect(try element("<p/class=z>").attribute("class") == "z")
        #expect(try element("<p\u{0C}class=f>").attribute("class") == "f")
        // The first of a repeated name counts.
        #expect(try element("<p class=first CLASS=second>").attribute("class") == "first")
    }

    @Test func aRepeatedHtmlOrBodyTagLendsTheAttributesTheElementLacks() throws {
        let page = PageParser.parse(try PageSource(bytes: Array("<body id=b><div><body class=late id=other><html lang=en>".utf8)))
        let body = try #require(page.elements.first { $0.name == "body" })
        #expect(body.attribute("id") == "b")
        #expect(body.attribute("class") == "late")
        #expect(page.elements.first { $0.name == "html" }?.attribute("lang") == "en")
    }

    @Test func aReopenedFormattingElementHasItsOriginalsAttributes() throws {
        let page = PageParser.parse(try PageSource(bytes: Array("<p><b class=bold>x<p>y".utf8)))
        let bolds = page.elements.filter { $0.name == "b" }
        #expect(bolds.count == 2)
        #expect(bolds.allSatisfy { $0.attribute("class") == "bold" })
    }

    /// libxml2 compares each attribute name with every earlier one: a tag with tens of
    /// thousands is read here instead, whole.
    @Test func anElementWithEightyThousandAttributesIsReadWhole() throws {
        var html = "<html><body><div id=before></div><p"
        for index in 0..<80_000 { html += " a\(index)=\(index)" }
        html += " class=\"target\">text</p><div id=after></div></body></html>"
        let page = PageParser.parse(try PageSource(bytes: Array(html.utf8)), attributes: ["class", "a79999", "id"])
        let p = try #require(page.elements.first { $0.name == "p" })
        #expect(p.attribute("class") == "target")
        #expect(p.attribute("a79999") == "79999")
        #expect(page.elements.first { $0.attribute("id") == "after" }?.parent == p.parent)
    }

    /// Wherever libxml2's values are taken, they must be what the WHATWG reading of the same
    /// bytes gives: over every page of ../shared/corpus, each element's attributes are
    /// compared with its start tag read again here.
    @Test(.enabled(if: ToolRunner.corpus != nil, "../shared/corpus is absent"))
    func libxml2sValuesAreABrowsersOnEveryCorpusPage() async throws {
        let problems = try await onOwnThread(Self.compareCorpus)
        #expect(problems.isEmpty, "\(problems.count) differ:\n\(problems.prefix(20).joined(separator: "\n"))")
    }

    static func compareCorpus() throws -> [String] {
        var problems: [String] = []
        for url in CorpusTests.pages {
            guard let source = try? PageSource(bytes: SiteFiles.read(url)) else { continue }
            let page = PageParser.parse(source)
            source.withParseBuffer { buffer in
                for element in page.elements where !element.isImplied && element.name != "html" && element.name != "body" {
                    // Offsets are the file's; the parse buffer starts after a byte order mark.
                    let start = element.startTag.lowerBound - (source.bytes.count - buffer.count)
                    var token = HTMLTokenizer.Token()
                    guard source.encoding.isASCIICompatible, HTMLTokenizer.readTag(buffer, at: start, into: &token) != nil else { continue }
                    let own = AttributeDecoder.decode(token.attributes, in: buffer, keeping: nil, decoding: source.encoding.decoding)
                    if own != element.attributes {
                        problems.append("\(url.lastPathComponent): <\(element.name)> \(element.attributes) but \(own)")
                    }
                }
            }
        }
        return problems
    }
}
