import Foundation

/// SARIF 2.1.0 (OASIS), the format GitHub code scanning reads: uploaded with
/// `github/codeql-action/upload-sarif`, each finding becomes an alert on its file and line,
/// shown on the pull request that brings it. One rule per finding kind (and one for pages
/// that could not be checked); one result per finding, at error level, since every finding
/// fails `verify`. Valid against Schemas/sarif-schema-2.1.0.json.
///
/// Like the text and GitHub reports it names only what has findings, so memory stays flat.
package enum SARIFReport {
    package static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    /// The rule of a page that could not be checked (unknown charset, broken block…).
    static let cannotCheckRule = "cannot-check"
    /// Names the partial fingerprint: code scanning matches a result with the previous run's
    /// by it, so an alert survives the page's lines moving.
    static let fingerprintKey = "pixeltagFinding/v1"

    package static func render(_ report: VerificationReport) -> String {
        let rules = Finding.Kind.allCases.map(Rule.init(kind:)) + [Rule.cannotCheck]
        let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        var results: [Result] = []
        for page in report.pages where page.status == .error {
            let file = report.displayPath(of: page.path)
            results.append(Result(ruleId: cannotCheckRule, ruleIndex: ruleIndex[cannotCheckRule] ?? 0,
                                  message: page.message ?? "cannot check", file: file, line: nil,
                                  fingerprint: fingerprint(file, cannotCheckRule, "", "")))
        }
        for finding in report.lockFindings {
            results.append(result(finding, file: finding.file ?? report.lock, ruleIndex: ruleIndex))
        }
        for page in report.pages {
            let file = report.displayPath(of: page.path)
            for finding in page.findings { results.append(result(finding, file: file, ruleIndex: ruleIndex)) }
        }
        let log = Log(runs: [Run(
            tool: Tool(driver: Driver(rules: rules)),
            invocations: [Invocation(executionSuccessful: true)],
            results: results
        )])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Strings, numbers and booleans only: encoding cannot fail.
        let data = (try? encoder.encode(log)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func result(_ finding: Finding, file: String, ruleIndex: [String: Int]) -> Result {
        let rule = finding.kind.rawValue
        return Result(ruleId: rule, ruleIndex: ruleIndex[rule] ?? 0, message: finding.message, file: file, line: finding.line,
                      fingerprint: fingerprint(file, rule, finding.subject.rawValue, finding.event ?? ""))
    }

    /// What the finding is about, without its line: FNV-1a over the fields, NUL-separated.
    static func fingerprint(_ parts: String...) -> String {
        var value: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in parts.joined(separator: "\0").utf8 { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// A path relative to the working folder becomes a relative reference to the checkout's
    /// root (`%SRCROOT%`), which is what code scanning resolves; an absolute one a file URI.
    static func location(_ file: String, line: Int?) -> Location {
        let encoded = file.addingPercentEncoding(withAllowedCharacters: pathCharacters) ?? file
        let artifact = file.hasPrefix("/")
            ? ArtifactLocation(uri: "file://" + encoded, uriBaseId: nil)
            : ArtifactLocation(uri: encoded, uriBaseId: "%SRCROOT%")
        return Location(physicalLocation: PhysicalLocation(artifactLocation: artifact, region: line.map { Region(startLine: max(1, $0)) }))
    }

    /// RFC 3986 path characters, without the ones Foundation's set lets through that a URI
    /// reference may not hold as they are.
    private static let pathCharacters: CharacterSet = {
        var set = CharacterSet.urlPathAllowed
        set.remove(charactersIn: ";")
        return set
    }()

    // MARK: - The SARIF objects written (a subset of the schema)

    struct Log: Encodable {
        let schema = SARIFReport.schemaURI
        let version = "2.1.0"
        var runs: [Run]

        enum CodingKeys: String, CodingKey {
            case schema = "$schema"
            case version, runs
        }
    }

    struct Run: Encodable {
        var tool: Tool
        var invocations: [Invocation]
        var results: [Result]
    }

    struct Tool: Encodable {
        var driver: Driver
    }

    struct Driver: Encodable {
        let name = "pixeltag"
        let version = PixelTagKit.version
        let semanticVersion = PixelTagKit.version
        var rules: [Rule]
    }

    struct Invocation: Encodable {
        var executionSuccessful: Bool
    }

    struct Message: Encodable {
        var text: String
    }

    struct Rule: Encodable {
        struct Configuration: Encodable {
            let level = "error"
        }

        var id: String
        var name: String
        var shortDescription: Message
        var fullDescription: Message
        var help: Message
        let defaultConfiguration = Configuration()

        init(id: String, name: String, summary: String, detail: String, help: String) {
            self.id = id
            self.name = name
            shortDescription = Message(text: summary)
            fullDescription = Message(text: detail)
            self.help = Message(text: help)
        }

        init(kind: Finding.Kind) {
            let (name, summary, detail, help) = kind.sarifDescription
            self.init(id: kind.rawValue, name: name, summary: summary, detail: detail, help: help)
        }

        static let cannotCheck = Rule(
            id: SARIFReport.cannotCheckRule, name: "PageCannotBeChecked", summary: "A page pixeltag could not check",
            detail: "pixeltag could not read this page as inject would (an encoding it does not handle, a broken pixeltag block…), so it was not checked and inject leaves it untouched.",
            help: "The message says why and what to do; fix the page, or exclude it in pixeltag.yml (pages.exclude).")
    }

    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int
        let level = "error"
        var message: Message
        var locations: [Location]
        var partialFingerprints: [String: String]

        init(ruleId: String, ruleIndex: Int, message: String, file: String, line: Int?, fingerprint: String) {
            self.ruleId = ruleId
            self.ruleIndex = ruleIndex
            self.message = Message(text: message)
            locations = [SARIFReport.location(file, line: line)]
            partialFingerprints = [SARIFReport.fingerprintKey: fingerprint]
        }
    }

    struct Location: Encodable {
        var physicalLocation: PhysicalLocation
    }

    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region?
    }

    struct ArtifactLocation: Encodable {
        var uri: String
        var uriBaseId: String?
    }

    struct Region: Encodable {
        var startLine: Int
    }
}

extension Finding.Kind {
    /// A SARIF rule's name, one-line summary, description and help: what code scanning shows
    /// at the top of an alert. Every kind needs one, so a new kind cannot reach SARIF unnamed.
    var sarifDescription: (name: String, summary: String, detail: String, help: String) {
        switch self {
        case .missing:
            ("MissingBlock", "A block the rules want is not on the page",
             "The base code or an event's snippet that the rules in pixeltag.yml (or an annotation) put on this page is not there; the line is where inject puts it.",
             "Run `pixeltag inject` after the site generator.")
        case .stale:
            ("StaleBlock", "A block's code differs from the lock file",
             "A pixeltag block holds older code than pixeltag.lock.json (its marker's hash= is of other code), or it was edited by hand.",
             "Run `pixeltag inject`: it replaces the block with the lock's code.")
        case .unmarked:
            ("HandPastedCode", "Pixel Tag code pasted into the page without pixeltag's markers",
             "The base code or an event's snippet is in the page's source without pixeltag's markers (recognised by its id), so inject would add it a second time.",
             "Remove it from the page's source (the template), or exclude the page from the rule.")
        case .misplaced:
            ("MisplacedBlock", "A block is not where the rules put it",
             "The base code is outside <head>, or an event comes before the base code, so it does not run as it should.",
             "Run `pixeltag inject`: it moves the block where the rules put it.")
        case .duplicate:
            ("DuplicateBlock", "The same block twice on a page",
             "A pixeltag block appears twice, so its event would fire twice.",
             "Run `pixeltag inject`: it keeps one.")
        case .inert:
            ("InertBlock", "A block a browser would not run where it is",
             "A pixeltag block sits where a browser does not run a script (inside a <textarea>, <template>, <noscript>, <svg>… named in the message), or an event's block is on a page where nothing defines tgp, so its call would throw.",
             "Run `pixeltag inject`: it moves the block out or removes it.")
        case .blocked:
            ("BlockedByContentSecurityPolicy", "The page's Content-Security-Policy would stop a block",
             "The page's <meta http-equiv=\"Content-Security-Policy\">, or the policy the headers file of csp.headers sends with it, allows neither the inline script's 'sha256-…' source nor 'unsafe-inline', or not the host the base code loads the Pixel Tag from; the browser refuses the script, so nothing is tracked.",
             "Add the source the message names to script-src (`pixeltag csp` prints them all; with csp.headers, `pixeltag inject` keeps them in the headers file).")
        case .extra:
            ("UnwantedBlock", "A block nothing wants any more",
             "A block for an event no rule, annotation or lock entry wants any more, the base code on an excluded page, or a click and submit listener no rule needs.",
             "Run `pixeltag inject`: it removes the block.")
        case .deleted:
            ("DeletedEvent", "An event a rule uses was deleted on the account",
             "With --online: the account no longer has an event that a rule in pixeltag.yml uses.",
             "Remove the rule (or point it at another event), then run `pixeltag sync`.")
        case .deactivated:
            ("InactiveEvent", "An event a rule uses is not active on the account",
             "With --online: an event a rule in pixeltag.yml uses is inactive on the account, so it records nothing.",
             "Activate the event in the adstat.pro dashboard, or remove the rule.")
        case .renamed:
            ("RenamedEvent", "An event was renamed on the account",
             "With --online: an event in the lock file has another title on the account; a rule that names it by its old title stops matching after the next sync.",
             "Write the new title in the rule (or use the event's id), then run `pixeltag sync`.")
        case .changed:
            ("ChangedCode", "The account's code differs from the lock file",
             "With --online: the base code, an event's code or other fields on the account changed since pixeltag.lock.json was synced.",
             "Run `pixeltag sync`, commit the lock file, and run `pixeltag inject`.")
        case .unused:
            ("UnusedRule", "A rule, glob or annotation of the config did nothing",
             "With --strict: a rule placed nothing on any page (its pages match no page, its selector matches no element, an earlier rule always places the event first), a glob matches no page, or an annotation-like comment or attribute could not be read.",
             "Fix the rule or glob the message names (pixeltag.yml, line), or remove it.")
        }
    }
}
