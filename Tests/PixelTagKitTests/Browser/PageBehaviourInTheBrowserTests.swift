import Testing

extension BrowserTests {
    /// Annotations in the page (`Tests/Browser/sites/annotations`): no rule names these events.
    @Suite struct Annotations {
        @Test func commentAndElementAnnotationsFireAtLoadInDocumentOrder() async throws {
            let page = try await BrowserTests.page("annotations/annotations.html")
            #expect(page.calls("load") == [BrowserTests.initCall, BrowserTests.event("tge_Rd4rt1"), BrowserTests.event("tge_Purch5")])
        }

        @Test func anAnnotatedLinkFiresWhenClicked() async throws {
            let page = try await BrowserTests.page("annotations/annotations.html")
            #expect(page.calls("click #trial") == [BrowserTests.event("tge_Tr14l0")])
            #expect(page.calls("click #partner") == [BrowserTests.event("tge_P4rtnr")], "a title with an apostrophe")
        }

        @Test func anAnnotatedFormFiresWhenSubmitted() async throws {
            #expect(try await BrowserTests.page("annotations/annotations.html").calls("click #signup-button") == [BrowserTests.event("tge_S1gnUp")])
        }

        @Test func anAnnotatedSubmitButtonFiresWhenItSendsItsForm() async throws {
            let page = try await BrowserTests.page("annotations/annotations.html")
            #expect(page.calls("click #subscribe") == [BrowserTests.event("tge_Subscr")])
            #expect(page.calls("press Enter in #newsletter-email") == [BrowserTests.event("tge_Subscr")])
        }
    }

    /// Consent (`Tests/Browser/sites/consent`): the page's consent manager turns inert
    /// scripts on per category, as cookieconsent and Klaro do.
    @Suite struct Consent {
        @Test func nothingRunsNorLoadsBeforeTheVisitorConsents() async throws {
            let page = try await BrowserTests.page("consent/consent.html")
            for step in page.steps.prefix(2) {
                #expect(step.calls.isEmpty, "\(step.name)")
                #expect(step.fetched.isEmpty, "\(step.name)")
                #expect(step.ran.compactMap { $0.script.map { page.scripts[$0].block } ?? nil } == [], "\(step.name)")
            }
        }

        @Test func acceptingTheCategoryRunsItsBlocksOnceInDocumentOrder() async throws {
            let page = try await BrowserTests.page("consent/consent.html")
            let accept = try #require(page.steps.first { $0.name == "click #accept-analytics" })
            #expect(accept.ran.compactMap { $0.script.map { page.scripts[$0].block } ?? nil } == ["base", "triggers=analytics", "event=evt_purchase", "event=evt_subscribe"])
            #expect(accept.fetched == ["https://telegram.org/js/pixel.js"])
            #expect(accept.calls.map(PageRecording.call) == [BrowserTests.initCall, BrowserTests.event("tge_Purch5"), BrowserTests.event("tge_Subscr")])
            #expect(page.steps.filter { $0.name == "click #accept-analytics" }.dropFirst().allSatisfy { $0.calls.isEmpty && $0.ran.isEmpty },
                    "accepting again runs nothing twice")
        }

        @Test func theClickListenerWorksOnceConsentIsGiven() async throws {
            let page = try await BrowserTests.page("consent/consent.html")
            #expect(page.steps.filter { $0.name == "click #buy" }.map { $0.calls.map(PageRecording.call) }
                    == [[], [BrowserTests.event("tge_C4rt00")], [BrowserTests.event("tge_C4rt00")]])
        }

        /// Every event takes the base code's category (pixeltag refuses an event with another
        /// one, which would run before `tgp` exists): accepting another category runs nothing.
        @Test func acceptingAnotherCategoryRunsNothing() async throws {
            let page = try await BrowserTests.page("consent/consent.html")
            let marketing = try #require(page.steps.first { $0.name == "click #accept-marketing" })
            #expect(marketing.calls.isEmpty && marketing.ran.isEmpty)
        }
    }

    /// The page's own scripts and shape (`Tests/Browser/sites/order` and `head-start`).
    @Suite struct PageScripts {
        @Test func thePagesOwnScriptsRunInOrderAroundEveryInjectionPoint() async throws {
            let page = try await BrowserTests.page("order/inline-scripts.html")
            let ran = try #require(page.steps.first).ran.map(page.label(of:))
            #expect(ran == [
                "head    page: var seen = ['head'];",
                "head    pixeltag base",
                "head    pixeltag event=evt_read_article",
                "body    pixeltag event=evt_start_trial",
                "body    page: seen.push('body start');",
                "section page: seen.push('before #cart');",
                "section pixeltag event=evt_purchase",
                "div#cart pixeltag event=evt_sign_up",
                "div#cart page: seen.push('#cart first');",
                "div#cart page: seen.push('#cart last');",
                "div#cart pixeltag event=evt_subscribe",
                "section pixeltag event=evt_add_to_cart",
                "section page: seen.push('after #cart');",
                "body    pixeltag event=evt_partners_offer",
                "body    page: seen.push('after the annotation');",
                "body    page: seen.push('body end');",
                "body    pixeltag event=evt_gift_card",
                "loader https://telegram.org/js/pixel.js",
            ])
        }

        @Test func eachEventFiresOnceInDocumentOrder() async throws {
            let page = try await BrowserTests.page("order/inline-scripts.html")
            #expect(page.calls("load") == [BrowserTests.initCall] + ["tge_Rd4rt1", "tge_Tr14l0", "tge_Purch5", "tge_S1gnUp", "tge_Subscr",
                                                                     "tge_C4rt00", "tge_P4rtnr", "tge_G1ftCd"].map(BrowserTests.event))
        }

        /// Without `<head>` and `<body>` tags, the browser opens the body at the first thing
        /// that cannot be in a head (`<h1>`): a block right before it (body-start) still
        /// lands in the head, and runs at that same moment, before any of the body. The last
        /// `<p>` is never closed, so the body-end block ends up inside it.
        @Test func aMinifiedPageGetsTheBaseCodeInTheHeadTheBrowserBuildsAndItsEventsWhereTheRulesSay() async throws {
            let page = try await BrowserTests.page("order/minified.html")
            #expect(try #require(page.steps.first).ran.map(page.label(of:)) == [
                "head    page: var seen=[\"head\"]",
                "head    pixeltag base",
                "head    pixeltag triggers",
                "head    pixeltag event=evt_start_trial",
                "body    pixeltag event=evt_purchase",
                "p       page: seen.push(\"body end\")",
                "p       pixeltag event=evt_gift_card",
                "loader https://telegram.org/js/pixel.js",
            ])
            #expect(page.calls("load") == [BrowserTests.initCall, BrowserTests.event("tge_Tr14l0"), BrowserTests.event("tge_Purch5"), BrowserTests.event("tge_G1ftCd")])
            #expect(page.calls("click button[data-plan=pro]") == [BrowserTests.event("tge_C4rt00")])
        }

        @Test func theBaseCodeAtTheHeadsStartRunsBeforeThePagesFirstScript() async throws {
            let page = try await BrowserTests.page("head-start/index.html")
            #expect(try #require(page.steps.first).ran.map(page.label(of:)) == [
                "head    pixeltag base", "head    page: var seen = ['head start'];", "body    page: seen.push('body');",
                "loader https://telegram.org/js/pixel.js",
            ])
        }
    }
}
