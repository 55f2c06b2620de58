import Foundation
import Testing

/// `pixeltag explain PAGE` on the sample site: rules, matches with lines, blocks.
@Suite(.serialized) struct ExplainCommandTests {
    let config = ToolRunner.packageRoot.appendingPathComponent("sample-site/pixeltag.yml").path

    @Test func explainShowsEachRuleItsMatchesAndWhereBlocksGo() async throws {
        let result = try await ToolRunner.run(["explain", "--config", config, "pricing/index.html"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("event \"Purchase\": pages do not match this page"))
        #expect(result.stdout.contains("event \"Add to cart\" on click: selector \".plan :is(button, a).btn-primary\" matches 3 elements: <button> at line 37:13"))
        #expect(result.stdout.contains("annotation at line 53:13: event \"Start trial\", fires on click (listener)"))
        #expect(result.stdout.contains("line 10:3  triggers  (triggers)"))
    }

    @Test func explainingAFileOutsideTheSiteIsOneLineOfAdvice() async throws {
        let result = try await ToolRunner.run(["explain", "--config", config, "Package.swift"], in: ToolRunner.packageRoot)
        #expect(result.status == 2)
        #expect(result.stderr.contains("not inside the site"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}
