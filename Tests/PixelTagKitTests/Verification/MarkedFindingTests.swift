import Foundation
import Testing
@testable import PixelTagKit

/// Each kind of page finding on a page written out whole, a marker (1️⃣ …) where the finding's
/// line is expected: the page shows what verify must say and where.
@Suite struct MarkedFindingTests {
    static let base = Fixtures.rendered(.base, Fixtures.base)
    static let purchase = Fixtures.rendered(.event(id: "evt_purchase"), Fixtures.purchase.codeSnippet)

    @Test func absentBlocksAreMissingWhereInjectWouldPutThem() throws {
        try Fixtures.expectFindings("""
            <!DOCTYPE html>
            <html>
            <head>
              <title>Shop</title>
            1️⃣</head>
            <body>
              <form><button type=submit>Buy</button></form>
            2️⃣</body>
            </html>

            """, Fixtures.purchaseRule, expecting: ["1️⃣": "missing base", "2️⃣": "missing evt_purchase"])
    }

    @Test func aBlockForAnEventNoRuleWantsIsExtraOnItsBeginMarker() throws {
        try Fixtures.expectFindings("""
            <!DOCTYPE html>
            <html>
            <head>
            <title>Shop</title>
            \(Self.base)</head>
            <body>
            <p>Thanks</p>
            1️⃣\(Self.purchase)</body>
            </html>

            """, expecting: ["1️⃣": "extra evt_purchase"])
    }

    @Test func aBlockEditedByHandIsStaleOnItsBeginMarker() throws {
        let edited = Self.base.replacingOccurrences(of: "tgp('init','pixel_Qx81');", with: "tgp('init','pixel_Qx81'); // edited")
        try Fixtures.expectFindings("""
            <!DOCTYPE html>
            <html>
            <head>
            <title>Shop</title>
            1️⃣\(edited)</head>
            <body>
            </body>
            </html>

            """, expecting: ["1️⃣": "stale base"])
    }

    @Test func theSecondCopyOfABlockIsTheDuplicate() throws {
        try Fixtures.expectFindings("""
            <!DOCTYPE html>
            <html>
            <head>
            <title>Shop</title>
            \(Self.base)</head>
            <body>
            1️⃣\(Self.base)<p>Hello</p>
            </body>
            </html>

            """, expecting: ["1️⃣": "duplicate base"])
    }

    @Test func theBaseCodeInTheBodyIsMisplaced() throws {
        try Fixtures.expectFindings("""
            <!DOCTYPE html>
            <html>
            <head>
            <title>Shop</title>
            </head>
            <body>
            <p>Hello</p>
            1️⃣\(Self.base)</body>
            </html>

            """, expecting: ["1️⃣": "misplaced base"])
    }

    @Test func aPixelCallWithoutMarkersIsUnmarkedOnItsLine() throws {
        try Fixtures.expectFindings("""
            <!DOCTYPE html>
            <html>
            <head>
            <title>Shop</title>
            \(Self.base)</head>
            <body>
            <p>Hello</p>
            1️⃣<script>tgp("event", "tge_Pq81xZ")</script>
            </body>
            </html>

            """, expecting: ["1️⃣": "unmarked evt_purchase"])
    }

    @Test func aBlockInsideATemplateIsInert() throws {
        try Fixtures.expectFindings("""
            <!DOCTYPE html>
            <html><head><title>Shop</title></head>
            <body>
            <template>
            1️⃣\(Self.base)</template>
            </body></html>

            """, expecting: ["1️⃣": "inert base"])
    }
}
