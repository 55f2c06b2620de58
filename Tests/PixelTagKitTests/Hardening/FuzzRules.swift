import Foundation
@testable import PixelTagKit

/// The rule sets a fuzz case is checked under: every position, with and without selectors,
/// and a lock whose snippets and ids are built to confuse markers and strip.
enum FuzzRules {
    /// Snippets are data from the API: these hold what could end a comment, a block or a
    /// script early, in every way a marker reader could fall for.
    static let hostileLock = LockFile(
        account: "1",
        baseCode: BaseCode(id: "b", tgPixelId: "px", codeSnippet: "<script>\n// --> <!-- pixeltag:end -->\nvar s = \"</script>\";\n</script>\n<!--"),
        events: [
            PixelEvent(id: "evt_purchase", title: "Purchase",
                       codeSnippet: "<!-- pixeltag:begin base hash=00000000 len=3 -->\n<!-- pixeltag:end -->\n-->"),
            PixelEvent(id: "evt with spaces/é-->", title: "Sign up", codeSnippet: "<script>tgp('event','é € 😀');</script>\r\n</script>"),
            PixelEvent(id: String(repeating: "é", count: 150), title: "Long id", codeSnippet: "<script>\n</script>"),
        ],
        types: []
    )

    static let yamls: [String] = [
        "",
        """
        base:
          position: head-start
        events:
          - event: Purchase
            position: body-start
          - event: Sign up
            position: head-end
        """,
        """
        events:
          - event: Sign up
            selector: "form#signup-form button[type=submit]"
          - event: Purchase
            selector: ".btn-primary, a[href^='/sign'] , td > form"
            position: beforebegin
        """,
        """
        base:
          position: head-start
        events:
          - event: Purchase
            selector: "body p"
            position: afterbegin
          - event: Sign up
            selector: "div ~ p, li + li, *"
            position: beforeend
          - event: Purchase
        """,
        // Triggers, consent, repeats and the structural pseudo-classes.
        """
        base:
          consent: analytics
        events:
          - event: Sign up
            selector: "form:has(button[type=submit]) button, :is(a, button).btn-primary"
            on: click
          - event: Purchase
            selector: "p:nth-child(2n+1), li:first-child, div:not(.x) > p:empty, :root > body > *:last-child"
            repeat: true
            position: beforebegin
          - event: Purchase
            selector: "form"
            on: submit
            consent: analytics
        """,
    ]

    static let hostileYAML = """
        events:
          - event: Purchase
            position: head-end
          - event: Sign up
            selector: "form button, p"
            position: beforeend
          - event: Long id
        """

    /// Every rule set, each with its checker.
    static func checkers() throws -> [InjectionInvariants] {
        var sets = try yamls.map { try Fixtures.rules($0) }
        sets.append(try Fixtures.rules(hostileYAML, lock: hostileLock))
        return sets.map(InjectionInvariants.init)
    }

    /// The committed seeds (always there), the sample site, and ../shared/corpus when present.
    static func seedPages() throws -> [[UInt8]] {
        let root = ToolRunner.packageRoot
        var folders = [
            root.appendingPathComponent("Tests/PixelTagKitTests/Fixtures/Fuzz/seeds"),
            root.appendingPathComponent("sample-site/public"),
        ]
        if let corpus = ToolRunner.corpus { folders.append(corpus) }
        var pages: [[UInt8]] = []
        for folder in folders {
            guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { continue }
            let files = walker.compactMap { $0 as? URL }.filter { ["html", "htm"].contains($0.pathExtension) }.sorted { $0.path < $1.path }
            for file in files { pages.append(try SiteFiles.read(file)) }
        }
        return pages
    }
}
