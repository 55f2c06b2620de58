import Foundation

/// What the driver saw on one page: per step (the load, then each click or key press) the
/// scripts that ran, the Pixel Tag loader fetched, the `tgp(...)` calls that reached it,
/// navigations and refused requests; and at the end the DOM's scripts and pixeltag blocks,
/// console errors and uncaught exceptions.
struct PageRecording: Decodable, Sendable {
    var failure: String?
    /// The page's address on its server, without the origin: `/pricing/index.html`.
    var url = ""
    var status: Int?
    var steps: [Step] = []
    var scripts: [Script] = []
    /// The pixeltag blocks of the page's source, each with the scripts the DOM holds of it.
    var blocks: [BlockInDOM] = []
    /// How many begin markers the DOM holds as comment nodes.
    var comments = 0
    /// How often `pixeltag:begin` occurs in the serialized DOM, text and template contents
    /// included: more than `comments` means a marker the browser did not read as a comment.
    var mentions = 0
    var console: [ConsoleMessage] = []
    var errors: [PageError] = []
    /// What a Content-Security-Policy refused (`securitypolicyviolation` events).
    var violations: [Violation] = []
    /// The Content-Security-Policy header the page was served with.
    var policy: String?

    struct Violation: Decodable, Sendable {
        /// The directive that refused it, e.g. `script-src-elem`.
        var directive: String
        /// `inline`, or the URL it refused.
        var blocked: String
        var line: Int?
    }

    struct Step: Decodable, Sendable {
        var name: String
        var ran: [Ran]
        var fetched: [String]
        var calls: [[JSONValue]]
        var navigations: [String]
        var refused: [String]
        /// Why the step could not be taken (no such element, not clickable).
        var failed: String?
        /// The page's address after the step, without the origin (a client-side router
        /// changes it without loading a document).
        var address: String?
    }

    /// A script that ran: one of the DOM's (by index), an external one, or inline code no
    /// longer in the DOM (an event handler attribute).
    struct Ran: Decodable, Sendable {
        var script: Int?
        var src: String?
        var text: String?
    }

    struct Script: Decodable, Sendable {
        var text: String
        var src: String?
        var type: String?
        var category: String?
        /// The parent element: `head`, `body`, or `tag#id`.
        var `where`: String
        /// The label of the pixeltag block whose script this is (`base`, `event=ID`,
        /// `triggers`), found by its text in the page's source.
        var block: String?
        var ran: Bool
    }

    struct BlockInDOM: Decodable, Sendable {
        var label: String
        /// Its scripts in the page's source, and how many of them are scripts of the DOM.
        var scripts: Int
        var found: Int
        /// The parent element of its first script in the DOM.
        var `where`: String?
    }

    struct ConsoleMessage: Decodable, Sendable {
        var text: String
        /// Where it comes from: the script that logged it, or the resource that failed to load.
        var url: String
        var line: Int?
    }

    struct PageError: Decodable, Sendable {
        var message: String
        var stack: String

        /// The innermost frame of the stack: `at f (/page.html:12:5)` or `at /page.html:12:5`.
        var location: (url: String, line: Int)? {
            guard let frame = stack.split(separator: "\n").first(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("at ") })
            else { return nil }
            var place = frame.trimmingCharacters(in: .whitespaces).dropFirst(3)
            if place.hasSuffix(")"), let open = place.lastIndex(of: "(") { place = place[place.index(after: open)..<place.index(before: place.endIndex)] }
            let parts = place.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count >= 3, let line = Int(parts[parts.count - 2]) else { return nil }
            return (parts.dropLast(2).joined(separator: ":"), line)
        }
    }

    enum CodingKeys: String, CodingKey {
        case failure, url, status, steps, scripts, blocks, comments, mentions, console, errors, violations, policy
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        failure = try c.decodeIfPresent(String.self, forKey: .failure)
        url = try c.decodeIfPresent(String.self, forKey: .url) ?? ""
        status = try c.decodeIfPresent(Int.self, forKey: .status)
        steps = try c.decodeIfPresent([Step].self, forKey: .steps) ?? []
        scripts = try c.decodeIfPresent([Script].self, forKey: .scripts) ?? []
        blocks = try c.decodeIfPresent([BlockInDOM].self, forKey: .blocks) ?? []
        comments = try c.decodeIfPresent(Int.self, forKey: .comments) ?? 0
        mentions = try c.decodeIfPresent(Int.self, forKey: .mentions) ?? 0
        console = try c.decodeIfPresent([ConsoleMessage].self, forKey: .console) ?? []
        errors = try c.decodeIfPresent([PageError].self, forKey: .errors) ?? []
        violations = try c.decodeIfPresent([Violation].self, forKey: .violations) ?? []
        policy = try c.decodeIfPresent(String.self, forKey: .policy)
    }

    /// Each refusal as `script-src-elem refused inline at line 9`.
    var refusals: [String] {
        violations.map { "\($0.directive) refused \($0.blocked)" + ($0.line.map { " at line \($0)" } ?? "") }
    }

    /// The `tgp(...)` calls a step made, written as the page would write them.
    func calls(_ step: String) -> [String] {
        steps.first { $0.name == step }.map { $0.calls.map(Self.call) } ?? ["(no step \"\(step)\")"]
    }

    /// Every call of the page, in order.
    var allCalls: [String] { steps.flatMap { $0.calls.map(Self.call) } }

    static func call(_ arguments: [JSONValue]) -> String {
        "tgp(" + arguments.map(\.javaScript).joined(separator: ", ") + ")"
    }

    /// What a script is, for people: its pixeltag block, or the start of its own code.
    func label(of script: Script) -> String {
        if let src = script.src { return "external \(src)" }
        if let block = script.block { return "pixeltag \(block)" }
        let line = script.text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty } ?? ""
        return "page: " + (line.count > 60 ? line.prefix(60) + "…" : line)
    }

    func label(of ran: Ran) -> String {
        if let index = ran.script, scripts.indices.contains(index) {
            return Self.column(scripts[index].where) + label(of: scripts[index])
        }
        if let src = ran.src { return "loader \(src)" }
        return "inline code no longer in the DOM: \(ran.text ?? "")"
    }

    /// A parent element's name, padded so that what follows lines up.
    static func column(_ place: String) -> String {
        place + String(repeating: " ", count: max(1, 8 - place.count))
    }

    /// The page's record as text, one fact a line: what its golden file holds.
    var transcript: String {
        var lines: [String] = []
        if let failure { return "driver failure: \(failure)\n" }
        if status != 200 { lines.append("status \(status.map(String.init) ?? "none")") }
        if let policy { lines.append("served with Content-Security-Policy: \(policy)") }
        for step in steps {
            lines.append(step.name)
            if let failed = step.failed { lines.append("  step failed: \(failed)") }
            lines += step.ran.map { "  ran      \(label(of: $0))" }
            lines += step.fetched.map { "  fetched  \($0)" }
            lines += step.calls.map { "  call     \(Self.call($0))" }
            lines += step.navigations.map { "  navigated to \($0) (answered 204: the page stays)" }
            lines += step.refused.map { "  refused  \($0)" }
        }
        lines.append("at the end")
        if blocks.isEmpty { lines.append("  no pixeltag block") }
        lines += blocks.map { block in
            let missing = block.found == block.scripts ? "" : " (\(block.scripts - block.found) of its scripts not a script of the DOM)"
            return "  block    " + Self.column(block.where ?? "nowhere") + block.label + missing
        }
        if comments != blocks.count { lines.append("  begin markers the DOM holds as comments: \(comments)") }
        if mentions != comments { lines.append("  \"pixeltag:begin\" in the DOM outside comments: \(mentions - comments)") }
        for script in scripts where !script.ran {
            let inert = script.type.map { " (type \($0)" + (script.category.map { ", category \($0)" } ?? "") + ")" } ?? ""
            lines.append("  never ran: \(script.where) \(label(of: script))\(inert)")
        }
        // Resources load in parallel: their errors come in any order.
        lines += console.map { "  console error: \($0.text)" + ($0.url.isEmpty ? "" : " (\($0.url))") }.sorted()
        lines += errors.map { "  page error: \($0.message)" }
        lines += refusals.map { "  Content-Security-Policy: \($0)" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Whether an error at this place is the page's own: its own code (a line of the page
    /// outside every pixeltag block) or another resource (one that failed to load). Anything
    /// else (a block's line, the loader, code with no known place) counts as injected code's.
    func isPagesOwn(url: String, line: Int?, blockLines: [ClosedRange<Int>]) -> Bool {
        if url == self.url { return line.map { line in !blockLines.contains { $0.contains(line) } } ?? false }
        return !url.isEmpty && !steps.contains { $0.fetched.contains(url) }
    }

    /// The console errors and uncaught exceptions injected code may have caused.
    func injectedCodeErrors(blockLines: [ClosedRange<Int>]) -> [String] {
        console.filter { !isPagesOwn(url: $0.url, line: $0.line, blockLines: blockLines) }.map { "console error: \($0.text)" }
            + errors.filter { error in
                !(error.location.map { isPagesOwn(url: $0.url, line: $0.line, blockLines: blockLines) } ?? false)
            }.map { "page error: \($0.message)" }
    }

    /// What must hold on every page the suite loads, whatever its rules: each a sentence
    /// naming what went wrong; empty when all is well. `blockLines` are the lines of the
    /// served page that pixeltag blocks take.
    func problems(blockLines: [ClosedRange<Int>]) -> [String] {
        if let failure { return ["the driver could not record the page: \(failure)"] }
        var problems: [String] = []
        if status != 200 { problems.append("the page answered \(status.map(String.init) ?? "nothing"), not 200") }
        for step in steps { if let failed = step.failed { problems.append("\(step.name): \(failed)") } }
        problems += injectedCodeErrors(blockLines: blockLines)
        problems += refusals.map { "the Content-Security-Policy refused a script: \($0)" }
        if mentions != comments {
            problems.append("\(mentions - comments) pixeltag marker(s) in the DOM are not comments: a block the browser reads as text")
        }
        for block in blocks where block.found < block.scripts || block.scripts == 0 {
            problems.append("the pixeltag block \(block.label) has \(block.scripts - block.found) of its \(block.scripts) script(s) nowhere among the DOM's scripts")
        }
        for script in scripts where script.block != nil && !script.ran && script.category == nil {
            problems.append("the script of pixeltag block \(script.block!) in \(script.where) never ran")
        }
        let calls = allCalls
        let initCalls = calls.filter { $0.hasPrefix("tgp('init'") }
        if scripts.contains(where: { $0.block == "base" && $0.ran }) {
            if initCalls.count != 1 { problems.append("the base code ran, but init was called \(initCalls.count) times") }
            if let first = calls.first, !first.hasPrefix("tgp('init'") { problems.append("the first call is \(first), not init") }
        } else if !calls.isEmpty {
            problems.append("tgp was called without the base code having run: \(calls.joined(separator: ", "))")
        }
        return problems
    }
}

/// A JSON value as the driver recorded a call's argument.
enum JSONValue: Decodable, Sendable, Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let value = try? c.decode(Bool.self) { self = .bool(value) }
        else if let value = try? c.decode(Double.self) { self = .number(value) }
        else if let value = try? c.decode(String.self) { self = .string(value) }
        else if let value = try? c.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    /// As a JavaScript literal, strings in single quotes as the snippets write them.
    var javaScript: String {
        switch self {
        case .string(let text):
            return "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        case .number(let value): return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        case .bool(let value): return String(value)
        case .null: return "null"
        case .array(let values): return "[" + values.map(\.javaScript).joined(separator: ", ") + "]"
        case .object(let members):
            return "{" + members.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.javaScript)" }.joined(separator: ", ") + "}"
        }
    }
}
