import Foundation

/// `pixeltag.yml`: which pages get the base code and which get event snippets, and where.
public struct PixelTagConfig: Sendable {
    /// Where a block goes. The first four are the DOM's `insertAdjacentHTML` names, relative
    /// to the first element a selector matches; the others are places every page has.
    public enum Position: String, Sendable, CaseIterable {
        case beforebegin, afterbegin, beforeend, afterend
        case headStart = "head-start", headEnd = "head-end", bodyStart = "body-start", bodyEnd = "body-end"

        public var needsSelector: Bool { [.beforebegin, .afterbegin, .beforeend, .afterend].contains(self) }
    }

    /// A user action that fires an event instead of the page load.
    public enum Trigger: String, Sendable, CaseIterable {
        case click, submit
    }

    public struct Base: Sendable {
        public var position: Position = .headEnd
        public var exclude: [String] = []
        /// A cookie-consent category: the script stays inert until a consent manager enables it.
        public var consent: String?
    }

    /// `csp:`: the site's own Content-Security-Policy, to which pixeltag adds the sources its
    /// blocks need, and the headers file inject keeps it in.
    public struct CSP: Sendable {
        public var policy: String?
        /// A `_headers` file (Netlify, Cloudflare Pages) that inject writes pixeltag's rule
        /// into and verify checks pages against.
        public var headers: URL?
        /// The URL pattern of pixeltag's rule in that file.
        public var path = "/*"
    }

    /// `navigation:`: whether a page's events fire on every page view a client-side router
    /// shows (MkDocs Material's instant navigation, Astro's view transitions, Turbo, Swup…),
    /// not only on a full page load. See `ClientRouter`.
    public struct Navigation: Sendable, Equatable {
        public enum Mode: String, Sendable, CaseIterable {
            /// Pages that carry a router pixeltag recognises in their HTML (the default: such a
            /// page otherwise counts one page view a visit).
            case auto
            /// Never: blocks fire when the page is loaded in full, as on any page.
            case off
            /// Every page: a router pixeltag cannot see in the HTML (bundled into the site's own
            /// script) is followed through the history API.
            case always
        }

        public var mode: Mode = .auto
        /// With `always`: the element the site's router replaces (a selector); the page's
        /// events and listener go inside it. Default: the body.
        public var container: String?
    }

    public struct EventRule: Sendable {
        /// An event's id or title in the lock file.
        public var event: String
        public var pages: [String] = ["**/*"]
        public var selector: String?
        public var position: Position
        /// Fire on a click on (or a submit of) the matched element, not at load.
        public var trigger: Trigger?
        public var consent: String?
        /// Place the event at every match, and even when another rule already placed it.
        public var repeats = false
        /// Where the rule starts in the config, for error messages.
        public var line: Int
    }

    /// The config file itself; other paths are relative to its folder.
    public var file: URL
    public var account: String?
    /// The folder of built HTML (`site:`), or nil when the config does not name one: never
    /// guessed, since the config's own folder holds sources, themes and node_modules.
    public var site: URL?
    public var lock: URL
    public var include: [String] = ["**/*.html", "**/*.htm"]
    public var exclude: [String] = []
    public var base = Base()
    public var events: [EventRule] = []
    public var csp = CSP()
    public var navigation = Navigation()
    /// `consent.manager`: whose attributes hold scripts back (`base.consent`, a rule's `consent`).
    public var consentManager: ConsentManager = .generic
    /// `consent.gpc`: what does not run when the browser sends Global Privacy Control.
    public var gpc: ConsentManager.GPC?
    /// `contexts:`: what each deploy context gets; nil gives every build everything.
    public var contexts: Contexts?
    /// Fail a run on what would otherwise be a warning (`strict: true`, or `--strict`).
    public var strict = false
    /// The line each value is written on, by its key (`account`, `pages.include[0]`,
    /// `events[2].pages[1]`…), for messages that point at it.
    public var lines: [String: Int] = [:]

    public var displayPath: String { file.relativePathForDisplay }

    /// `pixeltag.yml:14` for a key written in the config, else the file alone.
    public func origin(of key: String) -> String {
        lines[key].map { "\(displayPath):\($0)" } ?? displayPath
    }

    /// The folder of built HTML a command works on: `--site` when given (relative to the
    /// working folder), else `site:` (relative to the config).
    public func siteFolder(option: String? = nil) throws -> URL {
        if let option { return URL(fileURLWithPath: option) }
        guard let site else {
            throw PixelTagError.input("\(displayPath): no `site:`; say which folder holds the built HTML, relative to this file, e.g. `site: public` (Hugo), `_site` (Jekyll, Eleventy), `site` (MkDocs), `dist` (Astro, Vite) or `build/html` (Sphinx), or pass --site DIR")
        }
        return site
    }
}
