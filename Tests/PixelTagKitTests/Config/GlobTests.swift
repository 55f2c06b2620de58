import Foundation
import Testing
@testable import PixelTagKit

/// Globs match as `.gitignore` does. The matcher takes shortcuts for the common shapes
/// (`**`, `*.html`, plain names); these tests hold it to a plain reference that runs
/// `fnmatch` on every folder name and tries every split at `**`.
@Suite struct GlobTests {
    /// The straightforward matcher: what `Glob` must always agree with.
    static func reference(_ pattern: String, _ path: String) -> Bool {
        var trimmed = pattern
        while trimmed.hasPrefix("./") { trimmed.removeFirst(2) }
        if trimmed.hasSuffix("/") { trimmed += "**" }
        if trimmed.hasPrefix("/") { trimmed.removeFirst() } else if !trimmed.contains("/") { trimmed = "**/" + trimmed }
        let segments = trimmed.split(separator: "/").map(String.init)
        let parts = path.split(separator: "/").map(String.init)
        func match(_ s: Int, _ p: Int) -> Bool {
            guard s < segments.count else { return p == parts.count }
            if segments[s] == "**" { return (p...parts.count).contains { match(s + 1, $0) } }
            guard p < parts.count, fnmatch(segments[s], parts[p], 0) == 0 else { return false }
            return match(s + 1, p + 1)
        }
        return match(0, 0)
    }

    static let patterns = [
        "**/*.html", "*.html", "*.htm", "blog/**/*.html", "blog/*", "blog/*.html", "drafts/", "/index.html", "index.html",
        "a/**/b/**/c.html", "**/index.htm?", "docs/[ab]*/x.html", "**", "*", "x/**", "[!.]*.html", "a\\*b.html", "**/*",
        ".hidden/*.html", "checkout/thank-you/index.html", "**/b/*.html", "a/**", "**/a/**", "*/*/*.html", "./blog/*.html",
    ]

    static let paths: [String] = {
        var paths = [
            "index.html", "blog/a.html", "blog/2026/x/a.html", "a/b/c.html", "a/x/b/y/c.html", "docs/a1/x.html",
            "docs/c/x.html", ".hidden/p.html", "a*b.html", "axb.html", "index.htm1", "index.htm", "drafts/a/b.html",
            "x", "x/y", "checkout/thank-you/index.html", "x/checkout/thank-you/index.html", "b/.html", "a/b/.x.html",
        ]
        // Every path of up to three folders from a few names, so each shape meets each pattern.
        let names = ["a", "b", "blog", "x.html", ".d.html", "index.html", "c.html"]
        for first in names {
            paths.append(first)
            for second in names {
                paths.append(first + "/" + second)
                for third in names { paths.append(first + "/" + second + "/" + third) }
            }
        }
        return paths
    }()

    @Test(arguments: patterns)
    func agreesWithTheReferenceOnEveryPath(_ pattern: String) {
        let glob = Glob(pattern)
        for path in Self.paths {
            #expect(glob.matches(path) == Self.reference(pattern, path), "\(pattern) on \(path)")
        }
    }

    @Test func aListOfGlobsMatchesWhenAnyDoes() {
        let globs = [Glob("blog/*.html"), Glob("/index.html")]
        #expect(globs.anyMatches("index.html"))
        #expect(globs.anyMatches("blog/a.html"))
        #expect(!globs.anyMatches("news/index.html"))
        #expect(![Glob]().anyMatches("index.html"))
    }

    @Test func theShortcutsAreTaken() {
        #expect(Glob.Segment("**") == .anyFolders)
        #expect(Glob.Segment("*") == .anyName)
        #expect(Glob.Segment("index.html") == .literal(Array("index.html".utf8)))
        #expect(Glob.Segment("*.html") == .suffix(Array(".html".utf8)))
        #expect(Glob.Segment("*.htm?") == .pattern(Array("*.htm?".utf8CString)))
        #expect(Glob.Segment("a\\*b") == .pattern(Array("a\\*b".utf8CString)))
    }

    @Test func doubleStarMatchesZeroOrMoreFolders() {
        #expect(Glob("blog/**/*.html").matches("blog/a.html"))
        #expect(Glob("blog/**/*.html").matches("blog/2026/x/a.html"))
        #expect(!Glob("blog/**/*.html").matches("news/a.html"))
    }

    @Test func aPatternWithoutASlashMatchesInAnyFolder() {
        #expect(Glob("404.html").matches("404.html"))
        #expect(Glob("*.htm").matches("legal/privacy.htm"))
    }

    @Test func aPatternWithASlashIsAnchoredAtTheSite() {
        #expect(Glob("checkout/thank-you/index.html").matches("checkout/thank-you/index.html"))
        #expect(!Glob("checkout/thank-you/index.html").matches("x/checkout/thank-you/index.html"))
    }

    @Test func aFolderPatternMeansEverythingInIt() {
        #expect(Glob("drafts/").matches("drafts/a/b.html"))
    }

    @Test func globsThatClimbOutOfTheSiteAreRefused() {
        #expect(Glob.problem(in: "../secrets/*.html") != nil)
    }
}
