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
        #expect(injected > Self.pages.count * 9 / 10)
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
            case .skipped(let why), .failed(let why):
                skipped += 1
                reasons[why, default: 0] += 1
            }
        }
        print("CorpusTests: \(Self.pages.count) pages, \(injected) injected, \(skipped) skipped or failed \(reasons), \(problems.count) problems")
        return (injected, problems)
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
