import Foundation

/// `pixeltag.yml`: which pages get the base code and which get event snippets, and where.
package struct PixelTagConfig: Sendable {
    /// Where a block goes. The first four are the DOM's `insertAdjacentHTML` names, relative
    /// to the first element a selector matches; the others are places every page has.
    package enum Position: String, Sendable, CaseIterable {
        case beforebegin, afterbegin, beforeend, afterend
        case headStart = "head-start", headEnd = "head-end", bodyStart = "body-start", bodyEnd = "body-end"

        package var needsSelector: Bool { [.beforebegin, .afterbegin, .beforeend, .afterend].contains(self) }
    }

    /// A user action that fires an event instead of the page load.
    package enum Trigger: String, Sendable, CaseIterable {
        case click, submit
    }

    package struct Base: Sendable {
        package var position: Position = .headEnd
        package var exclude: [String] = []
        /// A cookie-consent category: the script stays inert until a consent manager enables it.
        package var consent: String?
    }

    /// `csp:`: the site's own Content-Security-Policy, to which pixeltag adds the sources its
    /// blocks need, and the headers file inject keeps it in.
    package struct CSP: Sendable {
        package var policy: String?
        /// A `_headers` file (Netlify, Cloudflare Pages) that inject writes pixeltag's rule
        /// into and verify checks pages against.
        package var headers: URL?
        /// The URL pattern of pixeltag's rule in that file.
        package var path = "/*"
    }

    /// `navigation:`: whether a page's events fire on every page view a client-side router
    /// shows (MkDocs Material's instant navigation, Astro's view transitions, Turbo, Swup…),
    /// not only on a full page load. See `ClientRouter`.
    package struct Navigation: Sendable, Equatable {
        package enum Mode: String, Sendable, CaseIterable {
            /// Pages that carry a router pixeltag recognises in their HTML (the default: such a
            /// page otherwise counts one page view a visit).
            case auto
            /// Never: blocks fire when the page is loaded in full, as on any page.
            case off
            /// Every page: a router pixeltag cannot see in the HTML (bundled into the site's own
            /// script) is followed through the history API.
            case always
        }

        package var mode: Mode = .auto
        /// With `always`: the element the site's router replaces (a selector); the page's
        /// events and listener go inside it. Default: the body.
        package var container: String?
    }

    package struct EventRule: Sendable {
        /// An event's id or title in the lock file.
        package var event: String
        package var pages: [String] = ["**/*"]
        package var selector: String?
        package var position: Position
        /// Fire on a click on (or a submit of) the matched element, not at load.
        package var trigger: Trigger?
        package var consent: String?
        /// Place the event at every match, and even when another rule already placed it.
        package var repeats = false
        /// Where the rule starts in the config, for error messages.
        package var line: Int
    }

    /// The config file itself; other paths are relative to its folder.
    package var file: URL
    package var account: String?
    /// The folder of built HTML (`site:`), or nil when the config does not name one: never
    /// guessed, since the config's own folder holds sources, themes and node_modules.
    package var site: URL?
    package var lock: URL
    package var include: [String] = ["**/*.html", "**/*.htm"]
    package var exclude: [String] = []
    package var base = Base()
    package var events: [EventRule] = []
    package var csp = CSP()
    package var navigation = Navigation()
    /// `consent.manager`: whose attributes hold scripts back (`base.consent`, a rule's `consent`).
    package var consentManager: ConsentManager = .generic
    /// `consent.gpc`: what does not run when the browser sends Global Privacy Control.
    package var gpc: ConsentManager.GPC?
    /// `contexts:`: what each deploy context gets; nil gives every build everything.
    package var contexts: Contexts?
    /// Fail a run on what would otherwise be a warning (`strict: true`, or `--strict`).
    package var strict = false
    /// The line each value is written on, by its key (`account`, `pages.include[0]`,
    /// `events[2].pages[1]`…), for messages that point at it.
    package var lines: [String: Int] = [:]

    package var displayPath: String { file.relativePathForDisplay }

    /// `pixeltag.yml:14` for a key written in the config, else the file alone.
    package func origin(of key: String) -> String {
        lines[key].map { "\(displayPath):\($0)" } ?? displayPath
    }

    /// The folder of built HTML a command works on: `--site` when given (relative to the
    /// working folder), else `site:` (relative to the config).
    package func siteFolder(option: String? = nil) throws -> URL {
        if let option { return URL(fileURLWithPath: option) }
        guard let site else {
            throw PixelTagError.input("\(displayPath): no `site:`; say which folder holds the built HTML, relative to this file, e.g. `site: public` (Hugo), `_site` (Jekyll, Eleventy), `site` (MkDocs), `dist` (Astro, Vite) or `build/html` (Sphinx), or pass --site DIR")
        }
        return site
    }
}
