import Foundation

/// The consent manager a site runs: it decides which attributes hold a script back until the
/// visitor accepts its category, each as that manager documents for scripts blocked by hand.
public enum ConsentManager: String, Sendable, CaseIterable {
    /// `type="text/plain" data-category="C"`: the convention several managers share, and
    /// pixeltag's form before presets.
    case generic
    /// Cookiebot, "Manually implementing Cookiebot CMP" (support.cookiebot.com) and
    /// cookiebot.com/en/developer: "changing script data type … to text/plain … in
    /// combination with Cookiebot attribute … data-cookieconsent="marketing"", run by
    /// Cookiebot once that category (preferences, statistics or marketing) is accepted.
    case cookiebot
    /// OneTrust, "JavaScript Type Re-Writing" (my.onetrust.com, article
    /// UUID-518074a1-a6da-81c3-be52-bae7685d9c94): the type becomes text/plain and the tag
    /// gets the class `optanon-category-` plus the category's id (C0002 performance, C0004
    /// targeting…); OneTrust rewrites the type and runs it once the group is active.
    case onetrust
    /// Klaro (klaro-org/klaro-js README, "Getting started"): `type="text/plain"
    /// data-type="text/javascript" data-name="SERVICE"`; Klaro gives the script back its
    /// data-type once the service named in its config is accepted. The category is the
    /// service's name.
    case klaro
    /// orestbida's cookieconsent v3, "Manage scripts" (cookieconsent.orestbida.com):
    /// `type="text/plain" data-category="analytics"`, and an optional `data-service`,
    /// written as `category.service`.
    case cookieconsent
    /// iubenda, "Prior Blocking of Cookies: Manual Tagging" (iubenda.com/en/help/1229):
    /// `type="text/plain" class="_iub_cs_activate" data-iub-purposes="N"`, N the purpose
    /// (1 strictly necessary, 2 basic interactions, 3 experience, 4 measurement, 5 marketing).
    case iubenda

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

    /// What is wrong with `category` for this manager, if anything; it has been checked to
    /// hold only letters, digits, `-`, `_` and `.`.
    func problem(with category: String) -> String? {
        switch self {
        case .cookiebot where !["preferences", "statistics", "marketing"].contains(category):
            return "Cookiebot's categories are preferences, statistics and marketing (necessary is never held back)"
        case .onetrust where category.range(of: #"^C[0-9]{4}$"#, options: .regularExpression) == nil:
            return "OneTrust names a category by its id, e.g. C0002 (performance) or C0004 (targeting)"
        case .iubenda where !["1", "2", "3", "4", "5"].contains(category):
            return "iubenda names a purpose by its number, 1 to 5 (4 measurement, 5 marketing)"
        case .cookieconsent where category.split(separator: ".", omittingEmptySubsequences: false).count > 2 || category.hasPrefix(".") || category.hasSuffix("."):
            return "write a cookieconsent category, or category.service, e.g. analytics or analytics.telegram"
        case .generic, .klaro, .cookiebot, .onetrust, .iubenda:
            return category.contains(".") ? "a category name has no dot" : nil
        default:
            return nil
        }
    }

    /// What `gpc:` skips when the browser sends Global Privacy Control.
    public enum GPC: String, Sendable, CaseIterable {
        /// Every event (the base code still runs).
        case events
        /// The base code too: nothing runs.
        case all
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
