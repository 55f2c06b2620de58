import Foundation
import Testing
@testable import PixelTagKit

/// Writes stay inside their folder, and what comes from files or the API is data: the built
/// binary on a copy of sample-site, as a user runs it.
@Suite struct BoundaryTests {
    let folder: TemporaryFolder
    let outside: TemporaryFolder
    var config: String { folder.url.appendingPathComponent("pixeltag.yml").path }
    var site: URL { folder.url.appendingPathComponent("public") }
    static let outsidePage = "<html><head><title>not yours</title></head><body></body></html>"

    init() throws {
        folder = try TemporaryFolder()
        outside = try TemporaryFolder()
        try SampleSiteCopy.copy(into: folder.url)
        try outside.write(Self.outsidePage, to: "pages/elsewhere.html")
    }

    func link(_ path: String, to target: URL) throws {
        try FileManager.default.createSymbolicLink(at: folder.url.appendingPathComponent(path), withDestinationURL: target)
    }

    var outsideIsUntouched: Bool {
        (try? outside.read("pages/elsewhere.html")) == Data(Self.outsidePage.utf8)
            && (try? FileManager.default.contentsOfDirectory(atPath: outside.url.appendingPathComponent("pages").path)) == ["elsewhere.html"]
    }

    @Test func aSymlinkedFolderInTheSiteIsNeverWrittenThroughAndSaysSo() async throws {
        try link("public/linked", to: outside.url.appendingPathComponent("pages"))
        let result = try await ToolRunner.run(["inject", "--config", config], in: folder.url)
        #expect(outsideIsUntouched)
        #expect(result.stderr.contains("warning: public/linked: skipped, a symbolic link to a folder; pixeltag does not write through links"))
        let strip = try await ToolRunner.run(["strip", "--config", config])
        #expect(strip.status == 0)
        #expect(outsideIsUntouched)
    }

    @Test func aSymlinkedFolderInTheSiteIsLeftOutOfACopyWithOut() async throws {
        try link("public/linked", to: outside.url.appendingPathComponent("pages"))
        let result = try await ToolRunner.run(["inject", "--config", config, "--out", "dist"], in: folder.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(outsideIsUntouched)
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("dist/linked").path))
    }

    /// `inject --out dist` where `dist/blog` is a link to a folder outside.
    func injectIntoOutWithALinkedFolder() async throws -> (result: ToolRunner.Result, out: URL) {
        let out = folder.url.appendingPathComponent("dist")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try link("dist/blog", to: outside.url.appendingPathComponent("pages"))
        return (try await ToolRunner.run(["inject", "--config", config, "--out", "dist"], in: folder.url), out)
    }

    @Test func aSymlinkedFolderInTheOutFolderIsNeverWrittenThrough() async throws {
        let (result, out) = try await injectIntoOutWithALinkedFolder()
        #expect(outsideIsUntouched)
        #expect(result.status == 3)
        #expect(result.stderr.contains("error: public/blog/index.html: dist/blog is a symbolic link; pixeltag does not write through links"))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("index.html").path))
    }

    @Test func anAssetThatCannotBeCopiedFailsAloneAndTheRunGoesOn() async throws {
        try Data("body { color: red }".utf8).write(to: site.appendingPathComponent("blog/site.css"))
        let (result, out) = try await injectIntoOutWithALinkedFolder()
        #expect(outsideIsUntouched)
        #expect(result.status == 3)
        #expect(result.stderr.contains("error: public/blog/site.css: cannot copy to dist, dist/blog is a symbolic link; pixeltag does not write through links"))
        // The other pages and assets of the site are all in the copy.
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("index.html").path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("pricing/index.html").path))
    }

    @Test func anOutFolderInsideTheSiteIsRefused() async throws {
        let result = try await ToolRunner.run(["inject", "--config", config, "--out", site.appendingPathComponent("dist").path], in: folder.url)
        #expect(result.status == 2)
        #expect(result.stderr == "error: --out public/dist: the folder is inside the site public, whose pages the next run would read again; write it beside the site, e.g. --out dist\n")
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("dist").path))
    }

    @Test func theSiteItselfAsTheOutFolderIsRefused() async throws {
        let result = try await ToolRunner.run(["inject", "--config", config, "--out", "public"], in: folder.url)
        #expect(result.status == 2)
        #expect(result.stderr.contains("error: --out public: the folder is the site itself"))
    }

    /// `--out` spelled as the folder that holds the site: plainly, with a trailing slash, with
    /// `..`, through a symbolic link, and as an absolute path.
    static let foldersHoldingTheSite = [".", "./", "public/..", "link-to-project", "ABSOLUTE"]

    @Test(.serialized, arguments: foldersHoldingTheSite)
    func anOutFolderThatHoldsTheSiteIsRefusedBeforeAnythingIsWritten(_ spelling: String) async throws {
        let parent = try TemporaryFolder()
        try FileManager.default.createSymbolicLink(at: parent.url.appendingPathComponent("link-to-project"), withDestinationURL: folder.url)
        try folder.write("<p>my source, not a built page</p>\n", to: "index.html")
        let out = spelling == "ABSOLUTE" ? folder.url.path : spelling
        let before = try SampleSiteCopy.snapshot(of: folder.url)
        let result = try await ToolRunner.run(["inject", "--config", config, "--out", spelling == "link-to-project" ? parent.url.appendingPathComponent(out).path : out], in: folder.url)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("error: --out "))
        #expect(result.stderr.hasSuffix(": the folder holds the site public, so the copy would overwrite the files beside it (your sources, say); nothing was written. Write it to a folder of its own, e.g. --out dist\n"))
        #expect(try SampleSiteCopy.snapshot(of: folder.url) == before)
    }

    @Test func aGlobThatClimbsOutOfTheSiteIsAnErrorNamingItsLine() async throws {
        try folder.write("site: public\npages:\n  include: [\"../**/*.html\"]\n", to: "climb.yml")
        let result = try await ToolRunner.run(["inject", "--config", folder.url.appendingPathComponent("climb.yml").path], in: folder.url)
        #expect(result.status == 2)
        #expect(result.stderr == "error: climb.yml:3:13: pages.include: \"../**/*.html\" climbs out of the site with `..`; globs are relative to the site folder\n")
    }
}
