import Testing

extension BrowserTests {
    /// `on: click` and `on: submit` rules (`Tests/Browser/sites/triggers`), fired by real
    /// clicks and key presses.
    @Suite struct Triggers {
        let buy = BrowserTests.event("tge_C4rt00")

        @Test func nothingFiresAtLoadNorOnAClickOnAnElementTheSelectorDoesNotMatch() async throws {
            let page = try await page("triggers/click.html")
            #expect(page.calls("load") == [initCall])
            #expect(page.calls("click #other") == [])
        }

        @Test func aClickOnTheMatchingElementFiresItsEventOnce() async throws {
            #expect(try await page("triggers/click.html").calls("click #buy-plain") == [buy])
        }

        @Test func aClickOnAnSVGInsideTheMatchingElementFires() async throws {
            #expect(try await page("triggers/click.html").calls("click #buy-svg rect") == [buy])
        }

        @Test func aClickOnASpanInsideTheMatchingElementFires() async throws {
            #expect(try await page("triggers/click.html").calls("click #buy-span span") == [buy])
        }

        @Test func aClickFiresEvenWhenTheElementsOwnHandlerStopsTheEvent() async throws {
            #expect(try await page("triggers/click.html").calls("click #buy-stopper") == [buy])
        }

        @Test func submittingTheFormByItsButtonFiresWhileThePageKeepsTheVisitorThere() async throws {
            let page = try await page("triggers/submit.html")
            #expect(page.calls("click #signup-button") == [event("tge_S1gnUp")])
            #expect(page.steps.flatMap(\.navigations) == [], "the page's own handler prevents navigation")
        }

        @Test func submittingAnotherFormFiresNothing() async throws {
            #expect(try await page("triggers/submit.html").calls("click #newsletter-button") == [])
        }

        @Test func aSubmitRuleOnAFormsButtonFiresWhenThatButtonSendsTheForm() async throws {
            let page = try await page("triggers/submit-button.html")
            #expect(page.calls("click #pay") == [event("tge_Purch5")])
            #expect(page.calls("press Enter in #card") == [event("tge_Purch5")], "Enter in a field submits with the form's first button")
            #expect(page.calls("click #save") == [], "another button of the same form")
            #expect(page.calls("click #other-pay") == [], "a matching-looking button of another form")
        }

        @Test func aSelectorWithQuotesInItMatches() async throws {
            let page = try await page("triggers/quotes.html")
            #expect(page.calls("click #gift-card") == [event("tge_G1ftCd")])
            #expect(page.calls("click #gift") == [])
        }

        @Test func anEventWhoseTitleHasAnApostropheFires() async throws {
            #expect(try await page("triggers/quotes.html").calls("click #partner") == [event("tge_P4rtnr")])
        }

        @Test func aSubmitRuleThatCouldNeverFireFailsItsPageWhichStaysAsItWas() async throws {
            let run = try await BrowserRun.shared.value
            let injection = try run.injections.value(for: "once/refusals")
            #expect(injection.status == 3)
            #expect(injection.output.contains("submit-on-a-field.html: line 9: "))
            #expect(injection.output.contains("pixeltag.yml:8: on: submit never fires on this page: \"#email\" matches <input id=\"email\">, and a submit reaches only a <form> (and what holds it) and the submit button that sent it; select the form or its submit button, or use on: click"))
            let id = "once/refusals/submit-on-a-field.html"
            #expect(run.served[id] == run.original[id])
            let page = try run.page(id)
            #expect(page.allCalls == [])
            #expect(page.blocks.isEmpty)
        }
    }
}

extension BrowserTests.Triggers {
    func page(_ path: String) async throws -> PageRecording { try await BrowserTests.page(path) }
    var initCall: String { BrowserTests.initCall }
    func event(_ id: String) -> String { BrowserTests.event(id) }
}
