import Foundation
import Testing
@testable import PixelTagKit

/// pixeltag picks a page's encoding as a browser does: the html5lib encoding vectors
/// (../shared/html5lib-tests/encoding/*.dat: bytes, and the encoding a browser picks).
/// Each vector that fails is listed, with its reason, in
/// Fixtures/html5lib/encoding-known-failures.txt.
@Suite struct EncodingSniffingTests {
    @Test(.enabled(if: TokenizerConformanceTests.vectors != nil, "\(TokenizerConformanceTests.absent)"))
    func everyVectorPicksABrowsersEncodingOrIsAKnownFailure() throws {
        let known = try TokenizerConformanceTests.knownFailures(in: "encoding-known-failures")
        let folder = TokenizerConformanceTests.vectors!.appendingPathComponent("encoding")
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "dat" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
        var failing: [String: String] = [:]
        var lines: [String] = []
        var total = 0, passed = 0
        for file in files {
            let vectors = try Self.vectors(in: file)
            var good = 0
            for (number, vector) in vectors.enumerated() {
                let picked = Self.browsersChoice(vector.data)
                if picked == vector.encoding { good += 1 } else { failing["\(file.lastPathComponent)|\(number + 1)"] = "expected \(vector.encoding), got \(picked)" }
            }
            total += vectors.count
            passed += good
            lines.append("  \(file.lastPathComponent): \(good)/\(vectors.count)")
        }
        print("EncodingSniffingTests: \(passed)/\(total) html5lib encoding vectors pass\n" + lines.joined(separator: "\n"))
        let unexpected = failing.keys.filter { !known.keys.contains($0) }.sorted()
        let fixed = known.keys.filter { failing[$0] == nil }.sorted()
        #expect(total > 0)
        #expect(unexpected.isEmpty, "fail:\n\(unexpected.map { "\($0): \(failing[$0]!)" }.joined(separator: "\n"))")
        #expect(fixed.isEmpty, "now pass; remove from encoding-known-failures.txt:\n\(fixed.joined(separator: "\n"))")
    }

    /// The encoding's WHATWG name, lowercase: the byte order mark, else the prescan of the
    /// first 1024 bytes, else the first `<meta>` the parser meets; else the vectors' default
    /// (windows-1252, as their first vector says; pixeltag reads such a page as UTF-8, which
    /// changes nothing for ASCII markup and blocks).
    static func browsersChoice(_ bytes: [UInt8]) -> String {
        let sniffed = PageEncoding.sniff(bytes)
        if sniffed.bomLength > 0 { return sniffed.encoding!.name }
        var declaration = PageEncoding.prescan(bytes.prefix(1024))
        if declaration == nil, let source = try? PageSource(bytes: bytes) { declaration = PageParser.parse(source).lateEncoding }
        switch declaration {
        case .encoding(let found)?: return found.name
        case .refused(_, let encoding)?: return encoding
        case nil: return "windows-1252"
        }
    }

    /// `#data` / `#encoding` pairs, read as bytes (a vector may be in EUC-JP).
    static func vectors(in file: URL) throws -> [(data: [UInt8], encoding: String)] {
        let bytes = [UInt8](try Data(contentsOf: file))
        let dataMark = Array("#data\n".utf8), encodingMark = Array("#encoding\n".utf8)
        func find(_ mark: [UInt8], from start: Int) -> Int? {
            guard start <= bytes.count - mark.count else { return nil }
            return (start...(bytes.count - mark.count)).first { (start == 0 || $0 == start || bytes[$0 - 1] == 0x0A) && bytes[$0..<($0 + mark.count)].elementsEqual(mark) }
        }
        var result: [(data: [UInt8], encoding: String)] = []
        var position = 0
        while let data = find(dataMark, from: position), let encoding = find(encodingMark, from: data + dataMark.count) {
            var end = encoding
            if end > data + dataMark.count && bytes[end - 1] == 0x0A { end -= 1 }
            let lineEnd = bytes[(encoding + encodingMark.count)...].firstIndex(of: 0x0A) ?? bytes.count
            let name = String(decoding: bytes[(encoding + encodingMark.count)..<lineEnd], as: UTF8.self)
            result.append((Array(bytes[(data + dataMark.count)..<end]), name.trimmingCharacters(in: .whitespaces).lowercased()))
            position = lineEnd
        }
        return result
    }
}

/// Every encoding a browser reads with ASCII as ASCII is injected as its own bytes; only an
/// encoding where an ASCII byte may be part of another character is refused.
@Suite struct PageEncodingTests {
    static let rules = "events:\n  - event: Purchase\n    selector: \"button.buy\"\n"

    func inject(_ bytes: [UInt8], _ yaml: String = rules) throws -> PageInjector.Outcome {
        PageInjector(rules: try Fixtures.rules(yaml)).process(bytes, path: "index.html")
    }

    /// The page with each block taken out again: what inject added must be whole blocks.
    func strip(_ bytes: [UInt8]) -> [UInt8] {
        guard case .changed(let back) = PageInjector(rules: nil).process(bytes, path: "index.html") else { return bytes }
        return back
    }

    @Test(arguments: [
        ("shift_jis", [0x83, 0x4A, 0x81, 0x5B, 0x83, 0x67] as [UInt8]), // カート
        ("euc-jp", [0xA5, 0xAB, 0xA1, 0xBC, 0xA5, 0xC8]),
        ("euc-kr", [0xC0, 0xE5, 0xB9, 0xD9, 0xB1, 0xB8, 0xB4, 0xCF]),  // 장바구니
        ("gbk", [0xB9, 0xBA, 0xCE, 0xEF, 0xB3, 0xB5]),                  // 购物车
        ("gb18030", [0xB9, 0xBA, 0xCE, 0xEF, 0x81, 0x30, 0x81, 0x30]),
        ("big5", [0xC1, 0xCA, 0xAA, 0xAB, 0xA8, 0xAE]),                 // 購物車
        ("x-sjis", [0x95, 0x5C, 0x83, 0x5C]),                           // trail bytes that are `\` in ASCII
        ("koi8-r", [0xCB, 0xD5, 0xD0, 0xC9, 0xD4, 0xD8]),
        ("windows-1253", [0xE1, 0xE3, 0xEF, 0xF1, 0xDC]),
        ("iso-8859-15", [0xA4, 0xBD]),
    ] as [(String, [UInt8])])
    func aLegacyASCIICompatiblePageIsInjectedAsItsOwnBytes(charset: String, text: [UInt8]) throws {
        let page = Array("<html><head><meta charset=\"\(charset)\"><title>".utf8) + text
            + Array("</title></head><body><p>".utf8) + text + Array("</p><button class=\"buy\">".utf8) + text
            + Array("</button></body></html>".utf8)
        guard case .changed(let out) = try inject(page) else { Issue.record("\(charset): not injected"); return }
        #expect(strip(out) == page)
        let outText = String(decoding: out.map { $0 < 0x80 ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
        #expect(outText.contains("</title>\n<!-- pixeltag:begin base") || outText.contains("</title><!-- pixeltag:begin base"))
        #expect(outText.contains("</button><!-- pixeltag:begin event=evt_purchase"))
        #expect(try inject(out) == .unchanged)
    }

    @Test func aSingleByteEncodingsLettersReachTheSelectors() throws {
        // class="кнопка" in KOI8-R.
        let page = Array("<meta charset=koi8-r><p><span class=\"".utf8) + [0xCB, 0xCE, 0xCF, 0xD0, 0xCB, 0xC1] + Array("\">x</span>".utf8)
        let source = try PageSource(bytes: page)
        #expect(source.encoding == .singleByte("koi8-r"))
        let span = try #require(PageParser.parse(source).elements.first { $0.name == "span" })
        #expect(span.attribute("class") == "кнопка")
    }

    @Test func aLabelNoBrowserKnowsIsIgnoredAndTheNextMetaCounts() throws {
        #expect(try PageSource(bytes: Array("<meta charset=USASCII><p>x".utf8)).encoding == .utf8)
        #expect(try PageSource(bytes: Array("<meta charset=klingon><meta charset=koi8-r><p>x".utf8)).encoding == .singleByte("koi8-r"))
        guard case .changed = try inject(Array("<meta charset=klingon><title>x</title><button class=buy>".utf8)) else {
            Issue.record("not injected")
            return
        }
    }

    @Test func aMetaPastTheFirst1024BytesSetsTheEncodingAsABrowserFinds() throws {
        let comment = Array("<!-- \(String(repeating: "x", count: 2_000)) -->".utf8)
        // class="кнопка" in windows-1251, after a meta the prescan does not reach.
        let page = comment + Array("<meta charset=windows-1251><p><span class=\"".utf8) + [0xEA, 0xED, 0xEE, 0xEF, 0xEA, 0xE0] + Array("\">x</span>".utf8)
        let source = try PageSource(bytes: page)
        #expect(source.encoding == .utf8)
        let parsed = PageParser.parse(source)
        #expect(parsed.lateEncoding == .encoding(.singleByte("windows-1251")))
        #expect(parsed.elements.first { $0.name == "span" }?.attribute("class") == "кнопка")
        #expect(try inject(comment + Array("<meta charset=iso-2022-jp><title>x</title><button class=buy>".utf8)) == .failed(.unsupportedCharset("iso-2022-jp")))
    }

    /// A page's line ending is that of its first line break, which a minified page may
    /// have only at its end, or not at all.
    @Test(arguments: [("<p>a\r\nb\nc", true), ("<p>a\nb\r\nc", false), ("<p>a", false), ("<p>a\r\n", true)])
    func theFirstLineBreakSetsTheLineEndingInEveryEncoding(text: String, crlf: Bool) throws {
        func utf16(_ littleEndian: Bool) -> [UInt8] {
            (littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]) + text.utf16.flatMap { littleEndian ? [UInt8($0 & 0xFF), UInt8($0 >> 8)] : [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        }
        for bytes in [Array(text.utf8), [0xEF, 0xBB, 0xBF] + Array(text.utf8), utf16(true), utf16(false)] {
            #expect(try PageSource(bytes: bytes).usesCRLF == crlf, "\(bytes.prefix(4))")
        }
    }

    @Test func aMetaThatDeclaresUTF16MeansUTF8() throws {
        #expect(try PageSource(bytes: Array("<meta charset=utf-16le><p>x".utf8)).encoding == .utf8)
    }

    @Test(arguments: [
        ("iso-2022-jp", "halves of Japanese characters"),
        ("csISO2022JP", "halves of Japanese characters"),
        ("iso-2022-kr", "do not decode at all"),
        ("hz-gb-2312", "do not decode at all"),
    ])
    func anEncodingWhereASCIIBytesMayNotBeASCIIIsRefusedWithAdvice(charset: String, reason: String) throws {
        let page = Array("<meta charset=\(charset)><title>x</title>".utf8)
        #expect(throws: PageSource.Problem.unsupportedCharset(charset.lowercased())) { try PageSource(bytes: page) }
        #expect(try inject(page) == .failed(.unsupportedCharset(charset.lowercased())))
        let why = PageProblem.unsupportedCharset(charset.lowercased()).description
        #expect(why.hasPrefix("declares charset \"\(charset.lowercased())\", "))
        #expect(why.contains(reason))
        #expect(why.hasSuffix("left untouched (save it as UTF-8, or list it in pages.exclude)"))
    }
}
