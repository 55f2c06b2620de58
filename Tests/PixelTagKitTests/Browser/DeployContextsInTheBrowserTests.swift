import Foundation
import Testing

extension BrowserTests {
    /// `Tests/Browser/sites/context-*`: sites built by a deploy host for a preview (the host's
    /// variables in `host.json`), whose config gives previews nothing or the base code only.
    @Suite struct DeployContextsInTheBrowser {
        /// The page an earlier production build injected, rebuilt for a Netlify deploy preview.
        @Test func aPreviewThatGetsNothingSendsNothingEvenWhereProductionHadInjected() async throws {
            let page = try await BrowserTests.page("context-preview/index.html")
            #expect(page.steps.map(\.name) == ["load", "click #buy"])
            #expect(page.allCalls == [], "a preview's visits and clicks reach no statistics")
            #expect(page.steps.flatMap(\.fetched).isEmpty, "nor is the Pixel Tag loaded")
            #expect(page.blocks.isEmpty, "production's blocks are taken out")
        }

        @Test func aPreviewThatGetsTheBaseCodeCountsTheVisitAndNoEvent() async throws {
            let page = try await BrowserTests.page("context-preview-base/index.html")
            #expect(page.steps.map(\.name) == ["load", "click #buy"])
            #expect(page.calls("load") == [BrowserTests.initCall])
            #expect(page.calls("click #buy") == [], "the click trigger is a production event")
        }

        /// What inject said: the context and where it came from, the host's own variable.
        @Test(arguments: [("context-preview", "context: preview (from Netlify CONTEXT=deploy-preview)"),
                          ("context-preview-base", "context: preview (from Vercel VERCEL_ENV=preview)")])
        func injectNamesTheContextAndTheHostVariableItCameFrom(_ site: String, _ line: String) async throws {
            let run = try await BrowserRun.shared.value
            let output = try #require(run.injections["once/\(site)"]).output
            #expect(output.split(separator: "\n").contains { $0.hasPrefix(line) }, "\(output)")
        }
    }
}
