/// Makes hostile pages out of real ones: each mutation is something a broken generator, a
/// truncated upload or a hand edit really produces, pushed to extremes (100,000 open elements,
/// a million attributes, multi-megabyte values, NUL bytes, invalid UTF-8, stray markers).
struct PageMutator {
    let seeds: [[UInt8]]
    /// Whole pixeltag blocks as inject writes them, so pages arrive already injected, with
    /// blocks moved, cut or duplicated.
    let blocks: [[UInt8]]

    /// Markup that changes how a parser or the head/body tracker reads what follows.
    static let tokens: [String] = [
        "<", ">", "</", "/>", "<!", "<!--", "-->", "--!>", "<!---->", "<?", "?>", "<![CDATA[", "]]>", "\"", "'", "=", "&", "&#", "&#x110000;", "&amp",
        "<html>", "</html>", "<head>", "</head>", "<body>", "</body>", "<title>", "</title>", "<script>", "</script>",
        "<script type=\"text/template\">", "<style>", "</style>", "<template>", "</template>", "<noscript>", "</noscript>",
        "<textarea>", "<xmp>", "<plaintext>", "<iframe>", "<frameset>", "<table>", "<tr>", "<td>", "<select>", "<svg>", "<math>",
        "<br>", "</br>", "</p>", "<p>", "<form id=signup-form>", "<button type=submit>", "<button type=\"submit\">", "</button>",
        "</form>", "<div class=\"btn-primary\">", "<meta charset=\"utf-8\">", "<meta charset=windows-1251>",
        "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-2\">", "<meta charset=shift_jis>",
        "<meta charset=utf-16>", "<!DOCTYPE html>", "<base href=/>", "<link rel=stylesheet href=a.css>",
        "\r\n", "\n", "\r", "\t", " ", "\u{FEFF}", "é", "€", "😀",
        "<!-- pixeltag:begin ", " -->", "<!-- pixeltag:end -->", "<!-- pixeltag:begin base hash=00000000 len=2 -->",
        "<!-- pixeltag:begin event=evt_purchase hash=1 len=0 -->", "hash=", "len=", "pixeltag:",
        "<!-- pixeltag:begin triggers hash=0 len=1 -->",
        // Annotations: events a page names itself, well formed or not.
        "<!-- pixeltag:event Purchase -->", "<!-- pixeltag:event Sign up -->", "<!-- pixeltag:event -->", "<!-- pixeltag:event Nope -->",
        "<!--pixeltag:event evt_purchase-->", "<button data-pixeltag-event=\"Purchase\" data-pixeltag-on=\"click\">",
        "<div data-pixeltag-event=\"Sign up\">", "<a data-pixeltag-event=\"\">", "<form data-pixeltag-event=Purchase data-pixeltag-on=submit>",
        " data-pixeltag-on=hover", " data-pixeltag-event=Purchase",
    ]

    /// `len=` values that once broke, or could break, the marker reader.
    static let lengths: [String] = [
        "-1", "-21", "-22", "0", "1", "2", "+5", "21", "9223372036854775807", "9223372036854775806", "-9223372036854775808",
        "99999999999999999999", "4294967296", "1e3", "0x10", "",
    ]

    /// Invalid UTF-8: lone continuation bytes, overlong forms, surrogates, truncated sequences.
    static let badUTF8: [[UInt8]] = [
        [0x80], [0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
        [0xF5], [0xFF], [0xFE], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0x00], [0x00, 0x00, 0x00],
    ]

    func page(using random: inout SeededRandom) -> [UInt8] {
        var page = random.pick(seeds)
        let count = 1 + Int.random(in: 0..<4, using: &random) + (random.chance(0.2) ? Int.random(in: 0..<8, using: &random) : 0)
        for _ in 0..<count { mutate(&page, using: &random) }
        return page
    }

    func mutate(_ page: inout [UInt8], using random: inout SeededRandom) {
        func at() -> Int { Int.random(in: 0...page.count, using: &random) }
        func range() -> Range<Int> {
            let a = at(), b = at()
            return min(a, b)..<max(a, b)
        }
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<8: // cut at a random byte, as a truncated upload does
            page.removeSubrange(at()..<page.count)
        case 8..<14: // lose a piece
            let r = range()
            page.removeSubrange(r.lowerBound..<min(r.upperBound, r.lowerBound + 4096))
        case 14..<20: // repeat a piece elsewhere
            let r = range()
            let piece = Array(page[r.lowerBound..<min(r.upperBound, r.lowerBound + 8192)])
            page.insert(contentsOf: piece, at: at())
        case 20..<40: // markup that changes how what follows is read
            let token = random.pick(Self.tokens)
            page.insert(contentsOf: Array(token.utf8), at: at())
        case 40..<46: // NUL and invalid UTF-8
            page.insert(contentsOf: random.pick(Self.badUTF8), at: at())
        case 46..<50: // random bytes
            let bytes = (0..<Int.random(in: 1...16, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            page.insert(contentsOf: bytes, at: at())
        case 50..<55: // part of another page
            let other = random.pick(seeds)
            let a = Int.random(in: 0...other.count, using: &random)
            page.insert(contentsOf: other[a..<min(other.count, a + Int.random(in: 0...4096, using: &random))], at: at())
        case 55..<63: // a real block, whole or cut, where it may not belong
            guard !blocks.isEmpty else { return }
            var block = random.pick(blocks)
            if random.chance(0.3) { block.removeSubrange(Int.random(in: 0...block.count, using: &random)...) }
            page.insert(contentsOf: block, at: at())
        case 63..<68: // a begin marker whose length lies
            let label = random.pick(["base", "event=evt_purchase", "event=evt%ZZ", "event=", "bogus", ""])
            let length = random.pick(Self.lengths)
            let tail = random.pick(["", "\nx\n<!-- pixeltag:end -->\n", "<!-- pixeltag:end -->", " <!-- pixeltag:end -->"])
            let marker = "<!-- pixeltag:begin \(label) hash=00000000 len=\(length) -->" + tail
            page.insert(contentsOf: Array(marker.utf8), at: at())
        case 68..<72: // deep nesting, closed or not
            let deep = random.chance(0.04) ? 100_000 : Int.random(in: 1...3000, using: &random)
            let tag = random.pick(["div", "b", "span", "table", "p", "a", "li", "template", "svg"])
            var text = String(repeating: "<\(tag)>", count: deep)
            if random.chance(0.5) { text += "<form id=signup-form><button type=submit>go</button></form>" }
            if random.chance(0.5) { text += String(repeating: "</\(tag)>", count: Int.random(in: 0...deep, using: &random)) }
            page.insert(contentsOf: Array(text.utf8), at: at())
        case 72..<75: // many attributes on one element
            page.insert(contentsOf: Self.manyAttributes(using: &random), at: at())
        case 75..<77: // a giant attribute value, quoted or not, closed or not
            let size = random.chance(0.1) ? 8_000_000 : Int.random(in: 1...300_000, using: &random)
            let quote = random.pick(["\"", "'", ""])
            var text = "<a href=\(quote)" + String(repeating: "x", count: size)
            if random.chance(0.8) { text += "\(quote)>link</a>" }
            page.insert(contentsOf: Array(text.utf8), at: at())
        case 77..<81: // comments and scripts left open, or closed where nothing opened
            let opener = random.pick(["<!--", "<script>", "<style>", "<title>", "<textarea>", "<template>", "<noscript>", "<!", "<?x"])
            page.insert(contentsOf: Array(opener.utf8), at: at())
            if random.chance(0.5) { Self.removeAll(Array(random.pick(["-->", "</script>", "</title>", ">"]).utf8), from: &page) }
        case 81..<84: // a byte order mark, with or without a page in that encoding
            page = Self.withEncoding(page, using: &random)
        case 84..<87: // every LF becomes CRLF, or every CRLF becomes LF
            page = random.chance(0.5) ? Self.replace([0x0A], with: [0x0D, 0x0A], in: page) : Self.replace([0x0D, 0x0A], with: [0x0A], in: page)
        case 87..<90: // upper case, which tag names ignore and class names do not
            let r = range()
            for index in r where page[index] >= 0x61 && page[index] <= 0x7A { page[index] -= 0x20 }
        case 90..<94: // one byte changed
            guard !page.isEmpty else { return }
            page[Int.random(in: 0..<page.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
        case 94..<97: // a long run of one character
            let byte = random.pick(Array("<>/-!x =\"'\0&".utf8))
            page.insert(contentsOf: [UInt8](repeating: byte, count: Int.random(in: 1...100_000, using: &random)), at: at())
        default: // nothing at all, or almost
            page = random.chance(0.5) ? [] : Array(page.prefix(Int.random(in: 0...8, using: &random)))
        }
    }

    static func manyAttributes(using random: inout SeededRandom) -> [UInt8] {
        var text = "<" + random.pick(["p", "button type=submit", "form id=signup-form", "meta", "div class=btn-primary"])
        if random.chance(0.05) {
            // A million attributes: libxml2 checks each new name against all earlier ones, so
            // only a few distinct names keep this linear (see README, "Limits").
            let names = ["a", "class", "id", "type"]
            for index in 0..<1_000_000 { text += " " + names[index % names.count] + "=v" }
        } else {
            for index in 0..<Int.random(in: 1...3000, using: &random) {
                text += random.chance(0.5) ? " a\(index)" : " a\(index)=\"\(index)\""
            }
        }
        if random.chance(0.9) { text += ">" }
        return Array(text.utf8)
    }

    static func withEncoding(_ page: [UInt8], using random: inout SeededRandom) -> [UInt8] {
        switch Int.random(in: 0..<5, using: &random) {
        case 0: return [0xEF, 0xBB, 0xBF] + page
        case 1: return [0xFF, 0xFE] + page.flatMap { [$0, 0] }
        case 2: return [0xFE, 0xFF] + page.flatMap { [0, $0] }
        case 3: return [0xFF, 0xFE] + page // a mark that lies
        default: return Array("<meta charset=windows-1252>".utf8) + page
        }
    }

    static func removeAll(_ pattern: [UInt8], from page: inout [UInt8]) {
        page = replace(pattern, with: [], in: page)
    }

    static func replace(_ pattern: [UInt8], with replacement: [UInt8], in page: [UInt8]) -> [UInt8] {
        guard let first = pattern.first else { return page }
        var out: [UInt8] = []
        out.reserveCapacity(page.count)
        var index = 0
        while index < page.count {
            if page[index] == first, index + pattern.count <= page.count, page[index..<index + pattern.count].elementsEqual(pattern) {
                out += replacement
                index += pattern.count
            } else {
                out.append(page[index])
                index += 1
            }
        }
        return out
    }
}
