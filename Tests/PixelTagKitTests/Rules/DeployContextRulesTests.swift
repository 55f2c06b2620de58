import Foundation
import Testing

@testable import PixelTagKit

/// What a deploy context's pages get: a context that gets nothing leaves each page as strip
/// does (blocks an earlier production build left are removed), one that gets the base code
/// keeps it and drops every event, whether a rule, an annotation or a click listener put it
/// there; and verify expects exactly that.
@Suite struct DeployContextRulesTests {
    /// An event by annotation, and a click listener by annotation for the event a rule
    /// would otherwise place at the end of the body.
    let page = """
        <!DOCTYPE html>
        <html>
        <head>
          <title>Thanks</title>
        </head>
        <body>
          <!-- pixeltag:event Sign up -->
          <a href=/more data-pixeltag-event=Purchase data-pixeltag-on=click>More</a>
        </body>
        </html>

        """
    let yaml = "events:\n  - event: Purchase\n    position: body-end\ncontexts:\n  production-branch: main\n  preview: base\n"

    func rules(_ context: String) throws -> RuleSet {
        let config = try PixelTagConfig.parse(yaml, file: URL(fileURLWithPath: "/site/pixeltag.yml"))
        let resolved = try config.deployContext(option: context, environment: HostEnvironment([:]))
        return try RuleSet(config: config, lock: Fixtures.lock()).restricted(to: resolved)
    }

    func inject(_ html: String, _ context: String) throws -> String {
        switch PageInjector(rules: try rules(context)).process(Array(html.utf8), path: "index.html") {
        case .changed(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .unchanged: return html
        case .skipped(let why), .failed(let why): throw PixelTagError.io(why.description)
        }
    }

    func verify(_ html: String, _ context: String) throws -> PageVerdict {
        PageVerifier(rules: try rules(context), lock: Fixtures.lock()).verify(Array(html.utf8), path: "index.html")
    }

    @Test func productionGetsWhatAConfigWithoutContextsWrites() throws {
        let plain = try Fixtures.inject(page, "events:\n  - event: Purchase\n    position: body-end\n")
        #expect(try inject(page, "production") == plain)
        #expect(plain.contains("pixeltag:begin base") && plain.contains("pixeltag:begin triggers") && plain.contains("pixeltag:begin event=evt_signup"))
    }

    @Test func aContextThatGetsNothingRemovesWhatProductionLeft() throws {
        let production = try inject(page, "production")
        #expect(try inject(production, "development") == page)
        #expect(try inject(production, "development") == Fixtures.strip(production))
        #expect(try inject(page, "development") == page)
    }

    @Test func aContextThatGetsTheBaseCodeKeepsItAndDropsEveryEvent() throws {
        let production = try inject(page, "production")
        let preview = try inject(production, "preview")
        // Production's base block, and no other: the page plus that block alone.
        let base = try #require(Fixtures.block("base", in: production))
        #expect(Fixtures.block("base", in: preview) == base)
        #expect(preview.components(separatedBy: "pixeltag:begin").count == 2)
        #expect(Fixtures.strip(preview) == page)
        #expect(try inject(page, "preview") == preview)
        #expect(try inject(preview, "preview") == preview)
    }

    /// The lock is the same in every context: `verify --online` on a preview still points at
    /// the rule that uses an event deleted on the account.
    @Test func lockDriftInAContextWithoutEventsStillNamesTheRules() throws {
        let config = try PixelTagConfig.parse(yaml, file: URL(fileURLWithPath: "/site/pixeltag.yml"))
        var remote = Fixtures.lock()
        remote.events.removeAll { $0.id == "evt_purchase" }
        let findings = LockDrift(config: config, rules: try rules("development")).findings(local: Fixtures.lock(), remote: remote)
        #expect(findings.map(\.kind) == [.deleted])
        #expect(findings.first?.line == 2)
    }

    /// The navigation runtime is there for events: without them, a router's page gets the base code alone.
    @Test func aBaseOnlyContextAddsNoNavigationRuntimeUnderAClientSideRouter() throws {
        let material = try Golden.read("Navigation/material.html")
        #expect(try inject(material, "production").contains("pixeltag:begin navigation"))
        let preview = try inject(material, "preview")
        #expect(preview.components(separatedBy: "pixeltag:begin").count == 2)
        #expect(preview.contains("pixeltag:begin base"))
        #expect(Fixtures.strip(preview) == material)
    }

    @Test func verifyInAContextThatGetsNothingFindsEveryBlockExtraAndNamesTheContext() throws {
        let production = try inject(page, "production")
        let verdict = try verify(production, "development")
        #expect(verdict.status == .failed)
        #expect(Set(verdict.summary) == ["extra base", "extra triggers", "extra evt_signup"])
        for finding in verdict.findings {
            #expect(
                finding.message.hasSuffix(
                    "is here, but the development context gets no pixeltag block (/site/pixeltag.yml:4, default); run `pixeltag inject` to remove it"))
        }
        #expect(try verify(page, "development").status == .passed)
    }

    @Test func verifyInABaseOnlyContextWantsTheBaseCodeAndNoEvent() throws {
        let production = try inject(page, "production")
        let verdict = try verify(production, "preview")
        #expect(Set(verdict.summary) == ["extra triggers", "extra evt_signup"])
        let signup = try #require(verdict.findings.first { $0.event == "evt_signup" })
        #expect(
            signup.message
                == "event evt_signup is here, but the preview context gets the base code only (/site/pixeltag.yml:6); run `pixeltag inject` to remove it")
        // A page without the base code lacks what preview gets; one with it passes.
        #expect(try verify(page, "preview").summary == ["missing base"])
        #expect(try verify(try inject(page, "preview"), "preview").status == .passed)
    }
}
