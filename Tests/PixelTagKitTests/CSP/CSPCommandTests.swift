import Foundation
import Testing

/// `pixeltag csp`, and the rule inject keeps in the headers file, on a copy of the browser
/// suite's `csp` site.
@Suite struct CSPCommandTests {
    let folder: TemporaryFolder
    var config: String { folder.url.appendingPathComponent("csp/pixeltag.yml").path }

    init() throws {
        folder = try TemporaryFolder()
        let fixtures = ToolRunner.packageRoot.appendingPathComponent("Tests/Browser/sites")
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("csp"), to: folder.url.appendingPathComponent("csp"))
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("pixeltag.lock.json"), to: folder.url.appendingPathComponent("pixeltag.lock.json"))
    }

    func headers() throws -> String { String(decoding: try folder.read("csp/public/_headers"), as: UTF8.self) }

    @Test func cspPrintsEverySourceTheBlocksNeedAndThePolicyWithThemBeforeInjectRuns() async throws {
        let text = try await ToolRunner.run(["csp", "--config", config])
        #expect(text.status == 0)
        try Golden.check(text.stdout, matches: "CSP/csp.txt")
        let json = try await ToolRunner.run(["csp", "--config", config, "--format", "json"])
        try Golden.check(json.stdout, matches: "CSP/csp.json")
        let vercel = try await ToolRunner.run(["csp", "--config", config, "--format", "vercel"])
        try Golden.check(vercel.stdout, matches: "CSP/vercel.json")
    }

    @Test func injectWritesThePolicyCspPrintsIntoTheHeadersFileAndStripGivesTheFileBack() async throws {
        let original = try headers()
        let printed = try await ToolRunner.run(["csp", "--config", config]).stdout
        let inject = try await ToolRunner.run(["inject", "--config", config])
        #expect(inject.status == 0)
        #expect(inject.stdout.contains("wrote the Content-Security-Policy into"))
        let policy = try #require(printed.split(separator: "\n").last { $0.hasPrefix("Content-Security-Policy: ") })
        #expect(try headers().contains("\n/*\n  \(policy)\n# pixeltag:end csp\n"))
        #expect(try headers().hasPrefix(original))
        let again = try await ToolRunner.run(["inject", "--config", config])
        #expect(!again.stdout.contains("Content-Security-Policy"), "a second inject leaves the file alone")
        #expect(try await ToolRunner.run(["strip", "--config", config]).status == 0)
        #expect(try headers() == original)
    }

    @Test func vercelNeedsThePolicyItPrints() async throws {
        try folder.write("site: public\nlock: ../pixeltag.lock.json\n", to: "csp/pixeltag.yml")
        let result = try await ToolRunner.run(["csp", "--config", config, "--format", "vercel"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--format vercel prints your whole policy, so it needs csp.policy"))
    }
}
