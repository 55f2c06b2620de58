import Foundation

/// What a Content-Security-Policy must allow for pixeltag's blocks to run: the
/// `'sha256-…'` source of every inline script a block holds (base code, events, the click and
/// submit listener), and the hosts the base code loads the Pixel Tag from.
package struct PixelSources: Sendable, Equatable {
    /// One inline script of a block, and the source that allows it.
    package struct InlineScript: Sendable, Hashable, Comparable {
        /// The block's marker label: `base`, `event=ID`, `triggers`, `triggers=CATEGORY`.
        package var block: String
        /// `'sha256-BASE64'`, quotes included, as a policy writes it.
        package var hash: String

        package static func < (a: Self, b: Self) -> Bool { (a.order, a.block, a.hash) < (b.order, b.block, b.hash) }

        private var order: Int { block == "base" ? 0 : block.hasPrefix("event=") ? 1 : 2 }
    }

    package var scripts: [InlineScript]
    /// The origins the base code loads from (`https://telegram.org`), and the URLs it names.
    package var hosts: [String]
    package var loaderURLs: [String]

    package init(scripts: Set<InlineScript>, baseCode: String) {
        self.scripts = scripts.sorted()
        loaderURLs = Self.urls(in: baseCode)
        var origins: [String] = []
        for url in loaderURLs {
            guard let origin = ContentSecurityPolicy.URLParts(url)?.origin, !origins.contains(origin) else { continue }
            origins.append(origin)
        }
        hosts = origins
    }

    /// The hashes, each once, in the order of `scripts`.
    package var hashes: [String] {
        var seen: Set<String> = []
        return scripts.map(\.hash).filter { seen.insert($0).inserted }
    }

    /// The sources each directive needs. The loader is a script; the hits it sends and the
    /// images it may request go to its host, so `connect-src` and `img-src` allow it too.
    package var directives: [(name: String, sources: [String])] {
        [("script-src", hashes + hosts), ("connect-src", hosts), ("img-src", hosts)].filter { !$0.sources.isEmpty }
    }

    // MARK: - Inline scripts

    /// The `'sha256-…'` source of a script's text as a browser's DOM holds it: the HTML
    /// parser turns CRLF and CR into LF before the hash is taken, and CSP hashes UTF-8.
    package static func hash(ofScriptText text: String) -> String {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        return "'sha256-" + Data(SHA256.digest(Array(normalized.utf8))).base64EncodedString() + "'"
    }

    /// An inline `<script>` of a snippet: its text, and whether its type holds it back (a
    /// consent manager runs it later, when every policy of the page is in force).
    struct Script: Equatable {
        var text: String
        var isHeldBack: Bool
    }

    /// The inline scripts of a snippet pixeltag writes. Snippets are pixeltag's own or the
    /// lock's (checked when synced), so a plain reading of `<script …>…</script>` is enough.
    static func inlineScripts(in snippet: String) -> [Script] {
        var scripts: [Script] = []
        var rest = Substring(snippet)
        while let open = rest.range(of: "<script", options: .caseInsensitive) {
            let afterName = open.upperBound
            guard afterName < rest.endIndex, [" ", "\t", "\n", "\r", ">", "/"].contains(rest[afterName]),
                  let tagEnd = rest[afterName...].firstIndex(of: ">") else {
                rest = rest[afterName...]
                continue
            }
            let attributes = rest[afterName..<tagEnd].lowercased()
            let textStart = rest.index(after: tagEnd)
            let close = rest[textStart...].range(of: "</script", options: .caseInsensitive)
            let text = rest[textStart..<(close?.lowerBound ?? rest.endIndex)]
            rest = rest[(close?.upperBound ?? rest.endIndex)...]
            if attributes.range(of: #"(^|\s)src\s*="#, options: .regularExpression) != nil { continue }
            let held = attributes.range(of: #"(^|\s)type\s*=\s*["']?text/plain"#, options: .regularExpression) != nil
            scripts.append(Script(text: String(text), isHeldBack: held))
        }
        return scripts
    }

    /// The `https://…` URLs a base code names (the loader it inserts).
    static func urls(in code: String) -> [String] {
        guard let pattern = try? NSRegularExpression(pattern: #"https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~/%-]*)?"#) else { return [] }
        let range = NSRange(code.startIndex..., in: code)
        var urls: [String] = []
        for match in pattern.matches(in: code, range: range) {
            guard let found = Range(match.range, in: code) else { continue }
            let url = String(code[found])
            if !urls.contains(url) { urls.append(url) }
        }
        return urls
    }

    /// The blocks of a page's bytes: each block's label and its snippet's text. Blocks are
    /// ASCII in practice; a page in a legacy encoding is read as UTF-8, which holds for them.
    static func blocks(in bytes: [UInt8]) -> [(found: Markers.Found, snippet: String)] {
        let encoding = PageEncoding.sniff(bytes).encoding ?? .utf8
        guard let found = try? Markers(encoding: encoding).find(in: bytes) else { return [] }
        return found.map { block in
            let slice = bytes[block.content]
            let snippet: String
            switch encoding {
            case .utf16LittleEndian, .utf16BigEndian:
                var units: [UInt16] = []
                var index = slice.startIndex
                while index + 1 < slice.endIndex {
                    let (first, second) = (UInt16(slice[index]), UInt16(slice[index + 1]))
                    units.append(encoding == .utf16LittleEndian ? first | second << 8 : first << 8 | second)
                    index += 2
                }
                snippet = String(decoding: units, as: UTF16.self)
            default:
                snippet = String(decoding: slice, as: UTF8.self)
            }
            return (block, snippet)
        }
    }

    /// The inline scripts of every block in a page, by their block's label.
    static func scripts(inPage bytes: [UInt8]) -> Set<InlineScript> {
        var scripts: Set<InlineScript> = []
        for (found, snippet) in blocks(in: bytes) {
            guard let label = found.kind?.label else { continue }
            for script in inlineScripts(in: snippet) { scripts.insert(InlineScript(block: label, hash: hash(ofScriptText: script.text))) }
        }
        return scripts
    }
}
