import Foundation
import Testing
@testable import PixelTagKit

/// pixeltag reads a page's tokens as a browser does: the html5lib tokenizer vectors
/// (../shared/html5lib-tests/tokenizer, JSON) run against `HTMLTokenizer`, with text and
/// attribute values decoded as pixeltag decodes them. Each vector that fails is listed, with
/// its reason, in Fixtures/html5lib/tokenizer-known-failures.txt, so a fix and a regression
/// both show up here.
@Suite struct TokenizerConformanceTests {
    /// `../shared/html5lib-tests` beside the checkout (or `PIXELTAG_HTML5LIB_TESTS`); a
    /// user's clone may not have it.
    static let vectors: URL? = {
        let candidates: [String?] = [
            ProcessInfo.processInfo.environment["PIXELTAG_HTML5LIB_TESTS"],
            ToolRunner.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/html5lib-tests").path,
        ]
        return candidates.compactMap { $0 }.map { URL(fileURLWithPath: $0) }
            .first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("tokenizer").path) }
    }()

    static let absent = "../shared/html5lib-tests is absent (set PIXELTAG_HTML5LIB_TESTS to a copy of html5lib-tests)"

    @Test(.enabled(if: vectors != nil, "\(absent)"))
    func everyVectorGivesABrowsersTokensOrIsAKnownFailure() throws {
        let known = try Self.knownFailures()
        var failing: [String: String] = [:]
        var lines: [String] = []
        var total = 0, passed = 0
        for file in try Self.files() {
            let (results, skipped) = try Self.run(file)
            let good = results.filter { $0.1 == nil }.count
            total += results.count
            passed += good
            let why = results.isEmpty ? "they expect HTML coerced into an XML infoset, which a browser does not do" : "input not Unicode text"
            lines.append("  \(file.lastPathComponent): \(good)/\(results.count)\(skipped > 0 ? " (\(skipped) not run: \(why))" : "")")
            for (name, problem) in results { if let problem { failing["\(file.lastPathComponent)|\(name)"] = problem } }
        }
        print("TokenizerConformanceTests: \(passed)/\(total) html5lib tokenizer vectors pass\n" + lines.joined(separator: "\n"))
        let unexpected = failing.keys.filter { !known.keys.contains($0) }.sorted()
        let fixed = known.keys.filter { failing[$0] == nil }.sorted()
        #expect(unexpected.isEmpty, "fail (\(unexpected.count)):\n\(unexpected.map { "\($0)\n    \(failing[$0]!)" }.joined(separator: "\n"))")
        #expect(fixed.isEmpty, "now pass; remove from tokenizer-known-failures.txt:\n\(fixed.joined(separator: "\n"))")
    }

    // MARK: running the vectors

    static func files() throws -> [URL] {
        let folder = vectors!.appendingPathComponent("tokenizer")
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "test" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Each vector (test and initial state) by name, with nil when it passes or why it fails;
    /// and how many could not be run.
    static func run(_ file: URL) throws -> (results: [(String, String?)], skipped: Int) {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as! [String: Any]
        // xmlViolation.test expects the changes of coercing HTML into an XML infoset, which a
        // browser does not make.
        guard let tests = json["tests"] as? [[String: Any]] else { return ([], (json["xmlViolationTests"] as? [Any])?.count ?? 0) }
        var results: [(String, String?)] = []
        var skipped = 0
        for test in tests {
            let description = test["description"] as! String
            let doubleEscaped = test["doubleEscaped"] as? Bool ?? false
            guard let input = unescape(test["input"] as! String, doubleEscaped),
                  let expected = normalize(test["output"] as! [Any], doubleEscaped) else {
                skipped += 1
                continue
            }
            for state in test["initialStates"] as? [String] ?? ["Data state"] {
                let actual = tokens(of: input, state: state, lastStartTag: test["lastStartTag"] as? String)
                let problem = actual == expected ? nil : "expected \(expected.joined(separator: " ")), got \(actual.joined(separator: " "))"
                results.append(("\(description)|\(state)", problem))
            }
        }
        return (results, skipped)
    }

    /// The tokens pixeltag reads in `input`, written as `normalize` writes the expected ones.
    static func tokens(of input: String, state: String, lastStartTag: String?) -> [String] {
        // The input stream's preprocessing: every line break is one LF.
        let bytes = Array(input.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n").utf8)
        return bytes.withUnsafeBufferPointer { buffer -> [String] in
            var tokenizer = HTMLTokenizer(bytes: buffer)
            let end = Array((lastStartTag ?? "").utf8)
            switch state {
            case "PLAINTEXT state": tokenizer.switchTo(.plaintext, endTagName: end)
            case "RCDATA state": tokenizer.switchTo(.rcdata, endTagName: end)
            case "RAWTEXT state": tokenizer.switchTo(.rawText, endTagName: end)
            case "Script data state": tokenizer.switchTo(.scriptData, endTagName: end)
            case "CDATA section state": tokenizer.switchTo(.cdata, endTagName: end)
            default: break
            }
            var out: [String] = []
            var text = ""
            func flush() { if !text.isEmpty { out.append("Character(\(text))"); text = "" } }
            var token = HTMLTokenizer.Token()
            while tokenizer.next(&token) {
                switch token.kind {
                case .text:
                    text += CharacterReferences.decode(buffer, token.data, context: .text, decoding: .utf8, keepNUL: true)
                case .rawText:
                    let context: CharacterReferences.Context = token.content == .rcdata ? .text : .none
                    text += CharacterReferences.decode(buffer, token.data, context: context, decoding: .utf8, keepNUL: token.content == .cdata)
                case .startTag:
                    flush()
                    let name = PageScanner.name(token.data, in: buffer)
                    let attributes = AttributeDecoder.decode(token.attributes, in: buffer, keeping: nil, decoding: .utf8)
                    out.append(startTag(name, attributes.map { ($0.name, $0.value) }, selfClosing: token.selfClosing))
                case .endTag:
                    flush()
                    out.append("EndTag(\(PageScanner.name(token.data, in: buffer)))")
                case .comment:
                    flush()
                    out.append("Comment(\(CharacterReferences.decode(buffer, token.data, context: .none, decoding: .utf8)))")
                case .doctype:
                    flush()
                    let doctype = Doctype(buffer, token.range, isCutOff: tokenizer.unfinished?.kind == .doctype)
                    out.append(Self.doctype(doctype.name, doctype.publicID, doctype.systemID, correct: !doctype.forceQuirks))
                }
            }
            flush()
            return out
        }
    }

    // MARK: the expected tokens

    static func normalize(_ output: [Any], _ doubleEscaped: Bool) -> [String]? {
        var out: [String] = []
        var text = ""
        func string(_ value: Any) -> String? { unescape(value as! String, doubleEscaped) }
        for case let token as [Any] in output {
            let kind = token[0] as! String
            if kind == "Character" {
                guard let data = string(token[1]) else { return nil }
                text += data
                continue
            }
            if !text.isEmpty { out.append("Character(\(text))"); text = "" }
            switch kind {
            case "StartTag":
                let attributes = (token[2] as! [String: Any]).map { (unescape($0.key, doubleEscaped) ?? "", string($0.value) ?? "") }
                out.append(startTag(string(token[1])!, attributes, selfClosing: token.count > 3 && token[3] as? Bool == true))
            case "EndTag": out.append("EndTag(\(string(token[1])!))")
            case "Comment": out.append("Comment(\(string(token[1])!))")
            case "DOCTYPE":
                func optional(_ value: Any) -> String? { value is NSNull ? nil : string(value) }
                out.append(doctype(optional(token[1]), optional(token[2]), optional(token[3]), correct: token[4] as! Bool))
            default: return nil
            }
        }
        if !text.isEmpty { out.append("Character(\(text))") }
        return out
    }

    static func startTag(_ name: String, _ attributes: [(String, String)], selfClosing: Bool) -> String {
        let list = attributes.sorted { $0.0 < $1.0 }.map { "\($0.0)=\"\($0.1)\"" }.joined(separator: " ")
        return "StartTag(\(name)\(list.isEmpty ? "" : " " + list)\(selfClosing ? " /" : ""))"
    }

    static func doctype(_ name: String?, _ publicID: String?, _ systemID: String?, correct: Bool) -> String {
        "DOCTYPE(\(name ?? "null") \(publicID ?? "null") \(systemID ?? "null") \(correct ? "ok" : "quirks"))"
    }

    /// A doubly escaped string's `\uHHHH` sequences as characters; nil when one is a lone
    /// surrogate, which no Unicode text (and so no UTF-8 page) can hold.
    static func unescape(_ text: String, _ doubleEscaped: Bool) -> String? {
        guard doubleEscaped else { return text }
        var scalars = String.UnicodeScalarView()
        var units = Array(text.unicodeScalars)[...]
        var pendingHigh: UInt32?
        while let scalar = units.popFirst() {
            if scalar == "\\", units.first == "u", units.count >= 5,
               let value = UInt32(String(String.UnicodeScalarView(units.dropFirst().prefix(4))), radix: 16) {
                units = units.dropFirst(5)
                if (0xD800...0xDBFF).contains(value) { pendingHigh = value; continue }
                if (0xDC00...0xDFFF).contains(value) {
                    guard let high = pendingHigh else { return nil }
                    pendingHigh = nil
                    scalars.append(Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (value - 0xDC00))!)
                    continue
                }
                guard pendingHigh == nil, let decoded = Unicode.Scalar(value) else { return nil }
                scalars.append(decoded)
                continue
            }
            guard pendingHigh == nil else { return nil }
            scalars.append(scalar)
        }
        return pendingHigh == nil ? String(scalars) : nil
    }

    /// `file|description|state` lines of vectors pixeltag knowingly fails, each with its
    /// reason after a tab (descriptions hold `#`); lines starting with `#` are comments.
    static func knownFailures(in name: String = "tokenizer-known-failures") throws -> [String: String] {
        let url = Bundle.module.url(forResource: "Fixtures/html5lib/\(name)", withExtension: "txt")!
        var known: [String: String] = [:]
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "\t", maxSplits: 1)
            known[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return known
    }
}
