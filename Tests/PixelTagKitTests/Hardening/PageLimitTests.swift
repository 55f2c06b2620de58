import Foundation
import Testing
@testable import PixelTagKit

/// Beyond the size pixeltag handles, a page fails alone, named, unread and untouched.
@Suite struct PageLimitTests {
    @Test func aPageOverTheLimitFailsAloneAndTheOthersAreInjected() async throws {
        let folder = try TemporaryFolder()
        let big = "<title>big</title>" + String(repeating: "<p>x</p>", count: 20)
        try folder.write(big, to: "big.html")
        try folder.write("<title>small</title>", to: "small.html")
        var options = SiteRunner.Options(site: folder.url)
        options.maxPageBytes = 100
        let reports = Recorder<SiteRunner.PageReport>()
        let summary = try await SiteRunner(rules: try Fixtures.rules(), options: options).run { reports.append($0) }
        #expect(summary.failed == 1 && summary.changed == 1)
        #expect(reports.all.first { $0.path == "big.html" }?.message
            == "178 bytes is larger than the 100 bytes pixeltag handles; left untouched (list it in pages.exclude if it is not a page)")
        #expect(String(decoding: try folder.read("big.html"), as: UTF8.self) == big)
    }

    @Test func aSparse300MegabytePageFailsWithoutBeingReadAndTheRunSaysSo() async throws {
        let folder = try TemporaryFolder()
        try folder.write("site: public\n", to: "pixeltag.yml")
        try Fixtures.lock().write(to: folder.url.appendingPathComponent("pixeltag.lock.json"))
        try folder.write("<title>small</title>", to: "public/index.html")
        // A hole, not 300 MB of memory or disk: pixeltag must refuse it from its size alone.
        let huge = folder.url.appendingPathComponent("public/huge.html")
        #expect(FileManager.default.createFile(atPath: huge.path, contents: Data("<p>".utf8)))
        #expect(truncate(huge.path, 300 << 20) == 0)
        let result = try await ToolRunner.run(["inject"], in: folder.url)
        #expect(result.status == 3)
        #expect(result.stderr == "error: public/huge.html: 300 MB is larger than the 256 MB pixeltag handles; left untouched (list it in pages.exclude if it is not a page)\n")
        #expect(result.stdout == "pixeltag inject: 2 pages scanned, 1 changed, 0 unchanged, 0 skipped, 1 failed\n")
    }
}
