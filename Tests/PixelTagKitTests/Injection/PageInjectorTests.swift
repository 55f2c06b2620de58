import Foundation
import Testing
@testable import PixelTagKit

@Suite struct PageInjectorTests {
    let page = "<!DOCTYPE html>\n<html>\n<head>\n  <title>Shop</title>\n</head>\n<body>\n  <form><button type=submit>Buy</button></form>\n</body>\n</html>\n"

    @Test func theBaseCodeGoesRightBeforeTheHeadEndTag() throws {
        let out = try Fixtures.inject(page)
        let block = try #require(out.range(of: "<!-- pixeltag:begin base"))
        #expect(out[block.lowerBound...].contains("<!-- pixeltag:end -->\n</head>"))
        #expect(out.components(separatedBy: "pixeltag:begin").count == 2)
    }

    /// Cutting out exactly the bytes of each block (markers included, found by their own
    /// text rather than by pixeltag's reader) gives back the input, byte for byte: nothing
    /// else was added, moved or re-encoded.
    @Test func theOutputIsTheInputPlusTheBlocksOnly() throws {
        let out = try Fixtures.inject(page, "events:\n  - event: Purchase\n")
        let blocks = [Fixtures.rendered(.base, Fixtures.base), Fixtures.rendered(.event(id: "evt_purchase"), Fixtures.purchase.codeSnippet)]
        var rest = out
        for block in blocks {
            let range = try #require(rest.range(of: block), "the block is in the output whole:\n\(block)")
            rest.removeSubrange(range)
        }
        #expect(rest == page)
        #expect(out.utf8.count == page.utf8.count + blocks.map(\.utf8.count).reduce(0, +))
    }

    @Test func injectingTwiceChangesNothing() throws {
        let once = try Fixtures.inject(page, "events:\n  - event: Purchase\n")
        let outcome = PageInjector(rules: try Fixtures.rules("events:\n  - event: Purchase\n")).process(Array(once.utf8), path: "index.html")
        #expect(outcome == .unchanged)
    }

    @Test func aChangedSnippetReplacesItsBlock() throws {
        let old = try Fixtures.inject(page)
        let newer = try Fixtures.inject(old, lock: Fixtures.lock(base: "<script>tgp('init','px2')</script>"))
        #expect(newer.contains("px2") && !newer.contains("pixel_Qx81"))
        #expect(Fixtures.strip(newer) == page)
    }

    @Test func anEventRemovedFromTheConfigLosesItsBlock() throws {
        let with = try Fixtures.inject(page, "events:\n  - event: Purchase\n")
        let without = try Fixtures.inject(with)
        #expect(with.contains("evt_purchase") && !without.contains("evt_purchase"))
    }

    @Test func theBaseCodeComesBeforeAnEventAtTheSamePlace() throws {
        let bare = "<title>x</title><p>Hello</p>"
        let out = try Fixtures.inject(bare, "events:\n  - event: Purchase\n    position: body-start\n")
        let base = try #require(out.range(of: "begin base")), event = try #require(out.range(of: "begin event=evt_purchase"))
        #expect(base.lowerBound < event.lowerBound)
    }

    @Test func anEventBeforeTheBaseCodeIsAnErrorForThePage() throws {
        #expect(throws: PixelTagError.self) {
            try Fixtures.inject(page, "events:\n  - event: Purchase\n    selector: title\n    position: beforebegin\n")
        }
    }

    @Test func aSelectorRulePutsTheEventAfterTheFirstMatch() throws {
        let out = try Fixtures.inject(page, "events:\n  - event: Sign up\n    selector: form button[type=submit]\n")
        #expect(out.contains("Buy</button><!-- pixeltag:begin event=evt_signup"))
    }

    @Test func aPageWithoutAMatchGetsNoEvent() throws {
        let out = try Fixtures.inject(page, "events:\n  - event: Sign up\n    selector: \"#missing\"\n")
        #expect(!out.contains("evt_signup"))
    }

    @Test func rulesApplyOnlyToTheirPages() throws {
        let yaml = "events:\n  - event: Purchase\n    pages: [\"checkout/**\"]\n"
        #expect(!(try Fixtures.inject(page, yaml, path: "index.html")).contains("evt_purchase"))
        #expect(try Fixtures.inject(page, yaml, path: "checkout/done/index.html").contains("evt_purchase"))
    }

    @Test func excludedPagesGetNoBaseCode() throws {
        #expect(try Fixtures.inject(page, "base:\n  exclude: [\"404.html\"]\n", path: "404.html") == page)
    }

    @Test func aCRLFPageGetsCRLFBlocks() throws {
        let crlf = page.replacingOccurrences(of: "\n", with: "\r\n")
        let out = try Fixtures.inject(crlf)
        #expect(!out.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(Fixtures.strip(out) == crlf)
    }

    @Test func aPageWithNoHeadOrBodyTagsGetsTheBaseWhereTheBrowsersHeadEnds() throws {
        let bare = "<!doctype html><meta charset=utf-8><title>Gone</title>\n<h1>404</h1>\n"
        let out = try Fixtures.inject(bare)
        #expect(out.contains("<!-- pixeltag:end -->\n<h1>404</h1>"))
    }

    @Test func headStartKeepsTheCharsetDeclarationFirst() throws {
        let out = try Fixtures.inject("<html><head><meta charset=utf-8><title>x</title></head></html>", "base:\n  position: head-start\n")
        #expect(out.hasPrefix("<html><head><meta charset=utf-8><!-- pixeltag:begin base"))
    }

    @Test func aSnippetThatLooksLikeAMarkerCannotConfuseStrip() throws {
        let hostile = "<script>var a = '-->'; /* <!-- pixeltag:end --> */</script>"
        let out = try Fixtures.inject(page, lock: Fixtures.lock(base: hostile))
        #expect(Fixtures.strip(out) == page)
        let again = PageInjector(rules: try Fixtures.rules(lock: Fixtures.lock(base: hostile))).process(Array(out.utf8), path: "index.html")
        #expect(again == .unchanged)
    }

    @Test func aBlockEditedByHandIsStillRemovedWhole() throws {
        let out = try Fixtures.inject(page).replacingOccurrences(of: "pixel_Qx81", with: "pixel_Qx81-edited")
        #expect(Fixtures.strip(out) == page)
    }

    @Test func aBrokenBlockFailsThePageAndNamesTheLine() {
        let broken = "<html>\n<head>\n<!-- pixeltag:begin base hash=0 len=5 -->\n<script></script>\n</head></html>"
        let outcome = PageInjector(rules: nil).process(Array(broken.utf8), path: "a.html")
        #expect(outcome == .failed(.unterminatedMarker(line: 3)))
    }

    @Test func aWindows1251PageIsInjectedInItsOwnEncoding() throws {
        let text = "<html><head><meta charset=windows-1251><title>Магазин</title></head><body>Привет</body></html>"
        let bytes = [UInt8](text.data(using: .windowsCP1251)!)
        let rules = try Fixtures.rules("events:\n  - event: Purchase\n", lock: Fixtures.lock(events: [PixelEvent(id: "e", title: "Purchase", codeSnippet: "<script>tgp('event','e')</script>")]))
        guard case .changed(let out) = PageInjector(rules: rules).process(bytes, path: "index.html") else {
            Issue.record("expected a change")
            return
        }
        let decoded = try #require(String(data: Data(out), encoding: .windowsCP1251))
        #expect(decoded.contains("<title>Магазин</title>\n<!-- pixeltag:begin base") || decoded.contains("<title>Магазин</title><!-- pixeltag:begin base"))
        guard case .changed(let back) = PageInjector(rules: nil).process(out, path: "index.html") else { Issue.record("no strip"); return }
        #expect(back == bytes)
    }

    @Test func aSnippetTheEncodingCannotHoldLeavesThePageUntouched() throws {
        let bytes = Array("<html><head><meta charset=iso-8859-1></head><body></body></html>".utf8)
        let rules = try Fixtures.rules(lock: Fixtures.lock(base: "<script>/* 日本 */</script>"))
        #expect(PageInjector(rules: rules).process(bytes, path: "a.html") == .failed(.unencodable(.base, encoding: "windows-1252")))
    }

    @Test func aUTF16PageIsInjectedInUTF16AndStripsBack() throws {
        let html = "<html><head><title>x</title></head><body></body></html>"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in html.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        guard case .changed(let out) = PageInjector(rules: try Fixtures.rules()).process(bytes, path: "a.html") else {
            Issue.record("expected a change")
            return
        }
        let text = try #require(String(data: Data(out), encoding: .utf16))
        #expect(text.contains("</title><!-- pixeltag:begin base"))
        #expect(PageInjector(rules: try Fixtures.rules()).process(out, path: "a.html") == .unchanged)
        guard case .changed(let back) = PageInjector(rules: nil).process(out, path: "a.html") else { Issue.record("no strip"); return }
        #expect(back == bytes)
    }

    @Test func emptyAndBinaryFilesAreSkipped() throws {
        let injector = PageInjector(rules: try Fixtures.rules())
        #expect(injector.process([], path: "a.html") == .skipped(.empty))
        #expect(injector.process([0x89, 0x50, 0x4E, 0x47, 0x00, 0x01], path: "a.html") == .skipped(.binary))
    }

    @Test func theEndTagInsideACommentOrScriptIsNotTheHeadsEnd() throws {
        let tricky = "<html><head><!-- </head> --><script>x = '</head>'</script>\n</head><body></body></html>"
        let out = try Fixtures.inject(tricky)
        #expect(out.contains("x = '</head>'</script>\n<!-- pixeltag:begin base"))
    }
}
