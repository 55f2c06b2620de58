import Foundation
import Testing

extension BrowserTests {
    /// `Tests/Browser/sites/csp`: a strict policy served as a header from the `_headers` file
    /// inject keeps (the driver serves it as Netlify and Cloudflare Pages do).
    @Suite struct ContentSecurityPolicyInTheBrowser {
        @Test func withThePolicyInjectWroteEveryCallHappensAndChromiumRefusesNothing() async throws {
            let page = try await BrowserTests.page("csp/index.html")
            #expect(page.policy?.contains("'sha256-") == true, "the page was not served with inject's policy")
            #expect(page.violations.isEmpty, "\(page.refusals)")
            #expect(page.calls("load") == [BrowserTests.initCall, BrowserTests.event("tge_Purch5")])
            #expect(page.calls("click #buy") == [BrowserTests.event("tge_C4rt00")])
        }

        @Test func withoutTheHashesChromiumRefusesEveryInlineBlockAndNothingIsCalled() async throws {
            let run = try await BrowserRun.shared.value
            let page = try run.page("broken/policy-without-hashes.html")
            #expect(page.policy?.contains("script-src 'self' https://telegram.org") == true)
            #expect(page.violations.map(\.blocked) == ["inline", "inline", "inline"], "base, event and listener: \(page.refusals)")
            #expect(page.allCalls == [])
            #expect(try run.problems("broken/policy-without-hashes.html").contains { $0.hasPrefix("the Content-Security-Policy refused a script") })
        }

        @Test func withoutTheHashesVerifyFailsNamingEachBlockAndItsMissingSource() async throws {
            let folder = try TemporaryFolder()
            let fixtures = BrowserRun.browserFolder.appendingPathComponent("sites")
            try FileManager.default.copyItem(at: fixtures.appendingPathComponent("csp"), to: folder.url.appendingPathComponent("csp"))
            try FileManager.default.copyItem(at: fixtures.appendingPathComponent("pixeltag.lock.json"), to: folder.url.appendingPathComponent("pixeltag.lock.json"))
            let config = folder.url.appendingPathComponent("csp/pixeltag.yml").path
            #expect(try await ToolRunner.run(["inject", "--no-cache", "--config", config]).status == 0)
            #expect(try await ToolRunner.run(["verify", "--config", config]).status == 0)
            let headers = String(decoding: try folder.read("csp/public/_headers"), as: UTF8.self)
            let withoutHashes = headers.replacing(#/ 'sha256-[^']+'/#, with: "")
            try folder.write(withoutHashes, to: "csp/public/_headers")
            let verify = try await ToolRunner.run(["verify", "--config", config], environment: ["NO_COLOR": "1"])
            #expect(verify.status == 1)
            let blocked = verify.stdout.split(separator: "\n").filter { $0.contains("blocked:") }
            #expect(blocked.count == 3, "\(verify.output)")
            #expect(blocked.contains { $0.contains("the base code would not run") && $0.contains("'sha256-") })
            #expect(blocked.contains { $0.contains("event evt_purchase would not run") })
            #expect(blocked.contains { $0.contains("the click and submit listener would not run") })
        }
    }
}
