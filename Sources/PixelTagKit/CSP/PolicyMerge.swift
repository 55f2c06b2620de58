import Foundation

extension PixelSources {
    /// The site's own policy (`csp.policy`) with what the blocks need added, directive by
    /// directive. A directive the policy lacks falls back to `default-src`, so it is written
    /// out as default-src's sources plus pixeltag's; with neither, the policy allows
    /// everything there and stays so. A script list that allows every inline script
    /// (`'unsafe-inline'` alone) gets no hashes, which would switch that off for the site's
    /// own inline scripts.
    package func merged(into policy: String) -> String {
        var parts = policy.split(separator: ";").map { $0.trimmingASCIIWhitespace }.filter { !$0.isEmpty }
        func names() -> [String] { parts.map { $0.split(separator: " ").first.map { $0.lowercased() } ?? "" } }
        let defaults = parts.first { $0.lowercased().hasPrefix("default-src") }
            .map { Array($0.split(whereSeparator: \.isWhitespace).dropFirst().map(String.init)) }
        for (name, needed) in directives {
            var targets = [name]
            if name == "script-src", names().contains("script-src-elem") { targets.append("script-src-elem") }
            for target in targets {
                if let index = names().firstIndex(of: target) {
                    var tokens = parts[index].split(whereSeparator: \.isWhitespace).map(String.init)
                    tokens = [tokens[0]] + Self.adding(needed, to: Array(tokens.dropFirst()), isScript: name == "script-src")
                    parts[index] = tokens.joined(separator: " ")
                } else if let defaults {
                    parts.append(([target] + Self.adding(needed, to: defaults, isScript: name == "script-src")).joined(separator: " "))
                }
            }
        }
        return parts.joined(separator: "; ")
    }

    private static func adding(_ needed: [String], to sources: [String], isScript: Bool) -> [String] {
        var result = sources.filter { $0.lowercased() != "'none'" }
        let lowered = result.map { $0.lowercased() }
        let keepsInline = isScript && ContentSecurityPolicy.allowsAllInline(lowered)
        for source in needed where !result.contains(source) {
            if keepsInline && source.hasPrefix("'sha") { continue }
            result.append(source)
        }
        return result
    }

    /// The `headers` entry of `vercel.json` that serves `policy` on every path.
    package static func vercelEntry(policy: String, source: String = "/(.*)") -> String {
        let entry: [String: Any] = ["headers": [["source": source, "headers": [["key": "Content-Security-Policy", "value": policy]]]]]
        let data = (try? JSONSerialization.data(withJSONObject: entry, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
