import Foundation

/// How each consent manager holds a script back, as the manager documents it (its case's
/// documentation in Config/ConsentManager.swift cites where).
extension ConsentManager {
    /// The attributes that hold a `<script>` back for `category`, with a leading space.
    func attributes(for category: String) -> String {
        switch self {
        case .generic: return " type=\"text/plain\" data-category=\"\(category)\""
        case .cookiebot: return " type=\"text/plain\" data-cookieconsent=\"\(category)\""
        case .onetrust: return " type=\"text/plain\" class=\"optanon-category-\(category)\""
        case .klaro: return " type=\"text/plain\" data-type=\"text/javascript\" data-name=\"\(category)\""
        case .cookieconsent:
            let parts = category.split(separator: ".", maxSplits: 1)
            return " type=\"text/plain\" data-category=\"\(parts[0])\"" + (parts.count > 1 ? " data-service=\"\(parts[1])\"" : "")
        case .iubenda: return " type=\"text/plain\" class=\"_iub_cs_activate\" data-iub-purposes=\"\(category)\""
        }
    }
}

/// Makes a snippet's scripts inert until the site's consent manager enables them, and keeps
/// them from running at all when the browser sends Global Privacy Control, if so configured.
enum Consent {
    struct Problem: Error {
        var message: String
    }

    /// `category` has been checked to suit `manager`.
    static func apply(_ category: String, manager: ConsentManager = .generic, to snippet: String) throws(Problem) -> String {
        try rewriteScripts(in: snippet) { attributes throws(Problem) in
            if attributes.range(of: #"(^|\s)type\s*="#, options: .regularExpression) != nil {
                throw Problem(message: "its <script> has a type of its own, so consent cannot switch it off")
            }
            if attributes.range(of: #"(^|\s)class\s*="#, options: .regularExpression) != nil, [.onetrust, .iubenda].contains(manager) {
                throw Problem(message: "its <script> has a class of its own, where \(manager.rawValue) needs its own")
            }
            return manager.attributes(for: category)
        } text: { $0 }
    }

    /// The snippet with each script's code run only when the browser does not send Global
    /// Privacy Control (`navigator.globalPrivacyControl`, the signal of the GPC
    /// specification): a block stays the same script, so placement and consent hold.
    static func skippingUnderGPC(_ snippet: String) throws(Problem) -> String {
        try rewriteScripts(in: snippet) { _ in "" } text: { text in
            "if (!navigator.globalPrivacyControl) {" + text + "}"
        }
    }

    /// Calls `attributes` with each `<script>` tag's attributes (lowercased) and inserts what
    /// it returns after the tag's name; `text` rewrites each script's code.
    private static func rewriteScripts(in snippet: String, attributes: (String) throws(Problem) -> String,
                                       text: (String) -> String) throws(Problem) -> String {
        var output = ""
        var rest = Substring(snippet)
        var found = false
        while let open = rest.range(of: "<script", options: .caseInsensitive) {
            let afterName = open.upperBound
            guard afterName < rest.endIndex, [" ", "\t", "\n", "\r", ">", "/"].contains(rest[afterName]) else {
                output += rest[..<afterName]
                rest = rest[afterName...]
                continue
            }
            let tagEnd = rest[afterName...].firstIndex(of: ">") ?? rest.endIndex
            output += rest[..<afterName] + (try attributes(rest[afterName..<tagEnd].lowercased()))
            found = true
            guard tagEnd < rest.endIndex else {
                rest = rest[afterName...]
                break
            }
            output += rest[afterName...tagEnd]
            let codeStart = rest.index(after: tagEnd)
            let close = rest[codeStart...].range(of: "</script", options: .caseInsensitive)?.lowerBound ?? rest.endIndex
            output += text(String(rest[codeStart..<close]))
            rest = rest[close...]
        }
        guard found else { throw Problem(message: "it has no <script> for consent to switch off") }
        return output + rest
    }
}
