import Foundation
@testable import PixelTagKit

/// Small rule sets for unit tests, written as a user would write them. The snippets are as
/// the Adstat API gives them: events are called by their Telegram id (`tge_…`), not the
/// API's event id, and the base code by its pixel id.
enum Fixtures {
    static let base = "<script>\ntgp('init','pixel_Qx81');\n</script>"
    static let purchase = PixelEvent(id: "evt_purchase", tgEventId: "tge_Pq81xZ", title: "Purchase", type: "purchase", status: "active",
                                     codeSnippet: "<script>\ntgp('event', 'tge_Pq81xZ');\n</script>")
    static let signup = PixelEvent(id: "evt_signup", tgEventId: "tge_S1gnUp", title: "Sign up", type: "sign_up", status: "active",
                                   codeSnippet: "<script>\ntgp('event', 'tge_S1gnUp');\n</script>")

    static func lock(base: String = base, events: [PixelEvent] = [purchase, signup]) -> LockFile {
        LockFile(account: "1", baseCode: BaseCode(id: "b", tgPixelId: "pixel_Qx81", codeSnippet: base), events: events, types: [])
    }

    static func rules(_ yaml: String = "", lock: LockFile = lock()) throws -> RuleSet {
        let config = try PixelTagConfig.parse(yaml, file: URL(fileURLWithPath: "/site/pixeltag.yml"))
        return try RuleSet(config: config, lock: lock)
    }

    static func inject(_ html: String, _ yaml: String = "", lock: LockFile = lock(), path: String = "index.html") throws -> String {
        let outcome = PageInjector(rules: try rules(yaml, lock: lock)).process(Array(html.utf8), path: path)
        switch outcome {
        case .changed(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .unchanged: return html
        case .skipped(let why), .failed(let why): throw PixelTagError.io(why.description)
        }
    }

    /// A block as inject writes it into a UTF-8 page with LF line ends, markers included.
    static func rendered(_ kind: Block.Kind, _ snippet: String) -> String {
        let block = Block(kind: kind, content: snippet)
        return String(decoding: Markers(encoding: .utf8).render(block, content: Array(snippet.utf8), crlf: false), as: UTF8.self)
    }

    static func strip(_ html: String) -> String {
        switch PageInjector(rules: nil).process(Array(html.utf8), path: "index.html") {
        case .changed(let bytes): return String(decoding: bytes, as: UTF8.self)
        default: return html
        }
    }
}
