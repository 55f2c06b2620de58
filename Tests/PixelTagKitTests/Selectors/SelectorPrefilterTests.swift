import Testing
@testable import PixelTagKit

/// The byte prefilter: "cannot match" only when a word the selector needs is absent.
@Suite struct SelectorPrefilterTests {
    func mayMatch(_ selector: String, _ page: String) throws -> Bool? {
        try SelectorPrefilter(SelectorList(parsing: selector))?.mayMatch(Array(page.utf8))
    }

    @Test func aPageWithoutTheWordsCannotMatch() throws {
        #expect(try mayMatch("form button[type=submit]", "<form><input type=text></form>") == false)
        #expect(try mayMatch(".btn-primary", "<a class=btn>x</a>") == false)
    }

    @Test func aPageWithAllTheWordsMayMatchInAnyCaseForNames() throws {
        #expect(try mayMatch("form button[type=submit]", "<FORM><Button TYPE=submit>") == true)
        #expect(try mayMatch(".btn-primary", "<a class='btn btn-primary'>") == true)
    }

    @Test func classAndIdValuesAreCaseSensitive() throws {
        #expect(try mayMatch(".btn-primary", "<a class='BTN-PRIMARY'>") == false)
    }

    @Test func anyAlternativeOfAListMayMatch() throws {
        #expect(try mayMatch("form button[type=submit], .btn-primary", "<a class=btn-primary>") == true)
    }

    @Test func aCharacterReferenceAnywhereMeansParse() throws {
        #expect(try mayMatch(".btn-primary", "<a class='btn&#45;primary'>") == true)
    }

    @Test func selectorsWithNothingToLookForAreNotFiltered() throws {
        #expect(try mayMatch("*", "<p>") == nil)
        #expect(try mayMatch("p + ul, .nav", "<p>") == nil)
        #expect(try mayMatch("li:last-child", "<li>") == nil)
    }
}

extension SelectorPrefilterTests {
    @Test func elementsABrowserImpliesAreNotLookedFor() throws {
        #expect(try mayMatch("body > main", "<main>x</main>") == true)
        #expect(try mayMatch("tbody > tr > td.total", "<table><td class=total>") == true)
    }
}
