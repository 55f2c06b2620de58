import Foundation

/// The consent manager a site runs: it decides which attributes hold a script back until the
/// visitor accepts its category, each as that manager documents for scripts blocked by hand.
package enum ConsentManager: String, Sendable, CaseIterable {
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
    package enum GPC: String, Sendable, CaseIterable {
        /// Every event (the base code still runs).
        case events
        /// The base code too: nothing runs.
        case all
    }
}
