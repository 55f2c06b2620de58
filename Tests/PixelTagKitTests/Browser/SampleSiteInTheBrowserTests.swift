import Testing

extension BrowserTests {
    /// sample-site as `swift run pixeltag inject --config sample-site/pixeltag.yml` leaves it.
    @Suite struct SampleSite {
        static let base = "tgp('init', 'pixel_7Hq2')"

        @Test func everyPageGetsInitOnceAndTheEventsItsRulesPlaceInDocumentOrder() async throws {
            let run = try await BrowserRun.shared.value
            let expected: [String: [String]] = [
                "404.html": [],
                "blog/2026/markdown-tables/index.html": [Self.base, "tgp('event', 'tge_Rd4rt9')"],
                "blog/2026/shipping-offline-sync/index.html": [Self.base],
                "blog/index.html": [Self.base],
                "checkout/index.html": [Self.base],
                "checkout/thank-you/index.html": [Self.base, "tgp('event', 'tge_Pq81xZ')"],
                "features/index.html": [Self.base],
                "index.html": [Self.base],
                "legal/privacy.htm": [Self.base],
                "pricing/index.html": [Self.base],
                "signup/index.html": [Self.base, "tgp('event', 'tge_S1gnUp')"],
            ]
            #expect(Set(run.ids(in: "once/sample").map { String($0.dropFirst("once/sample/".count)) }) == Set(expected.keys))
            for (path, calls) in expected {
                #expect(try run.page("once/sample/\(path)").calls("load") == calls, "\(path)")
            }
        }

        @Test func theExcludedPageGetsNoScriptNoRequestAndNoCall() async throws {
            let run = try await BrowserRun.shared.value
            let page = try run.page("once/sample/404.html")
            #expect(page.blocks.isEmpty)
            #expect(page.steps.flatMap(\.fetched).isEmpty)
            #expect(page.allCalls.isEmpty)
            #expect(run.served["once/sample/404.html"] == run.original["once/sample/404.html"])
        }

        @Test func thePricingPageFiresAddToCartAndStartTrialOnTheirClicks() async throws {
            let page = try await BrowserTests.page("sample/pricing/index.html")
            #expect(page.calls("click #plan-personal .btn-primary") == ["tgp('event', 'tge_C4rt7k')"])
            #expect(page.calls("click #plan-team .trial a") == ["tgp('event', 'tge_Tr14l0')"])
            #expect(page.calls("click #plan-enterprise .btn-primary") == ["tgp('event', 'tge_C4rt7k')"])
            #expect(page.calls("click .faq summary") == [])
        }
    }

    /// Injected pages damaged by hand (`BrokenInjection`): the checks this suite makes must fail.
    @Suite struct BrokenInjections {
        @Test func aDeletedListenerBlockFailsTheChecks() async throws {
            let run = try await BrowserRun.shared.value
            let broken = try run.page("broken/listener-deleted.html")
            let golden = try run.page("once/triggers/click.html").transcript
            let difference = try #require(BrowserGolden.difference(broken.transcript, golden: golden, id: "broken"))
            #expect(difference.contains("-  call     tgp('event', 'tge_C4rt00')"))
            #expect(broken.calls("click #buy-plain") == [])
        }

        @Test func anEventMovedAboveTheBaseCodeFailsTheChecks() async throws {
            let run = try await BrowserRun.shared.value
            let broken = try run.page("broken/event-before-base.html")
            #expect(try run.problems("broken/event-before-base.html").contains("page error: tgp is not defined"))
            let golden = try run.page("once/order/inline-scripts.html").transcript
            let difference = try #require(BrowserGolden.difference(broken.transcript, golden: golden, id: "broken"))
            #expect(difference.contains("-  call     tgp('event', 'tge_Rd4rt1')"))
        }
    }
}
