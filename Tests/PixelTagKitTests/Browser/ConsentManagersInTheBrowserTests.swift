import Foundation
import Testing

extension BrowserTests {
    /// `Tests/Browser/sites/consent-MANAGER`: each preset's attributes, and a stand-in for that
    /// manager in the page that enables held-back scripts as its documentation says.
    @Suite struct ConsentManagersInTheBrowser {
        /// Each manager, the attribute its preset writes, and what its site's `consent.gpc` skips.
        static let presets: [(manager: String, attribute: String, gpc: String)] = [
            ("cookiebot", "data-cookieconsent=\"statistics\"", "all"),
            ("onetrust", "class=\"optanon-category-C0004\"", "events"),
            ("klaro", "data-type=\"text/javascript\" data-name=\"telegram-pixel\"", "all"),
            ("cookieconsent", "data-category=\"analytics\" data-service=\"telegram\"", "events"),
            ("iubenda", "class=\"_iub_cs_activate\" data-iub-purposes=\"4\"", "all"),
        ]

        @Test(arguments: presets.map(\.manager))
        func nothingFiresBeforeTheManagerEnablesTheScriptsAndEachEventOnceAfter(_ manager: String) async throws {
            let page = try await BrowserTests.page("consent-\(manager)/index.html")
            #expect(page.steps.map(\.name) == ["load", "click #buy", "click #accept", "click #buy"])
            guard page.steps.count == 4 else { return }
            #expect(page.steps[0].calls.isEmpty && page.steps[1].calls.isEmpty, "before consent")
            #expect(page.steps[0].fetched.isEmpty && page.steps[1].fetched.isEmpty, "the loader waits for consent too")
            #expect(page.steps[2].calls.map(PageRecording.call) == [BrowserTests.initCall, BrowserTests.event("tge_Purch5")])
            #expect(page.steps[3].calls.map(PageRecording.call) == [BrowserTests.event("tge_C4rt00")])
        }

        @Test(arguments: presets)
        func thePageCarriesTheAttributesTheManagerDocuments(_ preset: (manager: String, attribute: String, gpc: String)) async throws {
            let run = try await BrowserRun.shared.value
            let page = String(decoding: try #require(run.served["once/consent-\(preset.manager)/index.html"]), as: UTF8.self)
            // Base code, event and listener: three scripts held back.
            #expect(page.components(separatedBy: "<script type=\"text/plain\" \(preset.attribute)>").count - 1 == 3)
        }

        @Test(arguments: presets)
        func underGlobalPrivacyControlNothingFiresAsConfigured(_ preset: (manager: String, attribute: String, gpc: String)) async throws {
            let page = try await BrowserTests.page("consent-\(preset.manager)/index.html", "gpc")
            #expect(page.steps.map(\.name) == ["load", "click #buy", "click #accept", "click #buy"])
            if preset.gpc == "all" {
                #expect(page.allCalls == [], "gpc: all runs nothing")
                #expect(page.steps.flatMap(\.fetched).isEmpty, "nor loads the Pixel Tag")
            } else {
                #expect(page.allCalls == [BrowserTests.initCall], "gpc: events runs the base code alone")
            }
        }
    }
}
