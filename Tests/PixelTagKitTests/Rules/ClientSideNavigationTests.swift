import Foundation
import Testing
@testable import PixelTagKit

/// Pages under a client-side router: what inject writes, where, and what it leaves alone.
/// What a browser then does with it is proven in `NavigationInTheBrowserTests`.
@Suite struct ClientSideNavigationTests {
    static let material = try! Golden.read("Navigation/material.html")
    static let rules = """
        events:
          - event: Purchase
            position: body-end
          - event: Sign up
            position: head-end
          - event: Purchase
            selector: h1
            repeat: true
          - event: Sign up
            selector: "#buy"
            on: click
        """

    @Test func aMaterialPageGetsTheRuntimeAfterTheBaseCodeAndItsBlocksInsideTheContainer() throws {
        try Golden.check(try Fixtures.inject(Self.material, Self.rules), matches: "Navigation/material.injected.html")
    }

    @Test func consentHoldsBackTheRuntimeTheBlocksAndTheListenerWithTheManagersAttributes() throws {
        let out = try Fixtures.inject(Self.material, "consent:\n  manager: cookiebot\nbase:\n  consent: statistics\n" + Self.rules)
        try Golden.check(out, matches: "Navigation/material.cookiebot.html")
    }

    @Test func underGlobalPrivacyControlEachCallIsSkippedInsideItsBlock() throws {
        let out = try Fixtures.inject(Self.material, "consent:\n  gpc: events\n" + Self.rules)
        #expect(out.contains("function(){\nif (!navigator.globalPrivacyControl) {tgp('event', 'tge_Pq81xZ');}\n}]);"))
        #expect(out.contains(",function(){\nif (!navigator.globalPrivacyControl) {tgp('event', 'tge_S1gnUp');}\n}]"))
    }

    @Test func withNavigationOffARouterPageIsInjectedAsAnyPage() throws {
        let off = try Fixtures.inject(Self.material, "navigation: off\n" + Self.rules)
        let plain = Self.material.replacingOccurrences(of: "\"navigation.instant\"", with: "\"search.suggest\"")
        let unrouted = try Fixtures.inject(plain, Self.rules)
        #expect(off == unrouted.replacingOccurrences(of: "\"search.suggest\"", with: "\"navigation.instant\""))
        #expect(!off.contains("window.pixeltag"))
    }

    @Test func aPageWithoutARouterIsInjectedAsBeforeWhetherNavigationIsAutoOrOff() throws {
        let page = "<html><head></head><body><h1>Hi</h1><button id=buy>Buy</button></body></html>"
        #expect(try Fixtures.inject(page, Self.rules) == Fixtures.inject(page, "navigation: off\n" + Self.rules))
        #expect(try !Fixtures.inject(page, Self.rules).contains("window.pixeltag"))
    }

    @Test func alwaysFollowsTheHistoryAPIOnEveryPageAndPutsBlocksInTheNamedContainer() throws {
        let page = "<html><head></head><body><nav>x</nav><main id=app><h1>Hi</h1></main><footer>f</footer></body></html>"
        let out = try Fixtures.inject(page, "navigation:\n  mode: always\n  container: \"#app\"\nevents:\n  - event: Purchase\n")
        let main = try #require(out.range(of: "<main id=app>")), end = try #require(out.range(of: "</main>"))
        let event = try #require(out.range(of: "pixeltag:begin event=evt_purchase"))
        #expect(main.upperBound <= event.lowerBound && event.upperBound <= end.lowerBound)
        #expect(out.contains("history[name] = function"))
    }

    @Test func aBodyRouterTakesHeadEndEventsAndTheListenerIntoTheBody() throws {
        let page = "<html><head><script src=\"/turbo.js\" data-turbo-track=\"reload\"></script></head><body><h1>Hi</h1><button id=buy>Buy</button></body></html>"
        let out = try Fixtures.inject(page, Self.rules)
        let body = try #require(out.range(of: "<body>"))
        for label in ["triggers", "event=evt_signup"] {
            let block = try #require(out.range(of: "pixeltag:begin \(label) "))
            #expect(block.lowerBound > body.upperBound, "\(label)")
        }
        #expect(out.contains("d.addEventListener(\"turbo:load\", view);"))
    }

    @Test func aSecondInjectChangesNothingAndStripGivesThePageBack() throws {
        let once = try Fixtures.inject(Self.material, Self.rules)
        #expect(try Fixtures.inject(once, Self.rules) == once)
        #expect(Fixtures.strip(once) == Self.material)
    }

    /// Routers keep the head element the next page repeats: the runtime must be the same on
    /// every page, and `pixeltag csp` lists its hash with the others.
    @Test func theRuntimeIsTheSameOnEveryPageAndItsHashIsAmongTheSitesSources() throws {
        let other = Self.material.replacingOccurrences(of: "<h1>Guide</h1>", with: "<h1>Other</h1><p>More</p>")
        func runtime(_ page: String) throws -> String {
            let out = try Fixtures.inject(page, Self.rules)
            let start = try #require(out.range(of: "<!-- pixeltag:begin navigation "))
            let end = try #require(out.range(of: "<!-- pixeltag:end -->", range: start.upperBound..<out.endIndex))
            return String(out[start.lowerBound..<end.upperBound])
        }
        #expect(try runtime(Self.material) == runtime(other))
        let scripts = PixelSources.scripts(inPage: Array(try Fixtures.inject(Self.material, Self.rules).utf8))
        #expect(Set(scripts.map(\.block)) == ["base", "navigation", "event=evt_purchase", "event=evt_signup", "triggers"])
        let text = try runtime(Self.material)
        let code = try #require(text.range(of: "<script>")).upperBound..<(try #require(text.range(of: "</script>")).lowerBound)
        #expect(scripts.contains(.init(block: "navigation", hash: PixelSources.hash(ofScriptText: String(text[code])))))
    }

    @Test func routersAreRecognisedByTheMarksTheyWriteIntoPages() throws {
        let rules = try Fixtures.rules()
        let pages: [(String, ClientRouter?)] = [
            (#"<script id="__config" type="application/json">{"features": ["navigation.instant"]}</script>"#, .material),
            (#"<meta name="astro-view-transitions-enabled" content="true">"#, .astro),
            (#"<script type="importmap">{"imports": {"@hotwired/turbo": "/turbo.js"}}</script>"#, .turbo),
            (#"<link rel="stylesheet" href="/app.css" data-turbo-track="reload">"#, .turbo),
            (#"<main id="swup" class="transition-fade"></main>"#, .swup),
            ("<p>navigation.instant, Turbo and Swup are routers</p>", nil),
        ]
        for (page, router) in pages {
            #expect(rules.router(in: Array(page.utf8)) == router, "\(page)")
        }
        #expect(try Fixtures.rules("navigation: always").router(in: Array(pages[5].0.utf8)) == .history)
    }

    @Test func explainSaysWhichRouterAPageCarriesAndWhatPixeltagDoes() throws {
        let on = PageExplanation(page: Array(Self.material.utf8), path: "index.html", rules: try Fixtures.rules(Self.rules))
        #expect(on.lines.contains("client-side navigation: MkDocs Material's instant navigation; the navigation runtime goes right after the base code, the page's events and click and submit listener inside <[data-md-component=container]> (what the router replaces), and each fires once a page view"))
        #expect(on.lines.contains("/site/pixeltag.yml:2 event \"Purchase\": body-end (client-side navigation: at the end of <[data-md-component=container]>)"))
        let off = PageExplanation(page: Array(Self.material.utf8), path: "index.html", rules: try Fixtures.rules("navigation: off\n" + Self.rules))
        #expect(off.lines.contains("client-side navigation: the page carries MkDocs Material's instant navigation, but navigation is off in /site/pixeltag.yml: its events fire when the page is loaded in full, not when the router shows it"))
        let plain = PageExplanation(page: Array("<html><head></head><body><h1>Hi</h1></body></html>".utf8), path: "index.html", rules: try Fixtures.rules(Self.rules))
        #expect(!plain.lines.contains { $0.hasPrefix("client-side navigation") })
    }

    /// With the feature off, verify warns of the events a router's page views skip: on a
    /// Material page every event outside the container (both places every page has here),
    /// on a Turbo page only the head's (Turbo runs the body's scripts again).
    @Test func withNavigationOffVerifyWarnsOfTheEventsTheRouterWouldSkip() throws {
        let yaml = "navigation: off\n" + Self.rules
        let rules = try Fixtures.rules(yaml)
        let verifier = PageVerifier(rules: rules, lock: Fixtures.lock())
        let material = verifier.verify(Array(try Fixtures.inject(Self.material, yaml).utf8), path: "index.html")
        #expect(material.status == .passed)
        #expect(material.warnings.map { "\($0.kind.rawValue) \($0.event ?? "")" } == ["inert evt_signup", "inert evt_purchase"])
        #expect(material.warnings.first?.message.hasPrefix("the page carries MkDocs Material's instant navigation, and navigation is off in /site/pixeltag.yml: event \"Sign up\" (/site/pixeltag.yml:5, head-end) fires when the page is loaded in full, not when the router shows it") == true)
        let turbo = "<html><head><script src=\"/turbo.js\" data-turbo-track=\"reload\"></script></head><body><h1>Hi</h1></body></html>"
        let verdict = verifier.verify(Array(try Fixtures.inject(turbo, yaml).utf8), path: "index.html")
        #expect(verdict.warnings.map { "\($0.kind.rawValue) \($0.event ?? "")" } == ["inert evt_signup"])
        let on = PageVerifier(rules: try Fixtures.rules(Self.rules), lock: Fixtures.lock())
        #expect(on.verify(Array(try Fixtures.inject(Self.material, Self.rules).utf8), path: "index.html").warnings.isEmpty)
    }

    @Test func verifyFindsARuntimeLeftOnAPageWhoseRouterIsGone() throws {
        let injected = try Fixtures.inject(Self.material, Self.rules)
        let verifier = PageVerifier(rules: try Fixtures.rules("navigation: off\n" + Self.rules), lock: Fixtures.lock())
        let verdict = verifier.verify(Array(injected.utf8), path: "index.html")
        #expect(verdict.status == .failed)
        #expect(verdict.findings.contains { $0.kind == .extra && $0.subject == .navigation })
    }
}

/// `navigation:` in pixeltag.yml.
@Suite struct NavigationConfigTests {
    func parse(_ yaml: String) throws -> PixelTagConfig.Navigation {
        try PixelTagConfig.parse(yaml, file: URL(fileURLWithPath: "/site/pixeltag.yml")).navigation
    }

    func message(_ yaml: String) -> String {
        do {
            _ = try parse(yaml)
            return "(no error)"
        } catch {
            return "\(error)"
        }
    }

    @Test func navigationIsAutoUnlessTheConfigSaysOtherwise() throws {
        #expect(try parse("") == .init(mode: .auto))
        #expect(try parse("navigation: off") == .init(mode: .off))
        #expect(try parse("navigation: always") == .init(mode: .always))
        #expect(try parse("navigation:\n  mode: always\n  container: main") == .init(mode: .always, container: "main"))
    }

    @Test func anUnknownModeIsAnErrorWithTheLineAndASuggestion() {
        #expect(message("navigation: of").hasPrefix("/site/pixeltag.yml:1:13: navigation: unknown mode \"of\"; did you mean \"off\"?"))
    }

    @Test func aContainerNeedsModeAlwaysAndAValidSelector() {
        #expect(message("navigation:\n  container: main").hasPrefix("/site/pixeltag.yml:2:14: navigation.container names the element your own router replaces"))
        #expect(message("navigation:\n  mode: always\n  container: \"main >\"").hasPrefix("/site/pixeltag.yml:3:14: navigation.container \"main >\" column"))
    }
}
