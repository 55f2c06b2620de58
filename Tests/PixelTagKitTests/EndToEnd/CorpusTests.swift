import Foundation
import Testing
@testable import PixelTagKit

/// Every page of ../shared/corpus (real-world HTML nobody here wrote): injection only adds
/// blocks, a second run changes nothing, and strip gives back the page.
@Suite struct CorpusTests {
    static let pages: [URL] = {
        guard let corpus = ToolRunner.corpus else {
            print("CorpusTests: ../shared/corpus is absent (set PIXELTAG_CORPUS to a folder of pages); skipping")
            return []
        }
        let walker = FileManager.default.enumerator(at: corpus, includingPropertiesForKeys: nil)!
        return walker.compactMap { $0 as? URL }.filter { ["html", "htm"].contains($0.pathExtension) }
            .sorted { $0.path < $1.path }
    }()

    static let yaml = """
        events:
          - event: Purchase
          - event: Sign up
            selector: "form button[type=submit], .btn-primary"
        """

    @Test(.enabled(if: ToolRunner.corpus != nil, "../shared/corpus is absent"))
    func injectionOnlyAddsBlocksIsIdempotentAndStripsBack() async throws {
        // Seconds of CPU: on a thread of its own, not one the fake servers of other tests need.
        let (injected, problems) = try await onOwnThread(Self.check)
        #expect(problems.isEmpty, "\(problems.prefix(10))")
        // The html5lib tree-construction inputs end inside scripts, SVG, framesets and cut-off
        // tags far more often than real pages do, and such a page is refused, not injected.
        #expect(injected > Self.pages.count * 8 / 10)
    }

    static func check() throws -> (injected: Int, problems: [String]) {
        let rules = try Fixtures.rules(Self.yaml)
        let injector = PageInjector(rules: rules), stripper = PageInjector(rules: nil)
        var injected = 0, skipped = 0
        var reasons: [String: Int] = [:]
        var problems: [String] = []
        for url in Self.pages {
            let bytes = try SiteFiles.read(url)
            let name = url.path.replacingOccurrences(of: ToolRunner.corpus!.path + "/", with: "")
            switch injector.process(bytes, path: name) {
            case .changed(let out):
                injected += 1
                if stripper.process(out, path: name) != .changed(bytes) { problems.append("\(name): strip did not give the page back") }
                if injector.process(out, path: name) != .unchanged { problems.append("\(name): a second inject changed it") }
                if !Self.isInsertionOnly(bytes, out) { problems.append("\(name): changed bytes outside the blocks") }
            case .unchanged:
                problems.append("\(name): got no base code")
            case .skipped(let why):
                skipped += 1
                reasons[why.description, default: 0] += 1
            case .failed(let why):
                // A page may only fail for want of a place where a browser runs the block.
                skipped += 1
                guard case .unplaceable(_, _, let reason) = why, reason.contains("so a block there never runs") else {
                    problems.append("\(name): \(why)")
                    continue
                }
                reasons["refused: a block would not run there", default: 0] += 1
            }
        }
        print("CorpusTests: \(Self.pages.count) pages, \(injected) injected, \(skipped) skipped or failed \(reasons), \(problems.count) problems")
        return (injected, problems)
    }

    /// Rules that ask for a block inside elements where it cannot run (`:is()` keeps the
    /// config from refusing them outright, so each page decides), and the places a natural
    /// "at the very end" rule finds on real pages.
    static let insideRules: [(selector: String, position: String, repeats: Bool)] = [
        (":is(script)", "beforeend", false), (":is(title)", "afterbegin", false), (":is(textarea)", "afterbegin", false),
        (":is(template)", "beforeend", false), ("body > :last-child", "beforeend", false), ("body > *", "beforeend", true),
        (":is(svg) *", "afterend", false),
    ]

    @Test(.enabled(if: ToolRunner.corpus != nil, "../shared/corpus is absent"))
    func rulesThatAskForABlockInsideAnythingNeverLeaveOneWhereItCannotRun() async throws {
        let (counts, problems) = try await onOwnThread(Self.checkInsideRules)
        let known = try Golden.read("Placement/open-at-end.txt").split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
        let failing = Set(problems.map { String($0.split(separator: " ").first { $0.hasSuffix(".html:") || $0.hasSuffix(".htm:") }?.dropLast() ?? "") })
        #expect(problems.filter { problem in !known.contains { problem.contains(" \($0): ") } }.isEmpty, "\(problems.prefix(10))")
        #expect(Set(known).subtracting(failing).isEmpty, "these pages no longer fail: take them out of Fixtures/Placement/open-at-end.txt")
        // Real pages hold such elements: the rules were refused on some and placed on others.
        #expect(counts[":is(script) beforeend"]?.refused ?? 0 > Self.pages.count / 5)
        #expect(counts["body > :last-child beforeend"]?.refused ?? 0 > 0)
        #expect(counts["body > :last-child beforeend"]?.placed ?? 0 > 0)
    }

    static func checkInsideRules() throws -> (counts: [String: (placed: Int, refused: Int)], problems: [String]) {
        var counts: [String: (placed: Int, refused: Int)] = [:]
        var problems: [String] = []
        let pages = try Self.pages.map { url in
            (url.path.replacingOccurrences(of: ToolRunner.corpus!.path + "/", with: ""), try SiteFiles.read(url))
        }
        var baseChecked = [Bool](repeating: false, count: pages.count)
        for rule in Self.insideRules {
            let name = "\(rule.selector) \(rule.position)\(rule.repeats ? " repeat" : "")"
            let yaml = "events:\n  - event: Sign up\n    selector: \"\(rule.selector)\"\n    position: \(rule.position)\n    repeat: \(rule.repeats)\n"
            let injector = PageInjector(rules: try Fixtures.rules(yaml))
            var placed = 0, refused = 0
            for (number, (path, bytes)) in pages.enumerated() {
                switch injector.process(bytes, path: path) {
                case .changed(let out):
                    let hasEvent = out.firstRange(of: Array("event=evt_signup".utf8), from: 0) != nil
                    if hasEvent { placed += 1 }
                    // A page's base code goes to the same place under every rule that does not
                    // refuse the page: it is checked once, the event under each rule.
                    guard hasEvent || !baseChecked[number] else { continue }
                    baseChecked[number] = true
                    let dead = LiveBlocks.dead(in: out)
                    if !dead.isEmpty { problems.append("\(name): \(path): blocks that would not run: \(dead)") }
                case .failed(.unplaceable(_, _, let why)) where why.contains("no place for it") || why.contains("so a block there never runs"):
                    refused += 1
                default:
                    break
                }
            }
            counts[name] = (placed, refused)
        }
        print("CorpusTests: inside rules over \(pages.count) pages, placed/refused: \(counts.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.placed)/\($0.value.refused)" })")
        return (counts, problems)
    }

    /// True when `new` is `old` with whole `pixeltag:begin … end` blocks inserted.
    static func isInsertionOnly(_ old: [UInt8], _ new: [UInt8]) -> Bool {
        let begin = Array("<!-- pixeltag:begin ".utf8), end = Array("<!-- pixeltag:end -->".utf8)
        var i = 0, j = 0
        while j < new.count {
            if new[j...].starts(with: begin) {
                guard let close = (j..<new.count).first(where: { new[$0...].starts(with: end) }) else { return false }
                j = close + end.count
                if new[j...].starts(with: [0x0D, 0x0A]) { j += 2 } else if new[j...].starts(with: [0x0A]) { j += 1 }
                continue
            }
            guard i < old.count, old[i] == new[j] else { return false }
            i += 1
            j += 1
        }
        return i == old.count
    }
}
