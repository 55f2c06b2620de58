import Foundation

/// `pixeltag explain PAGE`: which rules apply to a page, what their selectors match, and where
/// each block would go, in plain lines a person reads while writing a config.
package struct PageExplanation: Sendable {
    package var lines: [String]

    /// `page` is a file path, or a path inside `site`.
    package init(page: String, site: URL, rules: RuleSet) throws {
        let sitePath = site.standardizedFileURL.path
        let candidates = [URL(fileURLWithPath: page), site.appendingPathComponent(page)]
        guard var file = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) })?.standardizedFileURL else {
            throw PixelTagError.input("\(page): no such page, neither as a path nor inside \(site.relativePathForDisplay); give a file of the built site")
        }
        // `posts/post-1/` is how a URL names a page: the folder's index.html.
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: file.path, isDirectory: &isFolder), isFolder.boolValue {
            let index = file.appendingPathComponent("index.html")
            guard FileManager.default.fileExists(atPath: index.path) else {
                throw PixelTagError.input("\(page): a folder without an index.html; give a page in it, e.g. \(page.hasSuffix("/") ? page : page + "/")index.html")
            }
            file = index
        }
        guard file.path.hasPrefix(sitePath + "/") else {
            throw PixelTagError.input("\(page): not inside the site \(site.relativePathForDisplay); rules are matched against paths in it")
        }
        self.init(page: try SiteFiles.read(file), path: String(file.path.dropFirst(sitePath.count + 1)), rules: rules)
    }

    package init(page bytes: [UInt8], path: String, rules: RuleSet) {
        var lines: [String] = []
        let injector = PageInjector(rules: rules)
        guard rules.isPage(path) else {
            lines.append("\(path): not a page pixeltag looks at (pages.include / pages.exclude leave it out)")
            self.lines = lines
            return
        }
        switch injector.prepare(bytes, path: path) {
        case .done(let outcome):
            switch outcome {
            case .unchanged, .changed:
                lines.append("\(path): no rule applies; inject leaves it without blocks")
                if let glob = rules.base.exclude.firstIndex(where: { $0.matches(path) }) {
                    let origin = rules.baseExcludeOrigins.indices.contains(glob) ? rules.baseExcludeOrigins[glob].map { " (\($0))" } ?? "" : ""
                    lines.append("the base code: excluded by base.exclude \"\(rules.base.exclude[glob].pattern)\"\(origin)")
                }
                let heldBack = rules.plan(for: path).eventsWithoutBase
                if !heldBack.isEmpty {
                    let origins = heldBack.map(\.origin).joined(separator: ", ")
                    lines.append("the page is excluded from the base code (base.exclude), and events follow it (nothing would define tgp): no block from \(origins)")
                }
            case .skipped(let why): lines.append("\(path): skipped, \(why)")
            case .failed(let why):
                // The page could not be read as a whole, but which rules it falls under still helps.
                lines.append("\(path): inject would fail: \(why)")
                let plan = rules.plan(for: path)
                lines.append(plan.base == nil ? "base code: excluded from this page (base.exclude)" : "base code: \(rules.base.position.rawValue)")
                for rule in rules.events {
                    let applies = rule.pages.anyMatches(path)
                    lines.append("\(rule.origin) event \"\(rule.title)\": " + (applies
                        ? (rule.selector.map { "selector \"\($0.source)\" (not matched: the page could not be read)" } ?? rule.position.rawValue)
                        : "pages do not match this page"))
                }
            }
        case .unplaceable(let prepared, let why):
            lines += Self.explain(prepared, bytes: bytes, path: path, rules: rules, placed: false)
            lines.append("inject would fail: \(why)")
        case .ready(let prepared):
            lines += Self.explain(prepared, bytes: bytes, path: path, rules: rules)
        }
        self.lines = lines
    }

    /// Whether the page carries a client-side router, and what pixeltag does about it.
    private static func navigationLine(plan: RuleSet.PagePlan, stripped: [UInt8], rules: RuleSet) -> String? {
        if let router = plan.router {
            let container = plan.routerContainer.map { "<\($0.source)>" } ?? "the <body>"
            return "client-side navigation: \(router.name); the navigation runtime goes right after the base code, the page's events and click and submit listener inside \(container) (what the router replaces), and each fires once a page view"
        }
        guard let router = rules.router(in: stripped) else { return nil }
        if rules.navigation.mode == .off {
            return "client-side navigation: the page carries \(router.name), but navigation is off in \(rules.configPath): its events fire when the page is loaded in full, not when the router shows it"
        }
        return "client-side navigation: the page carries \(router.name), but it is excluded from the base code, so pixeltag adds no runtime"
    }

    /// What the rules find in a page inject could read, and where its blocks go.
    private static func explain(_ prepared: PageInjector.Prepared, bytes: [UInt8], path: String, rules: RuleSet, placed: Bool = true) -> [String] {
        var lines: [String] = []
        let index = LineIndex(prepared.stripped)
        let where_ = { (offset: Int) in "line \(index.line(of: offset)):\(index.column(of: offset))" }
        let anchors = prepared.page.anchors
        lines.append("\(path) (\(prepared.source.encoding.name), \(bytes.count) bytes): head ends at \(anchors.headEnd.map { where_($0.offset) } ?? "?"), body ends at \(anchors.bodyEnd.map { where_($0.offset) } ?? "?")")
        let plan = prepared.plan
        if let base = plan.base {
            lines.append("base code: \(base.position.rawValue)\(base.consent.map { ", consent \($0)" } ?? "")")
        } else {
            lines.append("base code: excluded from this page (base.exclude)")
        }
        if let line = navigationLine(plan: plan, stripped: prepared.stripped, rules: rules) { lines.append(line) }
        let matcher = SelectorMatcher(page: prepared.page)
        let live = LivePlaces(page: prepared.page)
        for rule in rules.events {
            let applies = plan.events.contains { $0.order == rule.order }
            var text = "\(rule.origin) event \"\(rule.title)\""
            if plan.eventsWithoutBase.contains(where: { $0.order == rule.order }) {
                lines.append(text + ": the page is excluded from the base code, and events follow it (nothing would define tgp), so no block")
                continue
            }
            if !applies {
                lines.append(text + (rule.pages.anyMatches(path)
                    ? ": selector \"\(rule.selector?.source ?? "")\" cannot match (words it needs are not in the page), so no block"
                    : ": pages do not match this page"))
                continue
            }
            if let trigger = rule.trigger { text += " on \(trigger.rawValue)" }
            if let selector = rule.selector {
                let matches = matcher.allMatches(selector)
                let shown = matches.prefix(5).map { match in
                    let element = prepared.page.elements[match]
                    let refused = rule.trigger == nil && live.inert(rule.position, of: element) != nil
                    return "<\(element.name)> at \(where_(element.startTag.lowerBound))" + (refused ? " (\(rule.position.rawValue): no place for a block)" : "")
                }
                text += ": selector \"\(selector.source)\" matches " + (matches.isEmpty ? "nothing, so no block"
                    : "\(matches.count) element\(matches.count == 1 ? "" : "s"): " + shown.joined(separator: ", ") + (matches.count > 5 ? ", …" : ""))
            } else {
                text += ": \(rule.position.rawValue)"
                if plan.router != nil {
                    let container = plan.routerContainer.map { "<\($0.source)>" } ?? "the <body>"
                    text += " (client-side navigation: at the \(rule.position == .bodyEnd ? "end" : "start") of \(container))"
                }
            }
            // An earlier rule or an annotation placed the event first: this rule adds nothing here.
            if placed, rule.trigger == nil, !rule.repeats, !prepared.placements.contains(where: { $0.rules.contains(rule.order) }),
               let first = prepared.placements.first(where: { $0.block.kind == rule.block.kind }) {
                text += "; no block: \(first.origin == .annotation ? "an annotation" : "\(first.origin)") places the event first (add `repeat: true` to place it again)"
            }
            lines.append(text)
        }
        if plan.annotations, let found = try? Annotations.find(in: prepared.page, live: live), !found.isEmpty {
            for annotation in found {
                let action = annotation.trigger.map { "fires on \($0.rawValue) (listener)" } ?? "block right after it"
                lines.append("annotation at \(where_(annotation.at)): event \"\(annotation.name)\", \(action)")
            }
        }
        guard placed else { return lines }
        lines.append(prepared.placements.isEmpty ? "blocks: none" : "blocks, in page order:")
        for placement in prepared.placements {
            lines.append("  \(where_(placement.offset))  \(placement.block.kind.label)  (\(placement.origin))")
        }
        return lines
    }
}
