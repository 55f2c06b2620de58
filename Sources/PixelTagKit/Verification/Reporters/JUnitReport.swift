import Foundation

/// JUnit XML as CI test report viewers read it, valid against the common (Apache Ant) JUnit
/// schema that Schemas/junit.xsd states: a single `testsuite` root, one `testcase` per page
/// (and one for the lock file when it was compared online), a page's findings in its one
/// `failure`, `skipped` and `error` for pages that were not checked.
package enum JUnitReport {
    package static func render(_ report: VerificationReport, timestamp: Date = Date(), hostname: String = ProcessInfo.processInfo.hostName) -> String {
        let summary = report.summary
        let lockCase = report.online ? 1 : 0
        let configCase = report.configErrors.isEmpty ? 0 : 1
        let failures = summary.failed + (report.lockFindings.isEmpty ? 0 : 1) + configCase
        let attributes = [
            ("name", "pixeltag verify"),
            ("tests", String(summary.pages + lockCase + configCase)),
            ("failures", String(failures)),
            ("errors", String(summary.errors)),
            ("skipped", String(summary.skipped)),
            ("time", "0"),
            ("timestamp", Self.timestamp(timestamp)),
            ("hostname", hostname.isEmpty ? "localhost" : hostname),
        ]
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuite" + attributes.map { " \($0.0)=\"\(escape($0.1))\"" }.joined() + ">\n"
        out += "  <properties>\n"
        for (name, value) in [("site", report.site), ("lock", report.lock), ("config", report.config)] {
            out += "    <property name=\"\(name)\" value=\"\(escape(value))\"/>\n"
        }
        out += "  </properties>\n"
        for page in report.pages {
            let open = "  <testcase name=\"\(escape(report.displayPath(of: page.path)))\" classname=\"pixeltag.verify\" time=\"0\""
            switch page.status {
            case .passed:
                out += open + "/>\n"
            case .skipped:
                out += open + ">\n    <skipped message=\"\(escape(page.message ?? "skipped"))\"/>\n  </testcase>\n"
            case .error:
                out += open + ">\n    <error type=\"error\" message=\"\(escape(page.message ?? "cannot check"))\">\(escape(page.message ?? "", inText: true))</error>\n  </testcase>\n"
            case .failed:
                out += open + ">\n" + failure(page.findings) + "  </testcase>\n"
            }
        }
        if report.online {
            let open = "  <testcase name=\"\(escape(report.lock))\" classname=\"pixeltag.verify.lock\" time=\"0\""
            out += report.lockFindings.isEmpty ? open + "/>\n" : open + ">\n" + failure(report.lockFindings) + "  </testcase>\n"
        }
        if configCase == 1 {
            out += "  <testcase name=\"\(escape(report.config))\" classname=\"pixeltag.verify.config\" time=\"0\">\n" + failure(report.configErrors) + "  </testcase>\n"
        }
        out += "  <system-out>\(escape(report.summaryLine, inText: true))</system-out>\n"
        // Warnings fail nothing, so they are no test case's: the log viewers show them here.
        var warnings = report.configWarnings.map { "\($0.file ?? report.config):\($0.line.map(String.init) ?? ""): warning: \($0.kind.rawValue): \($0.message)" }
        for page in report.pages {
            warnings += page.warnings.map { "\(report.displayPath(of: page.path)):\($0.line.map(String.init) ?? ""): warning: \($0.kind.rawValue): \($0.message)" }
        }
        out += "  <system-err>\(escape(warnings.joined(separator: "\n"), inText: true))</system-err>\n"
        out += "</testsuite>\n"
        return out
    }

    /// One `failure` per test case (the schema allows one): its type is the first finding's
    /// kind, its text every finding, one a line.
    static func failure(_ findings: [Finding]) -> String {
        let kinds = findings.map(\.kind.rawValue).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let message = "\(findings.count) \(findings.count == 1 ? "finding" : "findings"): \(kinds.joined(separator: ", "))"
        let text = findings.map { finding in
            let place = [finding.file, finding.line.map { "line \($0)" }].compactMap { $0 }.joined(separator: " ")
            return (place.isEmpty ? "" : place + ": ") + "\(finding.kind.rawValue): \(finding.message)"
        }.joined(separator: "\n")
        return "    <failure type=\"\(escape(findings.first?.kind.rawValue ?? "failed"))\" message=\"\(escape(message))\">\(escape(text, inText: true))</failure>\n"
    }

    /// `2026-11-29T11:20:00`, in UTC: the schema's timestamp has no zone.
    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        return formatter.string(from: date)
    }

    /// Text for an attribute (line breaks as references, or a parser would turn them into
    /// spaces) or an element: markup escaped, characters XML 1.0 cannot hold replaced.
    static func escape(_ text: String, inText: Bool = false) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += inText ? "\n" : "&#10;"
            case "\r": out += "&#13;"
            case "\t": out += inText ? "\t" : "&#9;"
            default:
                let value = scalar.value
                let allowed = value >= 0x20 && !(0xD800...0xDFFF).contains(value) && value != 0xFFFE && value != 0xFFFF
                out.unicodeScalars.append(allowed ? scalar : "\u{FFFD}")
            }
        }
        return out
    }
}
