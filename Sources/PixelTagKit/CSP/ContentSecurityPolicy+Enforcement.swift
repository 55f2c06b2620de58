/// How a browser enforces a `ContentSecurityPolicy` on the scripts pixeltag writes.
extension ContentSecurityPolicy {
    /// The directive that governs a `<script>` element, and its sources; nil when none does.
    package var scriptDirective: (name: String, sources: [String])? {
        for name in ["script-src-elem", "script-src", "default-src"] {
            if let sources = directives[name] { return (name, sources) }
        }
        return nil
    }

    /// Whether an inline script with this hash source (`'sha256-…'`) may run. `'unsafe-inline'`
    /// counts only in a list without hashes, nonces or `'strict-dynamic'`, which disable it.
    package func allowsInlineScript(hash: String) -> Bool {
        guard let (_, sources) = scriptDirective else { return true }
        let lowered = sources.map { $0.lowercased() }
        if Self.allowsAllInline(lowered) { return true }
        let wanted = Self.normalizedHash(hash)
        return sources.contains { Self.normalizedHash($0) == wanted }
    }

    /// Whether a script the base code inserts from `url` may load: `'strict-dynamic'` trusts
    /// what an allowed script inserts, otherwise a scheme or host source must match.
    package func allowsInsertedScript(url: String) -> Bool {
        guard let (_, sources) = scriptDirective else { return true }
        let lowered = sources.map { $0.lowercased() }
        if lowered.contains("'strict-dynamic'") { return true }
        return lowered.contains { Self.source($0, matches: url) }
    }

    static func allowsAllInline(_ lowered: [String]) -> Bool {
        lowered.contains("'unsafe-inline'") && !lowered.contains("'strict-dynamic'")
            && !lowered.contains { $0.hasPrefix("'nonce-") || $0.hasPrefix("'sha256-") || $0.hasPrefix("'sha384-") || $0.hasPrefix("'sha512-") }
    }

    /// The algorithm's name is case-insensitive, the base64 digest is not; base64url digits
    /// count as their base64 twins.
    private static func normalizedHash(_ source: String) -> String? {
        guard source.hasPrefix("'"), source.hasSuffix("'"), source.count > 2 else { return nil }
        let inner = source.dropFirst().dropLast()
        guard let dash = inner.firstIndex(of: "-") else { return nil }
        let algorithm = inner[..<dash].lowercased()
        guard ["sha256", "sha384", "sha512"].contains(algorithm) else { return nil }
        return algorithm + "-" + inner[inner.index(after: dash)...].map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 }.map(String.init).joined()
    }

    /// CSP's "does url match expression" for an https URL on a page of another origin.
    static func source(_ expression: String, matches url: String) -> Bool {
        guard let target = URLParts(url) else { return false }
        if expression == "*" { return ["http", "https", "ws", "wss"].contains(target.scheme) }
        if expression.hasSuffix(":"), !expression.contains("/") {
            let scheme = String(expression.dropLast())
            return scheme == target.scheme || (scheme == "http" && target.scheme == "https")
        }
        guard !expression.hasPrefix("'") else { return false }
        var rest = Substring(expression)
        if let separator = rest.range(of: "://") {
            let scheme = rest[..<separator.lowerBound]
            guard scheme == target.scheme || (scheme == "http" && target.scheme == "https") else { return false }
            rest = rest[separator.upperBound...]
        } else if !["http", "https"].contains(target.scheme) {
            return false
        }
        let pathStart = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<pathStart]
        let path = rest[pathStart...]
        let host: Substring, port: Substring?
        if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            port = authority[authority.index(after: colon)...]
        } else {
            host = authority
            port = nil
        }
        if host.hasPrefix("*.") {
            guard target.host.hasSuffix(String(host.dropFirst())) else { return false }
        } else if host != target.host {
            return false
        }
        if let port, port != "*", Int(port) != target.port { return false }
        if !path.isEmpty {
            if path.hasSuffix("/") { return target.path.hasPrefix(path) }
            return target.path == path
        }
        return true
    }

    struct URLParts {
        var scheme: String
        var host: String
        var port: Int
        var path: String

        init?(_ url: String) {
            guard let separator = url.range(of: "://") else { return nil }
            scheme = url[..<separator.lowerBound].lowercased()
            let rest = url[separator.upperBound...]
            let pathStart = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
            let authority = rest[..<pathStart]
            var pathPart = rest[pathStart...]
            if let query = pathPart.firstIndex(where: { $0 == "?" || $0 == "#" }) { pathPart = pathPart[..<query] }
            path = pathPart.isEmpty ? "/" : String(pathPart)
            if let colon = authority.lastIndex(of: ":"), let number = Int(authority[authority.index(after: colon)...]) {
                host = authority[..<colon].lowercased()
                port = number
            } else {
                host = authority.lowercased()
                port = scheme == "http" || scheme == "ws" ? 80 : 443
            }
        }

        var origin: String {
            let defaultPort = scheme == "http" || scheme == "ws" ? 80 : 443
            return "\(scheme)://\(host)" + (port == defaultPort ? "" : ":\(port)")
        }
    }
}
