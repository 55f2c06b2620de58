import Foundation
@testable import PixelTagKit

/// Small rule sets for unit tests, written as a user would write them.
enum Fixtures {
    static let base = "<script>\ntgp('init','px1');\n</script>"
    static let purchase = PixelEvent(id: "evt_purchase", title: "Purchase", type: "purchase", status: "active",
                                     codeSnippet: "<script>\ntgp('event', 'evt_purchase');\n</script>")
    static let signup = PixelEvent(id: "evt_signup", title: "Sign up", type: "sign_up", status: "active",
                                   codeSnippet: "<script>\ntgp('event', 'evt_signup');\n</script>")

    static func lock(base: String = base, events: [PixelEvent] = [purchase, signup]) -> LockFile {
        LockFile(account: "1", baseCode: BaseCode(id: "b", tgPixelId: "px1", codeSnippet: base), events: events, types: [])
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
        case .skipped(let why), .failed(let why): throw PixelTagError.io(why)
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
