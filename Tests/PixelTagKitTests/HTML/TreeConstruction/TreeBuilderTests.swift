import Testing
@testable import PixelTagKit

/// The element tree is the one a browser builds (WHATWG), not libxml2's HTML 4 tree.
@Suite struct TreeBuilderTests {
    /// `name#id(parent)` for each source element, in tree order.
    func shape(_ html: String) throws -> [String] {
        let page = PageParser.parse(try PageSource(bytes: Array(html.utf8)))
        return page.treeOrder.filter { !page.elements[$0].isImplied }.map { index in
            let element = page.elements[index]
            let parent = element.parent.map { page.elements[$0].attribute("id") ?? page.elements[$0].name } ?? "-"
            return "\(element.attribute("id") ?? element.name)(\(parent))"
        }
    }

    @Test func html5BlocksCloseAnOpenParagraph() throws {
        #expect(try shape("<p id=p>text<section id=s>more</section>") == ["p(body)", "s(body)"])
    }

    @Test func aSlashDoesNotCloseAnHTMLElementButDoesInSVG() throws {
        #expect(try shape("<div id='d'/><span id=s></span>") == ["d(body)", "s(d)"])
        #expect(try shape("<svg id=g><circle id='c'/><rect id='r'/></svg>") == ["g(body)", "c(g)", "r(g)"])
    }

    /// Found by fuzzing against html5lib: after a misplaced doctype libxml2 reports text of
    /// zero bytes, which opened the body, so a later `<frameset>` could no longer replace it.
    @Test func textLibxml2MakesUpOpensNoBody() throws {
        #expect(try shape("</b><!DOCTYPE html></p><frameset id=f><frame id=r><span id=s>") == ["f(html)", "r(f)"])
        #expect(try shape("</b><!DOCTYPE html></p><span id=s>") == ["s(body)"])
    }

    @Test func templateContentIsNotInTheTree() throws {
        #expect(try shape("<template id=t><p id=inside>x</p></template><p id=after>y</p>") == ["t(head)", "after(body)"])
    }

    @Test func rowsGetAnImpliedTableBody() throws {
        let page = PageParser.parse(try PageSource(bytes: Array("<table><tr id=r><td>x</table>".utf8)))
        let row = try #require(page.elements.firstIndex { $0.attribute("id") == "r" })
        #expect(page.elements[page.elements[row].parent!].name == "tbody")
    }

    @Test func contentInATableMovesBeforeIt() throws {
        #expect(try shape("<table id=t><div id=d>x</div><tr><td id=c>y</td></tr></table>") == ["d(body)", "t(body)", "tr(tbody)", "c(tr)"])
    }

    @Test func misnestedFormattingIsUntangledAsABrowserDoes() throws {
        // `<b><p></b>`: the paragraph leaves the <b>, and a clone of <b> goes into it.
        #expect(try shape("<b id=b>1<p id=p>2</b>3</p>") == ["b(body)", "p(body)"])
    }

    @Test func listItemsAndOptionsCloseTheirPredecessors() throws {
        #expect(try shape("<ul id=u><li id=a>1<li id=b>2</ul>") == ["u(body)", "a(u)", "b(u)"])
        #expect(try shape("<select id=s><option id=a>1<option id=b>2</select>") == ["s(body)", "a(s)", "b(s)"])
    }

    @Test func anElementClosedByAnotherEndsWhereThatOneBegins() throws {
        let html = "<ul><li id=a>one<li id=b>two</ul>"
        let page = PageParser.parse(try PageSource(bytes: Array(html.utf8)))
        let a = try #require(page.elements.first { $0.attribute("id") == "a" })
        #expect(a.endTag == nil)
        #expect(a.outerEnd == html.utf8.count - "<li id=b>two</ul>".utf8.count)
    }

    @Test func aDeepPageIsBuiltWithoutRecursion() throws {
        let html = String(repeating: "<div>", count: 100_000) + "<p id=deep>x"
        #expect(try shape(html).last == "deep(div)")
    }
}
