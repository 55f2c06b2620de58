import Foundation
import Testing
@testable import PixelTagKit

/// verify's `blocked` finding: a page's own `<meta>` policy, or the headers file's, that
/// would stop a block inject leaves on the page.
@Suite struct PageCSPTests {
    static let base = "<script>\nvar s=document.createElement('script');s.src='https://telegram.org/js/pixel.js';document.head.appendChild(s);\ntgp('init','pixel_Qx81');\n</script>"
    static let lock = Fixtures.lock(base: base)
    static let baseHash = PixelSources.hash(ofScriptText: "\nvar s=document.createElement('script');s.src='https://telegram.org/js/pixel.js';document.head.appendChild(s);\ntgp('init','pixel_Qx81');\n")
    static let purchaseHash = PixelSources.hash(ofScriptText: "\ntgp('event', 'tge_Pq81xZ');\n")

    static func page(meta policy: String, inBody: Bool = false) -> String {
        let meta = "<meta http-equiv=\"Content-Security-Policy\" content=\"\(policy)\">"
        return "<!DOCTYPE html>\n<html>\n<head>\n\(inBody ? "" : meta + "\n")<title>Shop</title>\n</head>\n<body>\n\(inBody ? meta + "\n" : "")<p>Hi</p>\n</body>\n</html>\n"
    }

    /// The page as inject leaves it, verified.
    static func verdict(_ html: String, _ yaml: String = Fixtures.purchaseRule, headers: String? = nil) throws -> PageVerdict {
        let rules = try Fixtures.rules(yaml, lock: lock)
        let injected = try Fixtures.inject(html, yaml, lock: lock)
        var verifier = PageVerifier(rules: rules, lock: lock)
        if let headers { verifier.checkPolicies(of: HeadersFile(parsing: headers), named: "public/_headers") }
        return verifier.verify(Array(injected.utf8), path: "index.html")
    }

    @Test func aMetaPolicyWithoutTheHashesBlocksEveryBlockAfterItAndSaysWhichSourceIsMissing() throws {
        let verdict = try Self.verdict(Self.page(meta: "script-src 'self' https://telegram.org"))
        try Golden.check(verdict.findings.map { "\($0.line ?? 0) \($0.kind.rawValue) \($0.subject.rawValue): \($0.message)" }.joined(separator: "\n") + "\n",
                         matches: "CSP/meta-without-hashes.txt")
        #expect(verdict.summary == ["blocked base", "blocked evt_purchase"])
    }

    @Test func aMetaPolicyWithTheHashesAndTheLoadersHostLetsEveryBlockRun() throws {
        let verdict = try Self.verdict(Self.page(meta: "script-src 'self' \(Self.baseHash) \(Self.purchaseHash) https://telegram.org"))
        #expect(verdict.findings.isEmpty)
        #expect(verdict.status == .passed)
    }

    @Test func aPolicyWithoutTheLoadersHostBlocksTheLoaderNotTheInlineScript() throws {
        let verdict = try Self.verdict(Self.page(meta: "script-src \(Self.baseHash) \(Self.purchaseHash)"))
        #expect(verdict.summary == ["blocked base"])
        #expect(verdict.findings.first?.message.contains("would not load the Pixel Tag from https://telegram.org/js/pixel.js") == true)
    }

    @Test func aBlockBeforeTheMetaRunsBeforeItsPolicyIsInForce() throws {
        let verdict = try Self.verdict(Self.page(meta: "script-src 'self'"), "base:\n  position: head-start\n" + Fixtures.purchaseRule)
        #expect(verdict.summary == ["blocked evt_purchase"])
    }

    @Test func aBlockHeldBackForConsentRunsLaterUnderEveryPolicyOfThePage() throws {
        let verdict = try Self.verdict(Self.page(meta: "script-src 'self'"), "base:\n  position: head-start\n  consent: analytics\n" + Fixtures.purchaseRule)
        #expect(verdict.summary == ["blocked base", "blocked evt_purchase"])
    }

    @Test func aMetaPolicyOutsideTheHeadIsIgnoredAsBrowsersIgnoreIt() throws {
        #expect(try Self.verdict(Self.page(meta: "script-src 'self'", inBody: true)).findings.isEmpty)
    }

    @Test func theHeadersFilesPolicyForThePageCountsAsMuchAsItsOwn() throws {
        let plain = "<!DOCTYPE html>\n<html><head><title>x</title></head><body></body></html>\n"
        let blocked = try Self.verdict(plain, headers: "/*\n  Content-Security-Policy: script-src 'self' https://telegram.org\n")
        #expect(blocked.summary == ["blocked base", "blocked evt_purchase"])
        #expect(blocked.findings.first?.message.contains("the Content-Security-Policy that public/_headers:1 sends for /*") == true)
        let elsewhere = try Self.verdict(plain, headers: "/admin/*\n  Content-Security-Policy: script-src 'self'\n")
        #expect(elsewhere.findings.isEmpty)
    }
}
