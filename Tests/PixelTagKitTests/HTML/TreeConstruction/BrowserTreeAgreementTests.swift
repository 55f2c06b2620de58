import Foundation
import Testing
@testable import PixelTagKit

/// pixeltag's first match for each selector is the element a browser's tree gives.
///
/// The expectations were made by a WHATWG parser (html5lib + soupsieve, see
/// Tools/html5-oracle/expectations.py) over every page of ../shared/corpus and sample-site,
/// and are committed; each differing page must be listed, with its reason, in
/// known-differences.txt, so a fix and a regression both show up here.
@Suite struct BrowserTreeAgreementTests {
    struct Expectations {
        var selectors: [String]
        var pages: [(file: String, matches: [[String]?])]
    }

    static let folder = Bundle.module.url(forResource: "Fixtures/html5-expectations", withExtension: nil)!

    static func load() throws -> Expectations {
        let text = try String(contentsOf: folder.appendingPathComponent("expectations.jsonl"), encoding: .utf8)
        var lines = text.split(separator: "\n")
        let header = try JSONSerialization.jsonObject(with: Data(lines.removeFirst().utf8)) as! [String: Any]
        let pages = try lines.map { line -> (String, [[String]?]) in
            let row = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let matches = (row["m"] as! [Any]).map { match -> [String]? in
                guard let triple = match as? [Any] else { return nil }
                return triple.map { "\($0)" }
            }
            return (row["file"] as! String, matches)
        }
        return Expectations(selectors: header["selectors"] as! [String], pages: pages)
    }

    /// `file|selector` lines of pages where pixeltag knowingly differs (reason after `#`).
    static func knownDifferences() throws -> Set<String> {
        let text = try String(contentsOf: folder.appendingPathComponent("known-differences.txt"), encoding: .utf8)
        return Set(text.split(separator: "\n").compactMap { line in
            let entry = line.split(separator: "#", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            return entry.isEmpty ? nil : entry
        })
    }

    static func url(of file: String) -> URL? {
        if file.hasPrefix("sample-site/") {
            return ToolRunner.packageRoot.appendingPathComponent("sample-site/public").appendingPathComponent(String(file.dropFirst("sample-site/".count)))
        }
        return ToolRunner.corpus?.appendingPathComponent(String(file.dropFirst("corpus/".count)))
    }

    @Test func everySelectorFindsTheElementABrowserFinds() async throws {
        // Seconds of CPU: on a thread of its own, not one the fake servers of other tests need.
        let (checked, unexpected, fixed) = try await onOwnThread(Self.compare)
        #expect(checked > 0)
        #expect(unexpected.isEmpty, "differs from a browser's tree (\(unexpected.count)):\n\(unexpected.joined(separator: "\n"))")
        #expect(fixed.isEmpty, "now agrees; remove from known-differences.txt:\n\(fixed.joined(separator: "\n"))")
    }

    static func compare() throws -> (checked: Int, unexpected: [String], fixed: [String]) {
        let expectations = try Self.load()
        let lists = try expectations.selectors.map { try SelectorList(parsing: $0) }
        let known = try Self.knownDifferences()
        var differences: [String: String] = [:]
        var checked = 0
        for (file, expected) in expectations.pages {
            guard let url = Self.url(of: file), FileManager.default.fileExists(atPath: url.path) else { continue }
            guard let source = try? PageSource(bytes: SiteFiles.read(url)) else { continue }
            let page = PageParser.parse(source)
            let matcher = SelectorMatcher(page: page)
            for (position, list) in lists.enumerated() {
                let selector = expectations.selectors[position]
                let wanted = expected[position]
                let found = matcher.firstMatch(list).map { Self.identify(page.elements[$0], in: source) }
                checked += 1
                if found != wanted {
                    differences["\(file)|\(selector)"] = "pixeltag \(found?.joined(separator: ":") ?? "nothing"), browser \(wanted?.joined(separator: ":") ?? "nothing")"
                }
            }
        }
        if ToolRunner.corpus == nil { print("BrowserTreeAgreementTests: ../shared/corpus is absent; checked sample-site only") }
        let unexpected = differences.keys.filter { !known.contains($0) }.sorted().map { "\($0)  (\(differences[$0]!))" }
        let present = Set(expectations.pages.map(\.file).filter { Self.url(of: $0).map { FileManager.default.fileExists(atPath: $0.path) } ?? false })
        let fixed = known.filter { entry in present.contains(String(entry.split(separator: "|")[0])) && differences[entry] == nil }.sorted()
        return (checked, unexpected, fixed)
    }

    /// The byte prefilter that spares most pages a full parse must never rule out a page a
    /// browser finds a match in.
    @Test func thePrefilterNeverRulesOutAPageThatMatches() async throws {
        let (ruledOut, wrong) = try await onOwnThread(Self.prefilterMisses)
        #expect(ruledOut > 0)
        #expect(wrong.count == 0, "ruled out, but a browser matches: \(wrong.prefix(20))")
    }

    static func prefilterMisses() throws -> (ruledOut: Int, wrong: [String]) {
        let expectations = try Self.load()
        let filters = try expectations.selectors.map { SelectorPrefilter(try SelectorList(parsing: $0)) }
        var ruledOut = 0
        var wrong: [String] = []
        for (file, expected) in expectations.pages {
            guard let url = Self.url(of: file), let bytes = try? SiteFiles.read(url),
                  let source = try? PageSource(bytes: bytes), source.encoding.isASCIICompatible else { continue }
            for (position, filter) in filters.enumerated() {
                guard let filter, !filter.mayMatch(bytes) else { continue }
                ruledOut += 1
                if expected[position] != nil { wrong.append("\(file)|\(expectations.selectors[position])") }
            }
        }
        return (ruledOut, wrong)
    }

    /// `[tag, line, column]` of the element's `<`, counted as html5lib does: in characters
    /// after decoding, each of CRLF, CR and LF one line break.
    static func identify(_ element: Page.Element, in source: PageSource) -> [String] {
        let target = element.startTag.lowerBound
        let text: String = source.withParseBuffer { buffer in
            var low = 0, high = buffer.count
            while low < high {
                let middle = (low + high) / 2
                if source.originalOffset(middle) < target { low = middle + 1 } else { high = middle }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<low]), as: UTF8.self)
        }
        var line = 1, column = 1
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\r" || (scalar == "\n" && !previousWasCR) {
                line += 1
                column = 1
            } else if scalar != "\n" {
                column += 1
            }
            previousWasCR = scalar == "\r"
        }
        return [element.name, String(line), String(column)]
    }
}
