import Foundation

/// The report for programs. Its schema (Schemas/verify-report.schema.json, README "verify
/// --format json") is stable: `version` changes only when a field changes meaning or goes;
/// new fields and new finding kinds may be added within a version.
public enum JSONReport {
    public static let version = 1

    struct Document: Encodable {
        var version: Int
        var site: String
        var summary: Summary
        var lock: Lock
        var pages: [Page]
    }

    struct Summary: Encodable {
        var pages, passed, failed, skipped, errors, findings: Int
        var kinds: [String: Int]
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

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(path, forKey: .path)
            try c.encode(status, forKey: .status)
            try c.encode(message, forKey: .message)  // null rather than absent
            try c.encode(findings, forKey: .findings)
        }

        enum CodingKeys: String, CodingKey { case path, status, message, findings }
    }

    public static func render(_ report: VerificationReport) -> String {
        let summary = report.summary
        let document = Document(
            version: version,
            site: report.site,
            summary: Summary(
                pages: summary.pages, passed: summary.passed, failed: summary.failed, skipped: summary.skipped,
                errors: summary.errors, findings: summary.findings,
                kinds: Dictionary(uniqueKeysWithValues: summary.kinds.map { ($0.key.rawValue, $0.value) })
            ),
            lock: Lock(path: report.lock, checkedOnline: report.online, findings: report.lockFindings),
            pages: report.pages.map { Page(path: $0.path, status: $0.status, message: $0.message, findings: $0.findings) }
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Strings, numbers and nulls only: encoding cannot fail.
        let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
