import Foundation
import Testing
@testable import PixelTagKit

/// `contexts:` through the built binary on sample-site, with the build hosts' variables a
/// real build has: production writes what a config without the section writes (the pages of
/// Fixtures/Golden/sample-site), a preview that gets the base code is those pages with every
/// other block taken out, a context that gets nothing gives back the site as it was built,
/// and verify expects each. The session is Fixtures/Golden/deploy-contexts/session.txt.
@Suite struct DeployContextCommandTests {
    static let section = """

        # Production gets everything; previews the base code only; local builds nothing.
        contexts:
          production-branch: main
          preview: base

        """

    /// Every host variable pixeltag reads, set empty (which counts as unset): the tests
    /// must not take the context of the CI they run in.
    static let noHost = ["NETLIFY", "CONTEXT", "VERCEL_ENV", "CF_PAGES", "CF_PAGES_BRANCH", "GITHUB_ACTIONS", "GITHUB_REF", "GITHUB_EVENT_NAME"]
        .reduce(into: [String: String]()) { $0[$1] = "" }

    static func host(_ variables: [String: String]) -> [String: String] {
        noHost.merging(variables) { $1 }
    }

    let sample: SampleSiteCopy

    init() throws {
        sample = try SampleSiteCopy()
        let config = try String(contentsOf: URL(fileURLWithPath: sample.config), encoding: .utf8)
        try sample.folder.write(config + Self.section, to: "pixeltag.yml")
    }

    func pages() throws -> [String: Data] {
        try sample.snapshot().filter { $0.key.hasSuffix(".html") || $0.key.hasSuffix(".htm") }
    }

    /// Each page of Fixtures/Golden/sample-site (what production gets) with every block but
    /// the base code's taken out.
    func productionPagesWithTheBaseCodeAlone() throws -> [String: Data] {
        try pages().keys.reduce(into: [:]) { expected, path in
            let production = [UInt8](try Data(contentsOf: Golden.folder.appendingPathComponent("Golden/sample-site/\(path)")))
            let events = try Markers(encoding: .utf8).find(in: production).filter { $0.kind != .base }
            expected[path] = Data(Markers.remove(events, from: production))
        }
    }

    @Test func eachContextGetsWhatTheSectionSaysAndVerifyExpectsIt() async throws {
        let built = try pages()
        var session = Transcript(in: sample.url)

        session.note("no --context and no host: refused, nothing written")
        #expect(try await session.run(["inject"], environment: Self.noHost).status == 2)
        #expect(try pages() == built)

        session.note("GitHub Actions, a push to the production branch: what a config without contexts writes")
        let push = Self.host(["GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push", "GITHUB_REF": "refs/heads/main"])
        #expect(try await session.run(["inject"], environment: push).status == 0)
        try Golden.checkFolder(try pages(), matches: "Golden/sample-site")

        session.note("a Netlify deploy preview of that build: every event is extra, the base code is not")
        let deployPreview = Self.host(["NETLIFY": "true", "CONTEXT": "deploy-preview"])
        #expect(try await session.run(["verify"], environment: deployPreview).status == 1)
        #expect(try await session.run(["inject"], environment: deployPreview).status == 0)
        let preview = try pages(), expected = try productionPagesWithTheBaseCodeAlone()
        for path in expected.keys.sorted() { #expect(preview[path] == expected[path], "\(path)") }
        #expect(preview.keys.sorted() == expected.keys.sorted())
        #expect(expected.values.filter { String(decoding: $0, as: UTF8.self).contains("pixeltag:begin base") }.count == 10)
        #expect(try await session.run(["verify"], environment: deployPreview).status == 0)
        session.note("the preview is what production lacks: every event is missing")
        #expect(try await session.run(["verify", "--context", "production", "--format", "github"], environment: deployPreview).status == 1)

        session.note("a local build gets nothing: the site as it was built")
        #expect(try await session.run(["inject", "--context", "development"], environment: deployPreview).status == 0)
        #expect(try pages() == built)
        #expect(try await session.run(["verify", "--context", "development"], environment: Self.noHost).status == 0)

        try Golden.check(session.text, matches: "Golden/deploy-contexts/session.txt")
    }

    @Test func cspListsOnlyWhatTheContextInjects() async throws {
        var session = Transcript(in: sample.url)
        for context in ["production", "preview", "development"] {
            #expect(try await session.run(["csp", "--context", context], environment: Self.noHost).status == 0)
        }
        try Golden.check(session.text, matches: "Golden/deploy-contexts/csp.txt")
    }

    @Test func explainShowsThePageAsTheContextGetsIt() async throws {
        var session = Transcript(in: sample.url)
        for context in ["production", "preview"] {
            #expect(try await session.run(["explain", "--context", context, "public/pricing/index.html"], environment: Self.noHost).status == 0)
        }
        try Golden.check(session.text, matches: "Golden/deploy-contexts/explain.txt")
    }

    @Test func aBranchBuildWithoutAProductionBranchIsRefusedWithTheConfigLine() async throws {
        let config = try String(contentsOf: URL(fileURLWithPath: sample.config), encoding: .utf8)
        try sample.folder.write(config.replacingOccurrences(of: "  production-branch: main\n", with: ""), to: "pixeltag.yml")
        let built = try pages()
        let result = try await ToolRunner.run(["inject"], in: sample.url, environment: Self.host(["CF_PAGES": "1", "CF_PAGES_BRANCH": "main"]))
        #expect(result.status == 2)
        #expect(
            result.stderr
                == "error: pixeltag.yml:52: a Cloudflare Pages build of branch \"main\", but contexts.production-branch is not set, so pixeltag cannot tell production from a preview; add `production-branch: main` (your project's production branch) under contexts:\n"
        )
        #expect(try pages() == built)
    }

    /// The sample config as it ships (no `contexts:`): --context is refused rather than ignored.
    @Test func contextWithoutTheSectionIsRefused() async throws {
        let plain = try SampleSiteCopy()
        let result = try await ToolRunner.run(["inject", "--context", "preview"], in: plain.url, environment: Self.noHost)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("error: pixeltag.yml: --context preview, but the config has no `contexts:` section"))
        #expect(!result.stderr.dropLast().contains("\n"))
    }

    @Test func stripTakesNoContext() async throws {
        let help = try await ToolRunner.run(["strip", "--help"])
        #expect(!help.stdout.contains("--context"))
        #expect(try await ToolRunner.run(["strip", "--context", "preview"], in: sample.url).status == 2)
    }
}
