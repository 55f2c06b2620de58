import Foundation

/// The report for programs. Its schema (Schemas/verify-report.schema.json, README "verify
/// --format json") is stable: `version` changes only when a field changes meaning or goes;
/// new fields and new finding kinds may be added within a version.
package enum JSONReport {
    package static let version = 1

    struct Document: Encodable {
        var version: Int
        var site: String
        var summary: Summary
        var lock: Lock
        var config: Config
        var pages: [Page]
    }

    struct Summary: Encodable {
        var pages, passed, failed, skipped, errors, findings, warnings: Int
        var kinds: [String: Int]
    }

    /// The config's rules and globs that placed nothing, and rules naming inactive events:
    /// `findings` with --strict, else `warnings`.
    struct Config: Encodable {
        var path: String
        var strict: Bool
        var findings: [Finding]
        var warnings: [Finding]
    }

    struct Lock: Encodable {
        var path: String
        var checkedOnline: Bool
        var findings: [Finding]

        enum CodingKeys: String, CodingKey {
            case path, findings
            case checkedOnline = "checked_online"
        }
    }

    struct Page: Encodable {
        var path: String
        var status: PageVerdict.Status
        var message: String?
        var findings: [Finding]
        var warnings: [Finding]

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(path, forKey: .path)
            try c.encode(status, forKey: .status)
            try c.encode(message, forKey: .message)  // null rather than absent
            try c.encode(findings, forKey: .findings)
            try c.encode(warnings, forKey: .warnings)
        }

        enum CodingKeys: String, CodingKey { case path, status, message, findings, warnings }
    }

    package static func render(_ report: VerificationReport) -> String {
        let summary = report.summary
        let document = Document(
            version: version,
            site: report.site,
            summary: Summary(
                pages: summary.pages, passed: summary.passed, failed: summary.failed, skipped: summary.skipped,
                errors: summary.errors, findings: summary.findings, warnings: summary.warnings,
                kinds: Dictionary(uniqueKeysWithValues: summary.kinds.map { ($0.key.rawValue, $0.value) })
            ),
            lock: Lock(path: report.lock, checkedOnline: report.online, findings: report.lockFindings),
            config: Config(path: report.config, strict: report.strict, findings: report.configErrors, warnings: report.configWarnings),
            pages: report.pages.map { Page(path: $0.path, status: $0.status, message: $0.message, findings: $0.findings, warnings: $0.warnings) }
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Strings, numbers and nulls only: encoding cannot fail.
        let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
