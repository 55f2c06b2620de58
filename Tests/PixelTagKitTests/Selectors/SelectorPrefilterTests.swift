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

    @Test func aWordSpelledWithNumericReferencesMayMatch() throws {
        #expect(try mayMatch(".btn-primary", "<a class='btn&#45;primary'>") == true)
        #expect(try mayMatch(".btn-primary", "<a class='&#98;tn-primary'>") == true)
        #expect(try mayMatch(".btn-primary", "<a class='&#x62;&#X74;n-primary'>") == true)
        // Without the semicolon a browser still reads the reference.
        #expect(try mayMatch(".btn-primary", "<a class='&#98tn&#x2d primary'>") == false)
        #expect(try mayMatch(".btn-primary", "<a class='&#98tn&#x2dprimary'>") == true)
        #expect(try mayMatch("form button[type=submit]", "<form><button type=&#115;ubmit>") == true)
    }

    @Test func aPageWithReferencesButNotTheWordsCannotMatch() throws {
        // Common on real pages (`&#39;`, `&#8217;`): they used to force a full parse.
        #expect(try mayMatch(".btn-primary", "<p>It&#39;s &#8217;here&#8217; &amp; there</p><a class=btn>") == false)
    }

    @Test func aReferenceSwallowsOnlyItsOwnDigits() throws {
        // `&#x62` takes the hex digits "62" only; a browser then reads "b" and "tn-primary".
        #expect(try mayMatch(".btn-primary", "<a class='&#x62tn-primary'>") == true)
        // `&#xb` is U+000B: what follows is "tn-primary", and "btn-primary" is nowhere.
        #expect(try mayMatch(".btn-primary", "<a class='&#xbtn-primary'>") == false)
    }

    @Test func malformedOrHugeReferencesAreReadAsABrowserReadsThem() throws {
        #expect(try mayMatch(".abc", "<a class='&#;abc'>") == true)
        #expect(try mayMatch(".abc", "<a class='&#xzabc'>") == true)
        #expect(try mayMatch(".abc", "<a class='&#99999999999999999999999999;bc'>") == false)
        #expect(try mayMatch(".abc", "<a class='&#0097;bc'>") == true)
        #expect(try mayMatch(".abc", "<a class='&#") == false)
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
