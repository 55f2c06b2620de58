import Testing
@testable import PixelTagKit

/// What the contract means beyond one rule and one element: annotations in places that are
/// no place for a block, every match of a repeating rule, the places every page has, and
/// blocks a page already holds where they cannot run.
@Suite struct PlacementRefusalTests {
    static func outcome(_ html: String, _ yaml: String = "", path: String = "index.html") throws -> PageInjector.Outcome {
        PageInjector(rules: try Fixtures.rules(yaml)).process(Array(html.utf8), path: path)
    }

    static let head = "<!DOCTYPE html>\n<html><head><title>t</title></head>\n<body>\n"
    static let base = Fixtures.rendered(.base, Fixtures.base)
    static let purchase = Fixtures.rendered(.event(id: "evt_purchase"), Fixtures.purchase.codeSnippet)

    @Test func anAnnotationCommentInATextareaIsTheFieldsTextNotAnAnnotation() throws {
        let page = Self.head + "<textarea name=\"note\"><!-- pixeltag:event Purchase --></textarea>\n</body></html>\n"
        let expected = page.replacingOccurrences(of: "</title></head>", with: "</title>" + Self.base + "</head>")
        #expect(try Fixtures.inject(page) == expected)
    }

    @Test func anAnnotationCommentInAScriptIsCodeNotAnAnnotation() throws {
        let page = Self.head + "<script>var example = '<!-- pixeltag:event Purchase -->';</script>\n</body></html>\n"
        let expected = page.replacingOccurrences(of: "</title></head>", with: "</title>" + Self.base + "</head>")
        #expect(try Fixtures.inject(page) == expected)
    }

    @Test func anAnnotationInsideATemplateFailsThePageNamingTheTemplate() throws {
        let page = Self.head + "<template id=\"row\">\n  <!-- pixeltag:event Purchase -->\n</template>\n</body></html>\n"
        #expect(try Self.outcome(page) == .failed(.unplaceable(
            line: 5, column: 3, reason: "the annotation of event \"Purchase\" is inside <template> at line 4:1: the content of <template> is an inert fragment a browser keeps out of the page, so a block there never runs; move the annotation out of the <template>; page left untouched")))
    }

    @Test func anAttributeAnnotationInsideSVGFailsThePage() throws {
        let page = Self.head + "<svg><g data-pixeltag-event=\"Purchase\"></g></svg>\n</body></html>\n"
        #expect(try Self.outcome(page) == .failed(.unplaceable(
            line: 4, column: 6, reason: "the annotation of event \"Purchase\" is inside <svg> at line 4:1: a browser reads the content of <svg> as SVG, where a <script> is not an HTML script, so a block there never runs; move the annotation out of the <svg>; page left untouched")))
    }

    @Test func aRepeatingRuleFailsThePageWhenAnyMatchCannotHoldTheBlock() throws {
        let page = Self.head + "<ul>\n<li>One</li>\n<li><textarea>Two</textarea></li>\n<li><textarea>Three</textarea></li>\n</ul>\n</body></html>\n"
        let yaml = "events:\n  - event: Purchase\n    selector: \"li > *, li:first-child\"\n    position: afterbegin\n    repeat: true\n"
        #expect(try Self.outcome(page, yaml) == .failed(.unplaceable(
            line: 6, column: 5, reason: "/site/pixeltag.yml:2 event \"Purchase\" (selector \"li > *, li:first-child\", afterbegin) matches <textarea> (and 1 more match with no place for it): a browser reads the content of <textarea> as text, not markup, so a block there never runs; use afterend, or select its parent; page left untouched")))
    }

    @Test func theBodyEndOfAPageWhoseSVGIsNeverClosedIsInsideTheSVG() throws {
        // `</body>` does not close the SVG: a block before it would be SVG content.
        let page = Self.head + "<p>Logo:</p>\n<svg viewBox=\"0 0 8 8\"><circle r=\"4\"/>\n</body></html>\n"
        let yaml = "events:\n  - event: Purchase\n  - event: Sign up\n    selector: p\n"
        #expect(try Self.outcome(page, yaml) == .failed(.unplaceable(
            line: 5, column: 1, reason: "/site/pixeltag.yml:2 event \"Purchase\" (body-end) would go at line 6:1, inside this <svg>: a browser reads the content of <svg> as SVG, where a <script> is not an HTML script, so a block there never runs; close the <svg> in the page's source; page left untouched")))
    }

    @Test func aBodyEndRuleAloneSeesTheUnclosedElementTheBodyEndsIn() throws {
        let page = Self.head + "<form><textarea name=\"note\">\n</body></html>\n"
        #expect(try Self.outcome(page, "events:\n  - event: Purchase\n") == .failed(.unplaceable(
            line: 4, column: 7, reason: "/site/pixeltag.yml:2 event \"Purchase\" (body-end) would go at line 6:1, inside this <textarea>: a browser reads the content of <textarea> as text, not markup, so a block there never runs; close the <textarea> in the page's source; page left untouched")))
    }

    @Test func aBaseCodeInsideAnUnclosedTitleFailsThePage() throws {
        // The rule needs the tree, which shows the title running to the end of the page.
        let page = "<html><head><title>Shop\n<meta name=\"x\">\n</head><body><p>Hi</p></body></html>\n"
        let yaml = "events:\n  - event: Purchase\n    selector: p\n"
        #expect(try Self.outcome(page, yaml) == .failed(.unplaceable(
            line: 1, column: 13, reason: "the base code (head-end) would go at line 4:1, inside this <title>: a browser reads the content of <title> as text, not markup, so a block there never runs; close the <title> in the page's source; page left untouched")))
    }

    /// The check the corpus and end-to-end tests make on injected pages sees a dead block.
    @Test func theTestsLivenessCheckTellsALiveBlockFromADeadOne() {
        let live = Self.head + "<p>Hi</p>\n" + Self.purchase + "</body></html>\n"
        let dead = Self.head + "<textarea>" + Self.purchase + "</textarea>\n<template>" + Self.base + "</template>\n</body></html>\n"
        #expect(LiveBlocks.dead(in: Array(live.utf8)) == [])
        #expect(LiveBlocks.dead(in: Array(dead.utf8)) == ["line 4: event=evt_purchase", "line 10: base"])
    }

    @Test func injectMovesABlockOutOfWhereItCannotRun() throws {
        let placed = try Fixtures.inject(Self.head + "<p>Hi</p>\n</body></html>\n")
        // Someone moved the base code into a template and an event into a textarea.
        let moved = Self.head + "<template>" + Self.base + "</template>\n<textarea>" + Self.purchase + "</textarea>\n<p>Hi</p>\n</body></html>\n"
        let out = try Fixtures.inject(moved)
        #expect(out == placed.replacingOccurrences(of: "<p>Hi</p>", with: "<template></template>\n<textarea></textarea>\n<p>Hi</p>"))
    }
}
