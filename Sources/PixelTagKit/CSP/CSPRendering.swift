import Foundation

/// `pixeltag csp`'s output.
package enum CSPRendering {
    /// Each directive with its sources, one a line, each hash named by its block; then the
    /// policy of `csp.policy` with the sources added, when the config has one.
    package static func text(_ sources: PixelSources, policy: String?) -> String {
        var lines: [String] = []
        for (name, needed) in sources.directives {
            lines.append(name)
            for source in needed {
                let blocks = sources.scripts.filter { $0.hash == source }.map(\.block)
                let note = blocks.isEmpty ? "the Pixel Tag loader's host" : blocks.joined(separator: ", ")
                lines.append("  \(source)  \(note)")
            }
        }
        if sources.scripts.isEmpty {
            lines.append("(no page gets a block: no inline script to allow)")
        }
        if let policy {
            lines += ["", "Content-Security-Policy: \(policy)"]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    struct JSONOutput: Encodable {
        struct Script: Encodable { var block: String; var hash: String }
        var directives: [String: [String]]
        var scripts: [Script]
        var hosts: [String]
        var policy: String?

        enum CodingKeys: String, CodingKey { case directives, scripts, hosts, policy }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(directives, forKey: .directives)
            try c.encode(scripts, forKey: .scripts)
            try c.encode(hosts, forKey: .hosts)
            try c.encode(policy, forKey: .policy)
        }
    }

    /// `{"directives": {"script-src": […]}, "scripts": [{"block", "hash"}], "hosts": […],
    /// "policy": "…" or null}`.
    package static func json(_ sources: PixelSources, policy: String?) -> String {
        let output = JSONOutput(
            directives: Dictionary(uniqueKeysWithValues: sources.directives.map { ($0.name, $0.sources) }),
            scripts: sources.scripts.map { .init(block: $0.block, hash: $0.hash) }, hosts: sources.hosts, policy: policy)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(output)) ?? Data("{}".utf8), as: UTF8.self) + "\n"
    }
}
