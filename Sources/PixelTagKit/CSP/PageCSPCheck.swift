/// Whether a page's Content-Security-Policies let its pixeltag blocks run: those of its own
/// `<meta http-equiv="Content-Security-Policy">` in `<head>`, and those the site's headers
/// file sends with it (`csp.headers`). A browser enforces every one of them.
struct PageCSPCheck: Sendable {
    /// The URLs the base code loads (the Pixel Tag loader), from the lock.
    let loaderURLs: [String]
    var headers: HeadersFile?
    /// The headers file as people see its path, for messages.
    var headersName = "_headers"

    private static let metaName = ByteSearch(Array("content-security-policy".utf8))

    struct Enforced {
        var policy: ContentSecurityPolicy
        /// "the <meta> Content-Security-Policy at line 5", "the Content-Security-Policy public/_headers:3 sends for /*".
        var origin: String
        /// A `<meta>` policy is in force only from where it is in the page: a parser-inserted
        /// script before it runs without it. nil for a header's, in force from the start.
        var from: Int?
    }

    /// The findings of blocks some policy would stop, in the page `bytes` (what inject leaves).
    func findings(in bytes: [UInt8], path: String, line: (Int) -> Int) -> [Finding] {
        var policies: [Enforced] = (headers?.policies(forPage: path) ?? []).map {
            Enforced(policy: $0.policy, origin: "the Content-Security-Policy that \(headersName):\($0.rule.line) sends for \($0.rule.pattern)", from: nil)
        }
        policies += metaPolicies(in: bytes, line: line)
        guard !policies.isEmpty else { return [] }
        var findings: [Finding] = []
        for (found, snippet) in PixelSources.blocks(in: bytes) {
            guard let kind = found.kind else { continue }
            var loaderChecked = false
            for script in PixelSources.inlineScripts(in: snippet) {
                // A script a consent manager turns on later runs under every policy of the page.
                let inForce = policies.filter { script.isHeldBack || ($0.from ?? 0) <= found.range.lowerBound }
                let hash = PixelSources.hash(ofScriptText: script.text)
                var blocked = false
                for enforced in inForce where !enforced.policy.allowsInlineScript(hash: hash) {
                    let directive = enforced.policy.scriptDirective?.name ?? "script-src"
                    findings.append(Finding(kind: .blocked, subject: kind.subject, event: kind.eventID, line: line(found.range.lowerBound),
                        message: "\(kind.phrase) would not run: \(enforced.origin) has no \(hash) in \(directive) for its inline script; add it there (`pixeltag csp` lists every source the blocks need)"))
                    blocked = true
                }
                guard kind == .base, !blocked, !loaderChecked else { continue }
                loaderChecked = true
                for url in loaderURLs {
                    for enforced in inForce where !enforced.policy.allowsInsertedScript(url: url) {
                        let directive = enforced.policy.scriptDirective?.name ?? "script-src"
                        let origin = ContentSecurityPolicy.URLParts(url)?.origin ?? url
                        findings.append(Finding(kind: .blocked, subject: .base, event: nil, line: line(found.range.lowerBound),
                            message: "the base code would not load the Pixel Tag from \(url): \(enforced.origin) allows neither \(origin) nor 'strict-dynamic' in \(directive); add \(origin) there"))
                    }
                }
            }
        }
        return findings
    }

    /// The page's `<meta http-equiv="Content-Security-Policy">` in `<head>` (a browser ignores
    /// one elsewhere), parsed only when the page mentions the header at all.
    private func metaPolicies(in bytes: [UInt8], line: (Int) -> Int) -> [Enforced] {
        let mentions = bytes.withUnsafeBufferPointer { Self.metaName.occursIgnoringCase(in: $0) }
        guard mentions, let source = try? PageSource(bytes: bytes) else { return [] }
        let page = PageParser.parse(source, needsTree: true, needsBody: false, attributes: ["http-equiv", "content"])
        var policies: [Enforced] = []
        for element in page.elements where element.name == "meta" {
            guard element.attribute("http-equiv")?.lowercased() == "content-security-policy",
                  let content = element.attribute("content"),
                  let parent = element.parent, page.elements[parent].name == "head" else { continue }
            let policy = ContentSecurityPolicy(parsing: content)
            guard !policy.directives.isEmpty else { continue }
            policies.append(Enforced(policy: policy, origin: "the <meta> Content-Security-Policy at line \(line(element.startTag.lowerBound))",
                                     from: element.startTag.upperBound))
        }
        return policies
    }
}
