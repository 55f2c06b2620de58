import Foundation

/// A `_headers` file, as Netlify and Cloudflare Pages read it: a URL pattern on a line of its
/// own (`/*`, `/blog/:slug`, `/shop/*`), then its headers indented below it (`Name: value`),
/// `#` starting a comment line. Every rule whose pattern matches a request adds its headers.
///
/// pixeltag keeps its rule between two marked comment lines, which inject writes and strip
/// removes; the rest of the file is the site's own.
package struct HeadersFile: Sendable, Equatable {
    package struct Rule: Sendable, Equatable {
        package var pattern: String
        /// The rule's line in the file, for messages.
        package var line: Int
        package var headers: [(name: String, value: String)]

        package static func == (a: Rule, b: Rule) -> Bool {
            a.pattern == b.pattern && a.line == b.line && a.headers.map { [$0.name, $0.value] } == b.headers.map { [$0.name, $0.value] }
        }
    }

    static let beginLine = "# pixeltag:begin csp (written by pixeltag inject from csp: in pixeltag.yml; strip removes it)"
    static let beginPrefix = "# pixeltag:begin csp"
    static let endLine = "# pixeltag:end csp"

    package var rules: [Rule]

    package init(parsing text: String) {
        var rules: [Rule] = []
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            let trimmed = line.trimmingASCIIWhitespace
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            if line.first == " " || line.first == "\t" {
                guard !rules.isEmpty, let colon = trimmed.firstIndex(of: ":") else { continue }
                rules[rules.count - 1].headers.append((trimmed[..<colon].trimmingASCIIWhitespace, trimmed[trimmed.index(after: colon)...].trimmingASCIIWhitespace))
            } else {
                rules.append(Rule(pattern: trimmed, line: number + 1, headers: []))
            }
        }
        self.rules = rules
    }

    /// The Content-Security-Policy headers a page gets, each with its rule: several rules
    /// may match, and a browser enforces each policy.
    package func policies(forPage path: String) -> [(policy: ContentSecurityPolicy, rule: Rule)] {
        let urls = Self.urls(ofPage: path)
        var result: [(ContentSecurityPolicy, Rule)] = []
        for rule in rules where urls.contains(where: { Self.pattern(rule.pattern, matches: $0) }) {
            for header in rule.headers where header.name.lowercased() == "content-security-policy" {
                for policy in ContentSecurityPolicy.policies(inHeader: header.value) { result.append((policy, rule)) }
            }
        }
        return result
    }

    /// The paths a page is requested by: `/blog/index.html`, `/blog/` and `/blog` for an index
    /// page, `/about.html` and `/about` (the hosts' pretty URLs) for another.
    static func urls(ofPage path: String) -> [String] {
        let full = "/" + path
        var urls = [full]
        if full.hasSuffix("/index.html") || full.hasSuffix("/index.htm") {
            let folder = String(full[..<full.lastIndex(of: "/")!]) + "/"
            urls.append(folder)
            if folder.count > 1 { urls.append(String(folder.dropLast())) }
        } else if let dot = full.lastIndex(of: "."), full[dot...] == ".html" || full[dot...] == ".htm" {
            urls.append(String(full[..<dot]))
        }
        return urls
    }

    /// `*` matches anything (slashes included), `:name` one path segment; a pattern with a
    /// scheme or host (`https://example.com/*`) names a host pixeltag cannot know, and
    /// matches nothing here.
    static func pattern(_ pattern: String, matches url: String) -> Bool {
        guard pattern.hasPrefix("/") else { return false }
        var regex = "^"
        var index = pattern.startIndex
        while index < pattern.endIndex {
            let character = pattern[index]
            if character == "*" {
                regex += ".*"
            } else if character == ":", pattern.index(after: index) < pattern.endIndex, pattern[pattern.index(after: index)].isLetter {
                regex += "[^/]+"
                index = pattern.index(after: index)
                while index < pattern.endIndex, pattern[index].isLetter || pattern[index].isNumber || pattern[index] == "_" { index = pattern.index(after: index) }
                continue
            } else {
                regex += NSRegularExpression.escapedPattern(for: String(character))
            }
            index = pattern.index(after: index)
        }
        regex += "$"
        return url.range(of: regex, options: .regularExpression) != nil
    }

    // MARK: - pixeltag's own rule

    /// `text` with pixeltag's rule (between the marked lines) set to `rule`, or taken out
    /// when `rule` is nil. A file without the marked lines gets them at its end.
    package static func replacingOwnRule(in text: String, with rule: String?) throws(PixelTagError) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let begin = lines.firstIndex { $0.hasPrefix(beginPrefix) }
        let end = lines.firstIndex { $0.trimmingASCIIWhitespace == endLine }
        var kept = lines
        var insertAt = lines.count
        switch (begin, end) {
        case let (begin?, end?) where begin < end:
            kept.removeSubrange(begin...end)
            insertAt = begin
        case (nil, nil):
            break
        default:
            throw .input("its `\(beginPrefix)` and `\(endLine)` lines are not a pair; remove what is left of pixeltag's rule by hand")
        }
        if let rule {
            let block = [beginLine] + rule.split(separator: "\n").map(String.init) + [endLine]
            if insertAt == kept.count, let last = kept.last, !last.isEmpty {
                kept.append("")
                insertAt += 1
            }
            kept.insert(contentsOf: block, at: insertAt)
        } else if insertAt == kept.count, kept.last == "" {
            // The blank line inject put before its rule goes with it.
            kept.removeLast()
        }
        return kept.isEmpty ? "" : kept.joined(separator: "\n") + "\n"
    }
}
