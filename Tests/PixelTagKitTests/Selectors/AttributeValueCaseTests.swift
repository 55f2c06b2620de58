import Foundation
import Testing
@testable import PixelTagKit

/// Attribute selectors compare values as a browser does in an HTML document: the values of
/// the attributes the HTML standard lists ("Case-sensitivity of selectors") in any ASCII case
/// on HTML elements, every other value exactly; the `i` and `s` flags decide when given.
@Suite struct AttributeValueCaseTests {
    /// The standard's list, written out here rather than read from the code under test.
    static let standardsList = [
        "accept", "accept-charset", "align", "alink", "axis", "bgcolor", "charset", "checked", "clear",
        "codetype", "color", "compact", "declare", "defer", "dir", "direction", "disabled", "enctype",
        "face", "frame", "hreflang", "http-equiv", "lang", "language", "link", "media", "method",
        "multiple", "nohref", "noresize", "noshade", "nowrap", "readonly", "rel", "rev", "rules",
        "scope", "scrolling", "selected", "shape", "target", "text", "type", "valign", "valuetype", "vlink",
    ]

    /// Attributes the list leaves out, some of them with enumerated values a person might
    /// expect to be listed too.
    static let notOnTheList = ["id", "class", "name", "value", "href", "title", "role", "aria-label", "data-kind", "autocomplete", "inputmode", "loading"]

    /// The `data-t` of the first element the selector matches.
    func first(_ selector: String, in html: String) throws -> String? {
        let page = PageParser.parse(try PageSource(bytes: Array(html.utf8)))
        return SelectorMatcher(page: page).firstMatch(try SelectorList(parsing: selector)).map { page.elements[$0].attribute("data-t") ?? page.elements[$0].name }
    }

    @Test(arguments: standardsList)
    func aListedAttributesValueMatchesInAnyCase(_ name: String) throws {
        let html = "<div data-t=lower \(name)=\"some-value\"></div>"
        #expect(try first("[\(name)=SOME-Value]", in: html) == "lower")
        #expect(try first("div[\(name)^=SOME]", in: html) == "lower")
        #expect(try first("div[\(name)$=VALUE]", in: html) == "lower")
        #expect(try first("div[\(name)*=E-V]", in: html) == "lower")
        #expect(try first("div[\(name)|=SOME]", in: html) == "lower")
    }

    @Test(arguments: notOnTheList)
    func anyOtherAttributesValueMatchesOnlyInItsOwnCase(_ name: String) throws {
        let html = "<div data-t=x \(name)=\"some-value\"></div>"
        #expect(try first("div[\(name)=SOME-VALUE]", in: html) == nil)
        #expect(try first("div[\(name)=some-value]", in: html) == "x")
        #expect(try first("div[\(name)=SOME-VALUE i]", in: html) == "x")
    }

    @Test func theSFlagMakesAListedAttributeExact() throws {
        let html = "<form><button data-t=b type=submit>Buy</button></form>"
        #expect(try first("button[type=SUBMIT s]", in: html) == nil)
        #expect(try first("button[type=submit s]", in: html) == "b")
    }

    @Test func onSVGAndMathMLElementsEvenAListedAttributeIsExact() throws {
        let html = "<svg><a data-t=svg-link target=Top></a></svg><math><mi data-t=mi dir=RTL>x</mi></math><a data-t=html-link target=Top></a>"
        #expect(try first("[target=top]", in: html) == "html-link")
        #expect(try first("[dir=rtl]", in: html) == nil)
        #expect(try first("[dir=rtl i]", in: html) == "mi")
    }

    @Test func theCaseIsASCIIOnly() throws {
        // U+212A KELVIN SIGN lowercases to "k" in Unicode, but not in ASCII.
        #expect(try first("[lang=\u{212A}o]", in: "<p data-t=p lang=ko></p>") == nil)
        #expect(try first("[lang=KO]", in: "<p data-t=p lang=ko></p>") == "p")
    }

    @Test func thePrefilterLetsAListedAttributeInAnyCaseThrough() throws {
        let prefilter = try #require(SelectorPrefilter(try SelectorList(parsing: "form button[type=SUBMIT]")))
        #expect(prefilter.mayMatch(Array("<form><button type=submit>Buy</button></form>".utf8)))
    }

    @Test func injectPlacesARuleWrittenInAnotherCaseAsABrowserMatchesIt() async throws {
        let folder = try TemporaryFolder()
        try SampleSiteCopy.copy(into: folder.url)
        try folder.write("""
            site: public
            pages: { include: ["signup/index.html"] }
            events:
              - event: Sign up
                selector: "form#signup-form button[type=SUBMIT]"
                position: afterend
            """, to: "pixeltag.yml")
        let result = try await ToolRunner.run(["inject", "--config", "pixeltag.yml"], in: folder.url)
        #expect(result.status == 0, "\(result.stderr)")
        let page = String(decoding: try folder.read("public/signup/index.html"), as: UTF8.self)
        #expect(page.contains("Create account</button><!-- pixeltag:begin event=evt_5a08f2_sign_up "))
    }
}
