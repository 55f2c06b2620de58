import Foundation
import Yams

extension PixelTagConfig {
    /// Reads and validates `pixeltag.yml`. Every error names the file, line and column and
    /// says what to write instead.
    package static func load(from url: URL) throws -> PixelTagConfig {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            if !FileManager.default.fileExists(atPath: url.path) {
                throw PixelTagError.input("\(url.relativePathForDisplay): no such config file; pass --config FILE or create \(FileNames.config) (see README, \"Configuration\")")
            }
            throw PixelTagError.input("\(url.relativePathForDisplay): cannot read the config as UTF-8 text")
        }
        return try parse(text, file: url)
    }

    package static func parse(_ text: String, file: URL) throws -> PixelTagConfig {
        let reader = ConfigReader(path: file.relativePathForDisplay)
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw reader.yamlError(error, text: text)
        }
        let folder = file.deletingLastPathComponent()
        var config = PixelTagConfig(file: file, site: nil, lock: folder.appendingPathComponent(FileNames.lock))
        guard let node else { return config }
        let root = try reader.mapping(node, allowed: ["account", "site", "lock", "strict", "pages", "base", "events", "csp", "consent", "navigation", "contexts"], what: "the config")
        func note(_ key: String, _ node: Node) { config.lines[key] = node.mark?.line }
        if let value = root["account"] { config.account = try reader.string(value, key: "account"); note("account", value) }
        if let value = root["site"] { config.site = folder.appendingPathComponent(try reader.string(value, key: "site")); note("site", value) }
        if let value = root["lock"] { config.lock = folder.appendingPathComponent(try reader.string(value, key: "lock")); note("lock", value) }
        if let value = root["strict"] { config.strict = try reader.bool(value, key: "strict"); note("strict", value) }
        if let value = root["pages"] {
            let pages = try reader.mapping(value, allowed: ["include", "exclude"], what: "pages")
            if let include = pages["include"] { config.include = try reader.globs(include, key: "pages.include", lines: &config.lines) }
            if let exclude = pages["exclude"] { config.exclude = try reader.globs(exclude, key: "pages.exclude", lines: &config.lines) }
        }
        if let value = root["base"] {
            let base = try reader.mapping(value, allowed: ["position", "exclude", "consent"], what: "base")
            if let consent = base["consent"] { config.base.consent = try reader.consent(consent, key: "base.consent"); note("base.consent", consent) }
            if let position = base["position"] {
                config.base.position = try reader.position(position, key: "base.position")
                guard [.headEnd, .headStart].contains(config.base.position) else {
                    throw reader.error(at: position, "base.position must be head-end or head-start: the base code belongs in the <head>")
                }
            }
            if let exclude = base["exclude"] { config.base.exclude = try reader.globs(exclude, key: "base.exclude", lines: &config.lines) }
        }
        if let value = root["consent"] {
            let consent = try reader.mapping(value, allowed: ["manager", "gpc"], what: "consent")
            if let manager = consent["manager"] {
                let text = try reader.string(manager, key: "consent.manager")
                let names = ConsentManager.allCases.map(\.rawValue)
                guard let known = ConsentManager(rawValue: text) else {
                    throw reader.error(at: manager, "consent.manager: unknown consent manager \"\(text)\"\(Suggestion.phrase(for: text, in: names)) (one of \(names.joined(separator: ", ")))")
                }
                config.consentManager = known
            }
            if let gpc = consent["gpc"] {
                let text = try reader.string(gpc, key: "consent.gpc")
                guard let value = ConsentManager.GPC(rawValue: text) else {
                    throw reader.error(at: gpc, "consent.gpc: \"\(text)\" is not events (no event runs when the browser sends Global Privacy Control) or all (nothing runs)")
                }
                config.gpc = value
            }
        }
        if let value = root["csp"] {
            let csp = try reader.mapping(value, allowed: ["policy", "headers", "path"], what: "csp")
            if let policy = csp["policy"] {
                let text = try reader.string(policy, key: "csp.policy")
                // One header line, one policy: a comma would make it two, both enforced.
                guard !text.contains(","), !text.contains("\n"), ContentSecurityPolicy(parsing: text).directives.count > 0 else {
                    throw reader.error(at: policy, "csp.policy must be one Content-Security-Policy on one line, without commas, e.g. \"default-src 'self'; img-src 'self' data:\"")
                }
                config.csp.policy = text
                note("csp.policy", policy)
            }
            if let headers = csp["headers"] {
                config.csp.headers = folder.appendingPathComponent(try reader.string(headers, key: "csp.headers"))
                note("csp.headers", headers)
                guard config.csp.policy != nil else {
                    throw reader.error(at: headers, "csp.headers needs csp.policy: your site's own Content-Security-Policy, to which pixeltag adds its sources, e.g. policy: \"default-src 'self'\"")
                }
            }
            if let path = csp["path"] {
                let text = try reader.string(path, key: "csp.path")
                guard text.hasPrefix("/"), !text.contains(where: \.isWhitespace) else {
                    throw reader.error(at: path, "csp.path is the URL pattern of pixeltag's rule in the headers file, starting with /, e.g. \"/*\"")
                }
                config.csp.path = text
            }
        }
        if let value = root["navigation"] { config.navigation = try reader.navigation(value) }
        if let value = root["contexts"] { config.contexts = try reader.contexts(value, lines: &config.lines); config.lines["contexts"] = reader.line(ofKey: "contexts", in: node) }
        if let value = root["events"] {
            guard case .sequence(let rules) = value else {
                throw reader.error(at: value, "events must be a list of rules, each starting with `- event: NAME`")
            }
            config.events = try rules.enumerated().map { number, rule in try reader.eventRule(rule, key: "events[\(number)]", lines: &config.lines) }
        }
        let categories = [(config.base.consent, config.origin(of: "base.consent"))]
            + config.events.map { ($0.consent, "\(config.displayPath):\($0.line)") }
        for case let (category?, origin) in categories {
            if let problem = config.consentManager.problem(with: category) {
                throw PixelTagError.input("\(origin): consent \"\(category)\" for \(config.consentManager.rawValue): \(problem)")
            }
        }
        return config
    }
}

/// Reads YAML nodes with errors that point at the node.
struct ConfigReader {
    let path: String

    func error(at node: Node, _ message: String) -> PixelTagError {
        let mark = node.mark.map { ":\($0.line):\($0.column)" } ?? ""
        return .input("\(path)\(mark): \(message)")
    }

    func yamlError(_ error: YamlError, text: String) -> PixelTagError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            // YAML indents with spaces only; libyaml's words for a tab do not say so.
            let line = text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(max(0, mark.line - 1)).first ?? ""
            if line.prefix(while: { $0 == " " || $0 == "\t" }).contains("\t") {
                return .input("\(path):\(mark.line): a tab in the indentation; YAML indents with spaces only, so replace the tab with spaces")
            }
            return .input("\(path):\(mark.line):\(mark.column): not valid YAML: \(problem); check the indentation and quoting there")
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams marks the first copy; the second is the one to look at, at the same
            // indentation before the mapping ends.
            let key = duplicates.first ?? ""
            let first = context.mark.line, indent = context.mark.column - 1
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            var again: Int?
            for number in first..<lines.count {
                let line = lines[number], body = line.drop { $0 == " " }
                if body.isEmpty || body.hasPrefix("#") { continue }
                let lead = line.count - body.count
                if lead < indent { break }
                if lead == indent && (body.hasPrefix(key + ":") || body.hasPrefix("\"\(key)\":")) { again = number + 1; break }
            }
            if let again {
                return .input("\(path):\(again): `\(key)` is written a second time in one mapping (first at line \(first)); keep one")
            }
            return .input("\(path):\(first): `\(key)` is written more than once in one mapping; keep one")
        case .reader(let problem, _, _, _):
            return .input("\(path): not valid YAML text: \(problem)")
        default:
            return .input("\(path): not valid YAML")
        }
    }

    func mapping(_ node: Node, allowed: [String], what: String) throws -> [String: Node] {
        guard case .mapping(let mapping) = node else {
            throw error(at: node, "\(what) must be a mapping of keys (\(allowed.joined(separator: ", ")))")
        }
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            let name = key.string ?? ""
            guard allowed.contains(name) else {
                throw error(at: key, "unknown key \"\(name)\" in \(what)\(Suggestion.phrase(for: name, in: allowed)) (allowed: \(allowed.joined(separator: ", ")))")
            }
            result[name] = value
        }
        return result
    }

    func string(_ node: Node, key: String) throws -> String {
        guard case .scalar(let scalar) = node, !scalar.string.isEmpty else {
            throw error(at: node, "\(key) must be a non-empty text value")
        }
        return scalar.string
    }

    /// - Parameter lines: where each glob is written goes here, as `KEY[i]`.
    func globs(_ node: Node, key: String, lines: inout [String: Int]) throws -> [String] {
        let values: [Node]
        switch node {
        case .scalar: values = [node]
        case .sequence(let sequence): values = Array(sequence)
        default: throw error(at: node, "\(key) must be a glob or a list of globs, e.g. [\"blog/**/*.html\"]")
        }
        return try values.enumerated().map { number, value in
            let glob = try string(value, key: key)
            if let problem = Glob.problem(in: glob) { throw error(at: value, "\(key): \(problem)") }
            lines["\(key)[\(number)]"] = value.mark?.line
            return glob
        }
    }

    func bool(_ node: Node, key: String) throws -> Bool {
        guard case .scalar(let scalar) = node, let value = Bool(scalar.string) else {
            throw error(at: node, "\(key): must be true or false")
        }
        return value
    }

    func position(_ node: Node, key: String) throws -> PixelTagConfig.Position {
        let text = try string(node, key: key)
        guard let position = PixelTagConfig.Position(rawValue: text) else {
            let names = PixelTagConfig.Position.allCases.map(\.rawValue)
            throw error(at: node, "\(key): unknown position \"\(text)\"\(Suggestion.phrase(for: text, in: names)) (one of \(names.joined(separator: ", ")))")
        }
        return position
    }

    /// A consent category goes into an HTML attribute: letters, digits, `-`, `_` and `.` (a
    /// cookieconsent service) only.
    func consent(_ node: Node, key: String) throws -> String {
        let text = try string(node, key: key)
        guard text.utf8.allSatisfy({ isASCIILetter($0) || ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }) else {
            throw error(at: node, "\(key): \"\(text)\" is not a category name (letters, digits, - and _), e.g. analytics")
        }
        return text
    }

    /// `navigation: auto|off|always`, or a mapping with `mode:` and `container:`.
    func navigation(_ node: Node) throws -> PixelTagConfig.Navigation {
        var navigation = PixelTagConfig.Navigation()
        var modeNode: Node? = node
        var containerNode: Node?
        if case .mapping = node {
            let fields = try mapping(node, allowed: ["mode", "container"], what: "navigation")
            modeNode = fields["mode"]
            containerNode = fields["container"]
        }
        if let modeNode {
            let text = try string(modeNode, key: "navigation")
            guard let mode = PixelTagConfig.Navigation.Mode(rawValue: text) else {
                let names = PixelTagConfig.Navigation.Mode.allCases.map(\.rawValue)
                throw error(at: modeNode, "navigation: unknown mode \"\(text)\"\(Suggestion.phrase(for: text, in: names)) (auto: follow the client-side routers pixeltag recognises; off; always: follow the history API on every page)")
            }
            navigation.mode = mode
        }
        if let containerNode {
            let text = try string(containerNode, key: "navigation.container")
            do {
                _ = try SelectorList(parsing: text)
            } catch let problem as SelectorSyntaxError {
                throw error(at: containerNode, "navigation.container \"\(text)\" column \(problem.column): \(problem.message)")
            }
            guard navigation.mode == .always else {
                throw error(at: containerNode, "navigation.container names the element your own router replaces, for `mode: always`; with \(navigation.mode.rawValue), pixeltag knows what each router it recognises replaces (add `mode: always`, or remove container)")
            }
            navigation.container = text
        }
        return navigation
    }

    func eventRule(_ node: Node, key: String, lines: inout [String: Int]) throws -> PixelTagConfig.EventRule {
        let fields = try mapping(node, allowed: ["event", "pages", "selector", "position", "on", "consent", "repeat"], what: "an event rule")
        guard let eventNode = fields["event"] else {
            throw error(at: node, "an event rule needs `event:` (an event's title or id from the lock file)")
        }
        var rule = PixelTagConfig.EventRule(
            event: try string(eventNode, key: "event"), position: .bodyEnd, line: node.mark?.line ?? 0
        )
        if let pages = fields["pages"] { rule.pages = try globs(pages, key: "pages", lines: &lines) }
        // The globs' lines under the rule's own key: `pages[0]` is the message's word for it.
        for number in rule.pages.indices { lines["\(key).pages[\(number)]"] = lines.removeValue(forKey: "pages[\(number)]") }
        if let selector = fields["selector"] {
            let text = try string(selector, key: "selector")
            do {
                _ = try SelectorList(parsing: text)
            } catch {
                let problem = error as! SelectorSyntaxError
                throw self.error(at: selector, "selector \"\(text)\" column \(problem.column): \(problem.message)")
            }
            rule.selector = text
            rule.position = .afterend
        }
        if let position = fields["position"] { rule.position = try self.position(position, key: "position") }
        if let consent = fields["consent"] { rule.consent = try self.consent(consent, key: "consent") }
        if let repeats = fields["repeat"] { rule.repeats = try bool(repeats, key: "repeat") }
        if let on = fields["on"] {
            let text = try string(on, key: "on")
            guard let trigger = PixelTagConfig.Trigger(rawValue: text) else {
                let names = PixelTagConfig.Trigger.allCases.map(\.rawValue)
                throw error(at: on, "on: unknown trigger \"\(text)\"\(Suggestion.phrase(for: text, in: names)) (click or submit)")
            }
            guard rule.selector != nil else {
                throw error(at: on, "on: \(text) needs `selector:` for the element to listen on, e.g. selector: \"form#signup button[type=submit]\"")
            }
            if let position = fields["position"] {
                throw error(at: position, "a rule with `on: \(text)` fires from a listener after the base code and places no block, so it takes no position: remove it")
            }
            rule.trigger = trigger
        }
        if rule.position.needsSelector && rule.selector == nil {
            throw error(at: fields["position"] ?? node, "position \(rule.position.rawValue) is relative to an element: add `selector:`, or use head-end, body-start or body-end")
        }
        if !rule.position.needsSelector && rule.selector != nil {
            throw error(at: fields["position"] ?? node, "a rule with a selector places its block relative to the matched element: use beforebegin, afterbegin, beforeend or afterend")
        }
        return rule
    }
}
