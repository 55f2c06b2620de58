import Foundation
import Testing

/// A config without `site:` names no site: pixeltag never takes the config's own folder for
/// one, where a Hugo repository keeps its layouts, themes, node_modules and static files.
@Suite(.serialized) struct SiteRequiredTests {
    let project: TemporaryFolder

    /// A Hugo repository as a first-time user has it, the config beside the sources.
    init() throws {
        project = try TemporaryFolder()
        try SampleSiteCopy.copy(into: project.url)
        try FileManager.default.removeItem(at: project.url.appendingPathComponent("pixeltag.yml"))
        try project.write("<!DOCTYPE html><html><head>{{ partial \"head.html\" . }}</head><body>{{ block \"main\" . }}{{ end }}</body></html>\n", to: "layouts/_default/baseof.html")
        try project.write("<meta charset=\"utf-8\"><title>{{ .Title }}</title>\n", to: "themes/plain/layouts/partials/head.html")
        try project.write("<html><head><title>docs</title></head><body></body></html>\n", to: "node_modules/some-package/index.html")
        try project.write("google-site-verification: google123.html\n", to: "static/google123.html")
    }

    static let advice = "error: pixeltag.yml: no `site:`; say which folder holds the built HTML, relative to this file, e.g. `site: public` (Hugo), `_site` (Jekyll, Eleventy), `site` (MkDocs), `dist` (Astro, Vite) or `build/html` (Sphinx), or pass --site DIR\n"

    static let configsWithoutSite = [
        "",
        "account: \"100200300\"\n",
        "base:\n  position: head-end\nevents:\n  - event: Purchase\n    pages: [\"checkout/thank-you/index.html\"]\n",
    ]

    static let commands: [[String]] = [["inject"], ["inject", "--dry-run"], ["strip"], ["verify"], ["explain", "index.html"]]

    @Test(arguments: configsWithoutSite)
    func aConfigWithoutSiteIsRefusedAndNothingIsWritten(_ yaml: String) async throws {
        try project.write(yaml, to: "pixeltag.yml")
        let before = try SampleSiteCopy.snapshot(of: project.url)
        for command in Self.commands {
            let result = try await ToolRunner.run(command, in: project.url)
            #expect(result.status == 2, "\(command)")
            #expect(result.stderr == Self.advice, "\(command)")
            #expect(result.stdout.isEmpty, "\(command)")
        }
        #expect(try SampleSiteCopy.snapshot(of: project.url) == before)
    }

    @Test func theSiteOptionStandsInForSite() async throws {
        try project.write("", to: "pixeltag.yml")
        let result = try await ToolRunner.run(["inject", "--site", "public", "--dry-run"], in: project.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasSuffix("pixeltag inject: 11 pages scanned, 11 changed, 0 unchanged, 0 skipped, 0 failed (dry run: nothing written)\n"))
    }
}
