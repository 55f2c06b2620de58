/// A script that shows the site's pages without reloading the document: it fetches the next
/// page, swaps part of the current one for part of it, and pushes the new URL. A `<script>`
/// then runs once per visit, not once per page view, unless the router runs it again.
///
/// pixeltag recognises a router by what it writes into every page (one byte search a mark,
/// no parse), and knows two things of each: the part of the page it replaces (the page's
/// event blocks and listener go there, so that each page view brings its own) and the event
/// it fires once the new page is shown, which its documentation gives for "run code on every
/// page view" (the navigation runtime looks there for blocks the router brought in without
/// running them; see `NavigationScript`).
package enum ClientRouter: String, Sendable, CaseIterable {
    /// MkDocs Material with `navigation.instant`: replaces `[data-md-component=container]`
    /// (and a few header components), then runs the container's inline scripts again by new
    /// elements with their text only (`inject` in src/templates/assets/javascripts/
    /// integrations/instant/index.ts), and merges the `<head>` by each element's markup.
    /// Hook: the `document$` observable, whose subscribers "will be notified" on instant
    /// loading: https://squidfunk.github.io/mkdocs-material/customization/#additional-javascript
    case material
    /// Astro's `<ClientRouter />` (view transitions), which renders
    /// `<meta name="astro-view-transitions-enabled">`: replaces `<body>`, and runs a script
    /// only when no script with the same text is in the page it leaves (`deselectScripts`),
    /// so an event on every page runs on the first view alone. Hook: `astro:page-load`, the
    /// lifecycle event for code to run after every navigation:
    /// https://docs.astro.build/en/guides/view-transitions/#astropage-load (dispatched on
    /// `document` by `onPageLoad` in astro/dist/transitions/router.js).
    case astro
    /// Hotwire Turbo Drive: replaces `<body>`, "evaluates `<script>` elements in a page's
    /// `<body>` each time it renders the page", and appends only head scripts not already
    /// present; it may render a cached preview first (`<html data-turbo-preview>`). Hook:
    /// `turbo:load`, for behaviour "when the page changes":
    /// https://turbo.hotwired.dev/handbook/building#working-with-script-elements
    /// (https://turbo.hotwired.dev/reference/events).
    case turbo
    /// Swup: replaces its containers (`#swup` by default) and runs no script in them. Hook:
    /// `page:view`, "runs after every page change by swup":
    /// https://swup.js.org/getting-started/reloading-javascript and https://swup.js.org/hooks/;
    /// the runtime has no handle on the site's `swup` instance, so it listens to the DOM
    /// event Swup 4 dispatches on `document` for each hook, `swup:page:view`
    /// (`dispatchDomEvent` in swup/src/modules/Hooks.ts).
    case swup
    /// A router pixeltag does not recognise (`navigation: always`): page views follow the
    /// history API (`history.pushState`, `replaceState`, the `popstate` event) and the DOM
    /// changes after them.
    case history

    /// Routers recognised by their marks in a page, in the order they are looked for.
    static let recognised: [ClientRouter] = [.material, .astro, .turbo, .swup]

    /// For people: "MkDocs Material's instant navigation".
    package var name: String {
        switch self {
        case .material: "MkDocs Material's instant navigation"
        case .astro: "Astro's <ClientRouter /> (view transitions)"
        case .turbo: "Hotwire Turbo Drive"
        case .swup: "Swup"
        case .history: "a router of the site's own (navigation: always)"
        }
    }

    /// The DOM event the runtime waits for after each page view (Material's and the
    /// history API's are not events; see `NavigationScript.hooks`).
    var event: String? {
        switch self {
        case .astro: "astro:page-load"
        case .turbo: "turbo:load"
        case .swup: "swup:page:view"
        case .material, .history: nil
        }
    }

    /// What in a page says the router is there: any one of `marks` is enough, each holding
    /// `key`, which is looked for first (one scan of the page a router, on every page that
    /// gets the base code; the marks only where the key is). Material writes its features
    /// into the page's `__config`; Astro's `<ClientRouter />` renders a `<meta>`; Turbo is
    /// loaded from its package (importmap or CDN) or tracks the page's assets for reloads
    /// (`data-turbo-track`, as Rails writes it); Swup's container keeps the id its
    /// documentation gives it.
    var marks: (key: String, marks: [String])? {
        switch self {
        case .material: ("\"navigation.instant\"", ["\"navigation.instant\""])
        case .astro: ("astro-view-transitions-enabled", ["astro-view-transitions-enabled"])
        case .turbo: ("turbo", ["@hotwired/turbo", "data-turbo-track", "turbo.es2017"])
        case .swup: ("swup", ["id=\"swup\"", "id=swup", "id='swup'"])
        case .history: nil
        }
    }

    /// The part of the page the router replaces on each page view, when it is not the body.
    var container: String? {
        switch self {
        case .material: "[data-md-component=container]"
        case .swup: "#swup"
        case .astro, .turbo, .history: nil
        }
    }

    /// Finds a recognised router in a page's bytes: one memchr-driven search a router's
    /// key, then its marks from there.
    struct Detector: Sendable {
        private let searches: [(router: ClientRouter, key: ByteSearch, marks: [ByteSearch])]

        init() {
            searches = ClientRouter.recognised.compactMap { router in
                router.marks.map { (router, ByteSearch(Array($0.key.utf8)), $0.marks.map { ByteSearch(Array($0.utf8)) }) }
            }
        }

        func router(in bytes: [UInt8]) -> ClientRouter? {
            bytes.withUnsafeBufferPointer { buffer in
                searches.first { search in
                    guard let key = search.key.first(in: buffer) else { return false }
                    // A mark holds the key, so none starts before the key's first place less
                    // the mark's length.
                    return search.marks.contains { $0.first(in: buffer, from: max(0, key - $0.needle.count)) != nil }
                }?.router
            }
        }
    }
}
