import Foundation
import Testing
@testable import PixelTagKit

@Suite struct ConfigTests {
    let file = URL(fileURLWithPath: "/site/pixeltag.yml")

    func message(_ yaml: String) -> String? {
        do {
            _ = try Fixtures.rules(yaml)
            return nil
        } catch let error as PixelTagError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test func badYAMLNamesTheFileLineAndColumn() throws {
        let text = try #require(message("events:\n  - event: Purchase\n   pages: [\"a\"\n"))
        #expect(text.hasPrefix("/site/pixeltag.yml:3:"))
        #expect(text.contains("not valid YAML"))
    }

    @Test func aKeyWrittenTwiceNamesItsLine() {
        #expect(message("site: public\nbase:\n  position: head-end\nsite: dist\n") == "/site/pixeltag.yml:4: `site` is written a second time in one mapping (first at line 1); keep one")
        #expect(message("site: public\nbase:\n  exclude: [a]\n  position: head-end\n  exclude: [b]\n") == "/site/pixeltag.yml:5: `exclude` is written a second time in one mapping (first at line 3); keep one")
    }

    @Test func aTabInTheIndentationIsNamedAsSuch() {
        #expect(message("site: public\nbase:\n\tposition: head-end\n") == "/site/pixeltag.yml:3: a tab in the indentation; YAML indents with spaces only, so replace the tab with spaces")
    }

    @Test func anUnknownKeySuggestsTheRightOne() {
        #expect(message("events:\n  - event: Purchase\n    selecter: a\n") == "/site/pixeltag.yml:3:5: unknown key \"selecter\" in an event rule; did you mean \"selector\"? (allowed: event, pages, selector, position, on, consent, repeat)")
    }

    @Test func anUnknownEventSuggestsTheClosestTitle() {
        #expect(message("events:\n  - event: Purchse\n") == "/site/pixeltag.yml:2: no event \"Purchse\" in pixeltag.lock.json; did you mean \"Purchase\"?")
    }

    @Test func anEventUnknownAndUnlikeAnyTellsHowToRefreshTheLock() throws {
        let text = try #require(message("events:\n  - event: Zebra\n"))
        #expect(text.contains("run `pixeltag sync`"))
    }

    @Test func anInvalidSelectorNamesTheSelectorAndColumn() {
        #expect(message("events:\n  - event: Purchase\n    selector: \"a[\"\n") == "/site/pixeltag.yml:3:15: selector \"a[\" column 2: unclosed [ (add ])")
    }

    @Test func aSelectorPositionWithoutASelectorIsRefused() throws {
        let text = try #require(message("events:\n  - event: Purchase\n    position: afterend\n"))
        #expect(text.contains("add `selector:`"))
    }

    @Test func anUnknownPositionListsTheValidOnes() throws {
        let text = try #require(message("base:\n  position: head-ned\n"))
        #expect(text.contains("did you mean \"head-end\"?"))
    }

    @Test func pathsAreRelativeToTheConfigFolder() throws {
        let config = try PixelTagConfig.parse("site: public\nlock: locks/p.json\n", file: file)
        #expect(config.site?.path == "/site/public")
        #expect(config.lock.path == "/site/locks/p.json")
    }

    @Test func aMissingLockSaysToRunSync() {
        #expect(throws: PixelTagError.input("/nonexistent/pixeltag.lock.json: no lock file; run `pixeltag sync` to fetch the account's base code and events into it")) {
            try LockFile.load(from: URL(fileURLWithPath: "/nonexistent/pixeltag.lock.json"))
        }
    }
}

@Suite struct SelectorTests {
    func first(_ selector: String, in html: String) throws -> String? {
        let page = PageParser.parse(try PageSource(bytes: Array(html.utf8)))
        let matcher = SelectorMatcher(page: page)
        return matcher.firstMatch(try SelectorList(parsing: selector)).map { page.elements[$0].attribute("id") ?? page.elements[$0].name }
    }

    let html = """
        <main id=m><form id=f><input id=i type=text><button id=b1 type=button class="btn">x</button>
        <button id=b2 type=SUBMIT class="btn btn-primary">y</button></form><p id=p lang=en-US>z</p></main>
        """

    @Test func typeIdClassAndAttributeSelectorsMatch() throws {
        #expect(try first("button", in: html) == "b1")
        #expect(try first("#b2", in: html) == "b2")
        #expect(try first(".btn-primary", in: html) == "b2")
        #expect(try first("[type=text]", in: html) == "i")
    }

    @Test func attributeOperatorsFollowCSS() throws {
        #expect(try first("[type=submit i]", in: html) == "b2")
        #expect(try first("[type=submit]", in: html) == "b2", "type is on the HTML standard's case-insensitive list")
        #expect(try first("[type=submit s]", in: html) == nil)
        #expect(try first("[class~=btn-primary]", in: html) == "b2")
        #expect(try first("[lang|=en]", in: html) == "p")
        #expect(try first("[id^=b]", in: html) == "b1")
        #expect(try first("[id$='2']", in: html) == "b2")
        #expect(try first("[class*=prim]", in: html) == "b2")
    }

    @Test func combinatorsWalkTheTree() throws {
        #expect(try first("main button", in: html) == "b1")
        #expect(try first("main > button", in: html) == nil)
        #expect(try first("form > button.btn-primary", in: html) == "b2")
        #expect(try first("input + button", in: html) == "b1")
        #expect(try first("input ~ .btn-primary", in: html) == "b2")
    }

    @Test func aListMatchesTheFirstElementOfAnyOfItsSelectors() throws {
        #expect(try first("p, .btn-primary", in: html) == "b2")
    }

    @Test func invalidSelectorsReportTheColumn() {
        #expect(throws: SelectorSyntaxError(message: "unclosed [ (add ])", column: 2)) { try SelectorList(parsing: "a[") }
        #expect(throws: SelectorSyntaxError.self) { try SelectorList(parsing: "a:hover") }
        #expect(throws: SelectorSyntaxError.self) { try SelectorList(parsing: "a >") }
    }
}
