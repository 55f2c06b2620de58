import Foundation
import Testing
@testable import PixelTagKit

/// `pixeltag inject` and `strip` killed with SIGKILL at random moments: every page is always
/// its old or its new version, byte for byte, and the next run finishes the job and leaves no
/// temporary file behind.
@Suite(.serialized) struct SuddenDeathTests {
    static let trials = 60
    static let generatedPages = 200

    let folder: TemporaryFolder
    var site: URL { folder.url.appendingPathComponent("public") }
    var config: String { folder.url.appendingPathComponent("pixeltag.yml").path }

    init() throws {
        folder = try TemporaryFolder()
        try SampleSiteCopy.copy(into: folder.url)
        // Enough pages of a realistic size that a run takes long enough to be cut in the middle.
        let template = try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8)
        let filler = String(repeating: "<p class=\"lead\">Lorem ipsum dolor sit amet, <a href=\"/x\">consectetur</a> adipiscing elit.</p>\n", count: 300)
        for index in 0..<Self.generatedPages {
            let page = template.replacingOccurrences(of: "</main>", with: "<section id=\"s\(index)\">\n\(filler)</section>\n</main>")
            try folder.write(page, to: "public/generated/\(index / 50)/page-\(index).html")
        }
    }

    /// Every file of the site by path (temporary files included).
    func snapshot() throws -> [String: Data] {
        try SampleSiteCopy.snapshot(of: site)
    }

    static func isTemporary(_ path: String) -> Bool { path.contains(AtomicFile.temporaryMarker) }

    /// Runs to the end and returns how long it took, to know when to kill the next one.
    func complete(_ verb: String) throws -> TimeInterval {
        let started = Date()
        let status = try SpawnedTool.start([verb, "--config", config]).wait()
        #expect(status == 0, "\(verb) exited with \(String(describing: status))")
        return Date().timeIntervalSince(started)
    }

    @Test func killedRunsLeaveEveryPageOldOrNewAndTheNextRunFinishesWithoutLeftovers() async throws {
        let test = UncheckedSendable(self)
        try await onOwnThread { try test.value.killAndFinish() }
    }

    func killAndFinish() throws {
        let old = try snapshot()
        var duration = ["inject": try complete("inject")]
        let new = try snapshot()
        duration["strip"] = try complete("strip")
        #expect(try snapshot() == old, "strip gives back the site")
        #expect(old.count == new.count && old != new)

        let changing = Set(old.keys.filter { old[$0] != new[$0] })
        var random = SeededRandom(seed: FuzzSettings.defaultSeed)
        var cutMidway = 0, leftovers = 0, halfWritten: [String] = []
        for trial in 0..<Self.trials {
            let verb = trial.isMultiple(of: 2) ? "inject" : "strip"
            let (before, after) = verb == "inject" ? (old, new) : (new, old)
            let run = try SpawnedTool.start([verb, "--config", config])
            usleep(UInt32(Double.random(in: 0...duration[verb]!, using: &random) * 1_000_000))
            run.killNow()
            run.wait()

            var done = 0
            for (path, bytes) in try snapshot() {
                if Self.isTemporary(path) { leftovers += 1; continue }
                if bytes == after[path] {
                    if changing.contains(path) { done += 1 }
                } else if bytes != before[path] {
                    halfWritten.append("trial \(trial) (\(verb)): \(path)")
                }
            }
            if done > 0 && done < changing.count { cutMidway += 1 }

            _ = try complete(verb)
            let finished = try snapshot()
            #expect(finished == after, "trial \(trial): the run after the kill did not finish \(verb)")
            #expect(finished.keys.filter(Self.isTemporary).isEmpty, "trial \(trial): temporary files left")
        }
        print("SuddenDeathTests: \(Self.trials) SIGKILLs over \(old.count) files (\(changing.count) rewritten by each run) (inject \(Int(duration["inject"]! * 1000)) ms, strip \(Int(duration["strip"]! * 1000)) ms a run): \(cutMidway) cut midway, \(leftovers) temporary files left by kills and removed by the next run, \(halfWritten.count) pages neither old nor new")
        #expect(halfWritten.isEmpty, "\(halfWritten.prefix(10))")
    }
}

/// Hands a test's non-Sendable state (its temporary folder) to the one thread that uses it.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
