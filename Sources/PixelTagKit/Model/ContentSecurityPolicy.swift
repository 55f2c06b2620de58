/// A Content-Security-Policy as written (the config's csp.policy, a page's `<meta>`, a headers
/// file's header), split into its directives as a browser splits them (CSP Level 3). What a
/// browser then allows is CSP/'s: the config only checks that a policy is one.
package struct ContentSecurityPolicy: Sendable, Equatable {
    /// The policy as written, for messages.
    package var text: String
    /// By lowercased directive name, the source expressions as written. The first of two
    /// directives with one name counts; a browser ignores the second.
    package var directives: [String: [String]]

    package init(parsing text: String) {
        self.text = text.trimmingASCIIWhitespace
        var directives: [String: [String]] = [:]
        for part in text.split(separator: ";") {
            let tokens = part.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" }).map(String.init)
            guard let name = tokens.first?.lowercased(), directives[name] == nil else { continue }
            directives[name] = Array(tokens.dropFirst())
        }
        self.directives = directives
    }

    /// A header's value: several policies separated by commas, each of them enforced.
    package static func policies(inHeader value: String) -> [ContentSecurityPolicy] {
        value.split(separator: ",").map { ContentSecurityPolicy(parsing: String($0)) }.filter { !$0.directives.isEmpty }
    }
}
