import Foundation
import Testing
@testable import PixelTagKit

/// Hostile pages through the parser and the splicer: no crash, and the invariants of
/// `InjectionInvariants` for every input. Bounded here; for a longer run see README, "Limits"
/// (`PIXELTAG_FUZZ_SECONDS=600 swift test --filter FuzzTests`).
@Suite struct FuzzTests {
    static let regressions = ToolRunner.packageRoot.appendingPathComponent("Tests/PixelTagKitTests/Fixtures/Fuzz/regressions")

    @Test func mutatedPagesNeverCrashAndOnlyEverGainWholeBlocks() async throws {
        try await onOwnThread(Self.fuzz)
    }

    static func fuzz() throws {
        let settings = FuzzSettings.fromEnvironment(defaultIterations: 2000, defaultSeconds: 30)
        let checkers = try FuzzRules.checkers()
        let seeds = try FuzzRules.seedPages()
        let blocks = checkers.flatMap { checker in
            checker.blocks.flatMap { block in
                [false, true].map { crlf in
                    let content = crlf ? block.content.replacingLineEndings(with: "\r\n") : block.content
                    return Markers(encoding: .utf8).render(block, content: Array(content.utf8), crlf: crlf)
                }
            }
        }
        let mutator = PageMutator(seeds: seeds, blocks: blocks)
        let verbose = ProcessInfo.processInfo.environment["PIXELTAG_FUZZ_VERBOSE"] != nil
        // A crash ends the process before any report: this keeps the input that caused it.
        let dump = ProcessInfo.processInfo.environment["PIXELTAG_FUZZ_DUMP"]
        print("FuzzTests: seed \(settings.seedText), \(seeds.count) seed pages\(ToolRunner.corpus == nil ? " (../shared/corpus absent: committed seeds and sample-site only)" : ""), up to \(settings.iterations == .max ? "unlimited" : String(settings.iterations)) inputs or \(Int(settings.seconds)) s")

        let deadline = Date().addingTimeInterval(settings.seconds)
        let cases = settings.onlyCase.map { $0...$0 } ?? 0...max(0, settings.iterations - 1)
        var tried = 0, bytes = 0, failures: [String] = []
        for index in cases where Date() < deadline {
            var random = SeededRandom(seed: settings.seed, index: index)
            let made = Date()
            let page = mutator.page(using: &random)
            if verbose { FileHandle.standardError.write(Data("FuzzTests: case \(index) made in \(Int(Date().timeIntervalSince(made) * 1000)) ms\n".utf8)) }
            let rulesIndex = Int.random(in: 0..<checkers.count, using: &random)
            let path = random.pick(["index.html", "signup/index.html", "checkout/thank-you/index.html", "404.html"])
            if let dump { try Data(page).write(to: URL(fileURLWithPath: dump)) }
            if verbose { FileHandle.standardError.write(Data("FuzzTests: case \(index), \(page.count) bytes, rules \(rulesIndex)\n".utf8)) }
            let started = Date()
            let problems = checkers[rulesIndex].problems(page, path: path)
            if verbose { FileHandle.standardError.write(Data("FuzzTests: case \(index) took \(Int(Date().timeIntervalSince(started) * 1000)) ms\n".utf8)) }
            tried += 1
            bytes += page.count
            if !problems.isEmpty {
                let saved = FileManager.default.temporaryDirectory.appendingPathComponent("pixeltag-fuzz-\(settings.seedText)-\(index).html")
                try? Data(page).write(to: saved)
                failures.append("case \(index) (rules \(rulesIndex), \(path)): \(problems.joined(separator: "; ")); input saved to \(saved.path)")
                if failures.count >= 5 { break }
            }
        }
        print("FuzzTests: tried \(tried) inputs (\(bytes / 1_000_000) MB) with seed \(settings.seedText), \(failures.count) failed")
        #expect(tried > 0)
        #expect(failures.isEmpty, "replay with PIXELTAG_FUZZ_SEED=\(settings.seedText) PIXELTAG_FUZZ_CASE=N swift test --filter FuzzTests:\n\(failures.joined(separator: "\n"))")
    }

    /// Every input a fuzz run ever failed on, kept small, under every rule set.
    @Test func everyInputThatOnceFailedNowHolds() throws {
        let checkers = try FuzzRules.checkers()
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.regressions.path).filter { $0.hasSuffix(".html") }.sorted()
        // The folder is the list of past failures: empty, the test would pass on nothing.
        #expect(files.count >= 5, "Fixtures/Fuzz/regressions holds \(files.count) inputs")
        #expect(checkers.count > 1)
        for file in files {
            let page = try SiteFiles.read(Self.regressions.appendingPathComponent(file))
            for (index, checker) in checkers.enumerated() {
                let problems = checker.problems(page)
                #expect(problems.isEmpty, "\(file) under rules \(index): \(problems)")
            }
        }
    }
}
