import Foundation
import Testing

/// Every mistake on the command line exits 2, as the README's exit-status table says, with
/// ArgumentParser's message and usage on stderr and nothing on stdout. Serialized: each case
/// holds a Dispatch worker while it reads the process's output, and many at once starve the
/// in-process fakes of other suites.
@Suite(.serialized) struct UsageErrorTests {
    static let mistakes: [[String]] = [
        ["--bogus"],
        ["publish"],
        ["inject", "--jobs", "0"],
        ["inject", "--jobs", "x"],
        ["inject", "--diff"],
        ["inject", "--delete-extra"],
        ["strip", "--shard"],
        ["verify", "--format", "xml"],
        ["verify", "--account", "1"],
        ["events", "rename", "evt_1"],
    ]

    @Test(arguments: mistakes)
    func aUsageErrorExitsTwo(_ arguments: [String]) async throws {
        let result = try await ToolRunner.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stderr.hasPrefix("Error: "), "\(arguments): \(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func helpStillExitsZeroOnStdout() async throws {
        let result = try await ToolRunner.run(["inject", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: pixeltag inject"))
        #expect(result.stderr.isEmpty)
    }
}
