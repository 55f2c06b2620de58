import Testing
@testable import PixelTagKit

/// Structural pseudo-classes, matched against the tree a browser builds.
@Suite struct PseudoClassTests {
    func first(_ selector: String, in html: String) throws -> String? {
        let page = PageParser.parse(try PageSource(bytes: Array(html.utf8)))
        let matcher = SelectorMatcher(page: page)
        return matcher.firstMatch(try SelectorList(parsing: selector)).map { page.elements[$0].attribute("id") ?? page.elements[$0].name }
    }

    let list = "<ul id=u><li id=a>1</li><li id=b>2</li><li id=c>3</li><li id=d>4</li><li id=e></li></ul><ol><li id=only>x</li></ol>"

    @Test func childPositionsCountElementSiblingsFromEitherEnd() throws {
        #expect(try first("li:first-child", in: list) == "a")
        #expect(try first("#u > li:last-child", in: list) == "e")
        #expect(try first("li:only-child", in: list) == "only")
        #expect(try first("li:nth-child(3)", in: list) == "c")
        #expect(try first("li:nth-last-child(2)", in: list) == "d")
    }

    @Test func anPlusBFollowsCSS() throws {
        #expect(try first("li:nth-child(2n)", in: list) == "b")
        #expect(try first("li:nth-child(even)", in: list) == "b")
        #expect(try first("li:nth-child(2n+3)", in: list) == "c")
        #expect(try first("#u > li:nth-child(-n+2):not(:first-child)", in: list) == "b")
        #expect(try first("li:nth-child(odd):not(:first-child)", in: list) == "c")
        #expect(try first("li:nth-child(n+6)", in: list) == nil)
    }

    @Test func typePositionsCountOnlySiblingsOfTheSameName() throws {
        let html = "<div><h2 id=h>t</h2><p id=p1>a</p><span id=s></span><p id=p2>b</p></div>"
        #expect(try first("p:first-of-type", in: html) == "p1")
        #expect(try first("p:last-of-type", in: html) == "p2")
        #expect(try first("span:only-of-type", in: html) == "s")
        #expect(try first("p:nth-of-type(2)", in: html) == "p2")
        #expect(try first("p:nth-last-of-type(2)", in: html) == "p1")
    }

    @Test func emptyAllowsCommentsButNotTextOrElements() throws {
        #expect(try first("li:empty", in: list) == "e")
        #expect(try first("p:empty", in: "<p id=t> </p><p id=c><!-- x --></p>") == "c")
    }

    @Test func rootIsTheHTMLElementEvenWhenImplied() throws {
        #expect(try first(":root > body > p", in: "<p id=x>hi") == "x")
        #expect(try first(":root", in: "<html id=r><p>x") == "r")
    }

    @Test func isWhereAndNotTakeSelectorLists() throws {
        let html = "<main><a id=a1 href=#top>t</a><button id=b>b</button><a id=a2 href=/buy>buy</a></main>"
        #expect(try first("main :is(button, a)", in: html) == "a1")
        #expect(try first("main :where(button)", in: html) == "b")
        #expect(try first("a:not([href^='#'], .x)", in: html) == "a2")
    }

    @Test func hasLooksInsideOrAfterTheElement() throws {
        let html = "<div id=d1><span>x</span></div><div id=d2><p><img></p></div><div id=d3></div><table></table>"
        #expect(try first("div:has(img)", in: html) == "d2")
        #expect(try first("div:has(> img)", in: html) == nil)
        #expect(try first("div:has(> p > img)", in: html) == "d2")
        #expect(try first("div:has(+ table)", in: html) == "d3")
        #expect(try first("div:has(~ div img)", in: html) == "d1")
    }

    @Test func stateAndPseudoElementsAreRefusedWithTheirColumn() {
        #expect(throws: SelectorSyntaxError.self) { try SelectorList(parsing: "a:hover") }
        do {
            _ = try SelectorList(parsing: "form button::before")
            Issue.record("a pseudo-element was accepted")
        } catch let error as SelectorSyntaxError {
            #expect(error.column == 12)
            #expect(error.message.contains("::before"))
        } catch { Issue.record("\(error)") }
        #expect(throws: SelectorSyntaxError.self) { try SelectorList(parsing: "li:nth-child(2x)") }
        #expect(throws: SelectorSyntaxError.self) { try SelectorList(parsing: "li:not(a") }
    }
}

/// Combinators that walk up or back remember what they found per element, so a selector
/// that fails on a very deep or very wide page is answered once per element, not once per
/// element and ancestor (which on 100,000 nested divs would not finish).
@Suite struct DeepMatchingTests {
    @Test func aFailingDescendantSelectorOnAPage100000DeepFindsNothing() async throws {
        let found = try await onOwnThread { () -> [Int?] in
            let html = String(repeating: "<div>", count: 100_000) + "<p class=x>"
            let page = PageParser.parse(try PageSource(bytes: Array(html.utf8)))
            let matcher = SelectorMatcher(page: page)
            return [try matcher.firstMatch(SelectorList(parsing: ".missing div")),
                    try matcher.firstMatch(SelectorList(parsing: "div div div p.x")).map { page.elements[$0].name == "p" ? 1 : 0 }]
        }
        #expect(found == [nil, 1])
    }

    @Test func aFailingSiblingSelectorOn100000SiblingsFindsNothing() async throws {
        let found = try await onOwnThread { () -> [Int?] in
            let html = "<ul>" + String(repeating: "<li>x</li>", count: 100_000) + "<li class=last>y</li></ul>"
            let page = PageParser.parse(try PageSource(bytes: Array(html.utf8)))
            let matcher = SelectorMatcher(page: page)
            return [try matcher.firstMatch(SelectorList(parsing: ".missing ~ li")),
                    try matcher.firstMatch(SelectorList(parsing: "li ~ li ~ .last")).map { page.elements[$0].attribute("class") == "last" ? 1 : 0 }]
        }
        #expect(found == [nil, 1])
    }
}
