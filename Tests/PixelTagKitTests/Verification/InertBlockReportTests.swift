import Foundation
import Testing
@testable import PixelTagKit

/// verify on blocks whose markers and code are intact but which a browser would not run:
/// moved into an element whose content is no place for a script, or an event left on a page
/// where nothing defines `tgp`. Each is an `inert` finding naming the element and its line,
/// in every report format (golden files in Fixtures/Placement/inert-report.*).
@Suite struct InertBlockReportTests {
    /// The base code moved into one element per context, each on a page of its own.
    static let contexts = ["template", "noscript", "textarea", "style", "iframe", "title", "xmp", "noembed", "svg", "math"]

    static func page(moving block: String, into context: String) -> String {
        "<!DOCTYPE html>\n<html><head><title>Shop</title></head>\n<body>\n<p>Hello</p>\n<\(context)>\n\(block)</\(context)>\n</body></html>\n"
    }

    static let report: VerificationReport = {
        let lock = Fixtures.lock()
        let rules = try! Fixtures.rules("base:\n  exclude: [\"404.html\"]\n", lock: lock)
        let verifier = PageVerifier(rules: rules, lock: lock)
        let base = Fixtures.rendered(.base, Fixtures.base)
        var verdicts = contexts.map { context in
            verifier.verify(Array(page(moving: base, into: context).utf8), path: "\(context).html")
        }
        // An event block on a page excluded from the base code: its call would throw.
        let event = Fixtures.rendered(.event(id: "evt_purchase"), Fixtures.purchase.codeSnippet)
        let notFound = "<!DOCTYPE html>\n<html><head><title>Not found</title></head>\n<body>\n<p>Nothing here.</p>\n\(event)</body></html>\n"
        verdicts.append(verifier.verify(Array(notFound.utf8), path: "404.html"))
        return VerificationReport(site: "public", lock: "pixeltag.lock.json", config: "pixeltag.yml", pages: verdicts)
    }()

    @Test func everyContextIsOneInertFindingOnTheBlocksLine() {
        for verdict in Self.report.pages {
            #expect(verdict.findings.map(\.kind) == [.inert], "\(verdict.path): \(verdict.findings)")
            #expect(verdict.findings.first?.line == (verdict.path == "404.html" ? 5 : 6), "\(verdict.path)")
        }
        #expect(Self.report.pages.count == Self.contexts.count + 1)
    }

    @Test func theTextReport() throws {
        try Golden.check(TextReport.render(Self.report, colors: false), matches: "Placement/inert-report.txt")
    }

    @Test func theJSONReport() throws {
        try Golden.check(JSONReport.render(Self.report), matches: "Placement/inert-report.json")
    }

    @Test(.enabled(if: SchemaCheck.hasJSONSchema, Comment(rawValue: SchemaCheck.needsJSONSchema)))
    func theJSONReportWithInertFindingsIsValidAgainstItsSchema() throws {
        let check = try SchemaCheck.json(JSONReport.render(Self.report))
        #expect(check.valid, "\(check.output)")
    }

    @Test func theGitHubReport() throws {
        try Golden.check(GitHubReport.render(Self.report), matches: "Placement/inert-report.github.txt")
    }

    @Test func theJUnitReport() throws {
        let xml = JUnitReport.render(Self.report, timestamp: Date(timeIntervalSince1970: 0), hostname: "ci")
        try Golden.check(xml, matches: "Placement/inert-report.junit.xml")
    }

    @Test(.enabled(if: SchemaCheck.hasXmllint, Comment(rawValue: SchemaCheck.needsXmllint)))
    func theJUnitReportWithInertFindingsIsValidAgainstTheJUnitSchema() throws {
        let check = try SchemaCheck.junit(JUnitReport.render(Self.report))
        #expect(check.valid, "\(check.output)")
    }

    @Test func theSARIFReport() throws {
        try Golden.check(SARIFReportTests.rendered(Self.report), matches: "Placement/inert-report.sarif")
    }

    @Test(.enabled(if: SchemaCheck.hasJSONSchema, Comment(rawValue: SchemaCheck.needsJSONSchema)))
    func theSARIFReportWithInertFindingsIsValidAgainstTheSARIFSchema() throws {
        let check = try SchemaCheck.sarif(SARIFReport.render(Self.report))
        #expect(check.valid, "\(check.output)")
    }

    /// A block inject itself leaves in place is never called inert: verify and inject agree.
    @Test func anInjectedPagePasses() throws {
        let lock = Fixtures.lock()
        let yaml = "events:\n  - event: Purchase\n    selector: \"table\"\n    position: afterbegin\n"
        let page = "<!DOCTYPE html>\n<html><head><title>Shop</title></head>\n<body>\n<table><tr><td>1</td></tr></table>\n</body></html>\n"
        let injected = try Fixtures.inject(page, yaml, lock: lock)
        let verdict = PageVerifier(rules: try Fixtures.rules(yaml, lock: lock), lock: lock).verify(Array(injected.utf8), path: "index.html")
        #expect(verdict.status == .passed, "\(verdict.findings)")
    }
}
