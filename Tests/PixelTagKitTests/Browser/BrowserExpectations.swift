import Foundation
@testable import PixelTagKit

/// The golden files of the browser suite: `Tests/Browser/expected/SITE/PATH.txt` holds the
/// transcript of the page `once/SITE/PATH` (injected once). Run the suite with
/// `PIXELTAG_RECORD_GOLDENS=1` to write them after a deliberate change, then read the diff.
enum BrowserGolden {
    static let folder = BrowserRun.browserFolder.appendingPathComponent("expected")
    static let isRecording = ProcessInfo.processInfo.environment["PIXELTAG_RECORD_GOLDENS"] == "1"

    static func file(for id: String) -> URL {
        folder.appendingPathComponent(String(id.drop { $0 != "/" }.dropFirst()) + ".txt")
    }

    /// nil when the page's transcript is its golden; else what differs, as a diff.
    static func difference(_ page: PageRecording, id: String) throws -> String? {
        let file = file(for: id)
        if isRecording {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(page.transcript.utf8).write(to: file)
            return nil
        }
        guard let golden = try? Data(contentsOf: file) else {
            return "\(id): no golden file \(file.path); write it with PIXELTAG_RECORD_GOLDENS=1 swift test --filter BrowserTests, and read it"
        }
        return difference(page.transcript, golden: String(decoding: golden, as: UTF8.self), id: id)
    }

    static func difference(_ transcript: String, golden: String, id: String) -> String? {
        transcript == golden ? nil : UnifiedDiff.render(Array(golden.utf8), Array(transcript.utf8), path: id)
    }
}

/// Injected pages damaged by hand, as a merge or an editor might: the suite must catch each.
enum BrokenInjection: String, CaseIterable {
    /// The click listener's block is gone: clicks fire nothing.
    case listenerDeleted = "listener-deleted"
    /// An event's block sits above the base code: it runs before `tgp` exists.
    case eventBeforeBase = "event-before-base"
    /// The page as injected, served with the site's policy less the blocks' hashes.
    case policyWithoutHashes = "policy-without-hashes"

    /// The injected page it starts from, `SITE/PATH`.
    var source: String {
        switch self {
        case .listenerDeleted: return "triggers/click.html"
        case .eventBeforeBase: return "order/inline-scripts.html"
        case .policyWithoutHashes: return "csp/index.html"
        }
    }

    func apply(to page: String) throws -> String {
        switch self {
        case .listenerDeleted:
            let block = try Self.block("triggers", in: page)
            return page.replacingCharacters(in: block, with: "")
        case .eventBeforeBase:
            let event = try Self.block("event=evt_read_article", in: page)
            var damaged = page
            let text = String(page[event])
            damaged.removeSubrange(event)
            let base = try Self.block("base", in: damaged)
            damaged.insert(contentsOf: text, at: base.lowerBound)
            return damaged
        case .policyWithoutHashes:
            return page
        }
    }

    /// The `_headers` rule the damaged page is served with, from the injected site's own
    /// `_headers`: nil when the damage is to the page alone.
    func headersRule(siteHeaders: String) -> String? {
        guard self == .policyWithoutHashes else { return nil }
        let policy = HeadersFile(parsing: siteHeaders).policies(forPage: "index.html").first?.policy.text ?? ""
        let withoutHashes = policy.split(separator: " ").filter { !$0.hasPrefix("'sha256-") }.joined(separator: " ")
        return "/\(rawValue).html\n  Content-Security-Policy: \(withoutHashes)\n"
    }

    /// The block with this marker label, its markers and trailing newline included.
    static func block(_ label: String, in page: String) throws -> Range<String.Index> {
        guard let begin = page.range(of: "<!-- pixeltag:begin \(label) "),
              let end = page.range(of: "<!-- pixeltag:end -->\n", range: begin.upperBound..<page.endIndex) else {
            throw BrowserRunError("no pixeltag block \(label) to damage")
        }
        return begin.lowerBound..<end.upperBound
    }
}
