import Foundation
import Testing
@testable import PixelTagKit

/// The policy a browser enforces, reduced to what pixeltag's blocks meet.
@Suite struct ContentSecurityPolicyTests {
    static let loader = "https://telegram.org/js/pixel.js"

    @Test func sha256MatchesTheFIPSVectors() {
        func hex(_ text: String) -> String { SHA256.digest(Array(text.utf8)).map { String(format: "%02x", $0) }.joined() }
        #expect(hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(hex(String(repeating: "a", count: 1000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func aScriptsHashIsTakenOverItsTextWithLineBreaksAsTheDOMHoldsThem() {
        #expect(PixelSources.hash(ofScriptText: "\ntgp('init','p');\n") == PixelSources.hash(ofScriptText: "\r\ntgp('init','p');\r\n"))
        #expect(PixelSources.hash(ofScriptText: "alert(1)") == "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='")
    }

    @Test func theInlineScriptsOfASnippetAreItsScriptsWithoutSrcAndThoseHeldBackForConsentAreSoMarked() {
        let scripts = PixelSources.inlineScripts(in: "<script src=\"https://x.example/a.js\"></script>\n<SCRIPT>a()</SCRIPT><script type=\"text/plain\" data-category=\"analytics\">b()</script>")
        #expect(scripts == [.init(text: "a()", isHeldBack: false), .init(text: "b()", isHeldBack: true)])
    }

    @Test func aHashOrNonceSwitchesUnsafeInlineOff() {
        let hash = PixelSources.hash(ofScriptText: "a()")
        #expect(ContentSecurityPolicy(parsing: "script-src 'unsafe-inline'").allowsInlineScript(hash: hash))
        #expect(!ContentSecurityPolicy(parsing: "script-src 'unsafe-inline' 'sha256-AAAA'").allowsInlineScript(hash: hash))
        #expect(!ContentSecurityPolicy(parsing: "script-src 'unsafe-inline' 'nonce-r4nd'").allowsInlineScript(hash: hash))
        #expect(!ContentSecurityPolicy(parsing: "script-src 'unsafe-inline' 'strict-dynamic'").allowsInlineScript(hash: hash))
        #expect(ContentSecurityPolicy(parsing: "script-src 'self' \(hash)").allowsInlineScript(hash: hash))
    }

    @Test func scriptSrcElemThenScriptSrcThenDefaultSrcGovernScripts() {
        let hash = PixelSources.hash(ofScriptText: "a()")
        #expect(!ContentSecurityPolicy(parsing: "default-src 'self'").allowsInlineScript(hash: hash))
        #expect(ContentSecurityPolicy(parsing: "default-src 'self'; script-src \(hash)").allowsInlineScript(hash: hash))
        #expect(!ContentSecurityPolicy(parsing: "script-src \(hash); script-src-elem 'self'").allowsInlineScript(hash: hash))
        #expect(ContentSecurityPolicy(parsing: "img-src 'self'").allowsInlineScript(hash: hash))
        // A browser ignores the second of two directives with one name.
        #expect(!ContentSecurityPolicy(parsing: "script-src 'self'; script-src \(hash)").allowsInlineScript(hash: hash))
    }

    @Test func theLoaderNeedsItsHostASchemeAWildcardOrStrictDynamic() {
        func allows(_ policy: String) -> Bool { ContentSecurityPolicy(parsing: policy).allowsInsertedScript(url: Self.loader) }
        #expect(allows("script-src https://telegram.org"))
        #expect(allows("script-src telegram.org"))
        #expect(allows("script-src https:"))
        #expect(allows("script-src *"))
        #expect(allows("script-src https://telegram.org/js/"))
        #expect(allows("script-src https://telegram.org/js/pixel.js"))
        #expect(allows("script-src 'strict-dynamic' 'sha256-AAAA'"))
        #expect(!allows("script-src 'self'"))
        #expect(!allows("script-src *.telegram.org"))
        #expect(!allows("script-src https://telegram.org/other/"))
        #expect(!allows("script-src https://telegram.org:8443"))
        #expect(!allows("script-src 'unsafe-inline'"))
    }

    @Test func mergingAddsTheSourcesToEachDirectiveOrWritesOneOutFromDefaultSrc() {
        let sources = PixelSources(scripts: [.init(block: "base", hash: "'sha256-B'")], baseCode: "<script>x('https://telegram.org/js/pixel.js')</script>")
        #expect(sources.merged(into: "default-src 'self'; img-src 'self' data:")
            == "default-src 'self'; img-src 'self' data: https://telegram.org; script-src 'self' 'sha256-B' https://telegram.org; connect-src 'self' https://telegram.org")
        #expect(sources.merged(into: "script-src 'none'") == "script-src 'sha256-B' https://telegram.org")
        // Hashes would switch 'unsafe-inline' off for the site's own inline scripts.
        #expect(sources.merged(into: "script-src 'self' 'unsafe-inline'") == "script-src 'self' 'unsafe-inline' https://telegram.org")
        #expect(sources.merged(into: "frame-ancestors 'none'") == "frame-ancestors 'none'")
    }
}

/// `_headers`: the rules a page is served with, and pixeltag's own rule in the file.
@Suite struct HeadersFileTests {
    static let file = """
        # the site's own
        /*
          X-Frame-Options: DENY
        /blog/:slug/*
          Content-Security-Policy: script-src 'self'
        /about
          Content-Security-Policy: default-src 'none', script-src 'self'

        """

    @Test func aPageGetsThePoliciesOfEveryRuleThatMatchesOneOfItsURLs() {
        let headers = HeadersFile(parsing: Self.file)
        #expect(headers.policies(forPage: "blog/post/index.html").map(\.policy.text) == ["script-src 'self'"])
        #expect(headers.policies(forPage: "blog/index.html").isEmpty)
        #expect(headers.policies(forPage: "about.html").map(\.policy.text) == ["default-src 'none'", "script-src 'self'"])
        #expect(headers.policies(forPage: "about.html").map(\.rule.line) == [6, 6])
    }

    @Test func injectAppendsItsRuleBetweenMarkedLinesAndStripGivesTheFileBackByteForByte() throws {
        let written = try HeadersFile.replacingOwnRule(in: Self.file, with: "/*\n  Content-Security-Policy: script-src 'sha256-A'")
        #expect(written == Self.file + "\n" + HeadersFile.beginLine + "\n/*\n  Content-Security-Policy: script-src 'sha256-A'\n" + HeadersFile.endLine + "\n")
        let rewritten = try HeadersFile.replacingOwnRule(in: written, with: "/*\n  Content-Security-Policy: script-src 'sha256-B'")
        #expect(rewritten == written.replacingOccurrences(of: "sha256-A", with: "sha256-B"))
        #expect(try HeadersFile.replacingOwnRule(in: written, with: nil) == Self.file)
    }

    @Test func aRuleMovedByHandStaysWhereItIs() throws {
        let moved = HeadersFile.beginLine + "\nOLD\n" + HeadersFile.endLine + "\n/*\n  X-A: 1\n"
        #expect(try HeadersFile.replacingOwnRule(in: moved, with: "NEW") == HeadersFile.beginLine + "\nNEW\n" + HeadersFile.endLine + "\n/*\n  X-A: 1\n")
    }

    @Test func aBeginLineWithoutItsEndIsRefused() {
        #expect(throws: PixelTagError.self) { try HeadersFile.replacingOwnRule(in: HeadersFile.beginLine + "\n/*\n", with: "x") }
    }
}
