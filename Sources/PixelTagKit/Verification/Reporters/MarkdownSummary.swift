import Foundation

/// The job summary GitHub shows on a run's page (appended to `$GITHUB_STEP_SUMMARY`): the
/// counts per kind and a table of findings, which has room for more than ten annotations.
package enum MarkdownSummary {
    /// Rows in the findings table; a site with more problems has one cause to fix first.
    package static let maximumRows = 200

    package static func render(_ report: VerificationReport) -> String {
        let summary = report.summary
        var out = "## pixeltag verify\n\n"
        out += report.exitCode == 0 ? "All \(summary.passed) pages pass.\n\n" : "\(cell(report.summaryLine)).\n\n"
        let kinds = Finding.Kind.allCases.filter { (summary.kinds[$0] ?? 0) > 0 }
        if !kinds.isEmpty {
            out += "| kind | findings |\n|---|---:|\n"
            for kind in kinds { out += "| \(kind.rawValue) | \(summary.kinds[kind] ?? 0) |\n" }
            out += "\n"
        }
        var rows: [String] = []
        for finding in report.lockFindings {
            rows.append(row(finding.file ?? report.lock, finding.line, finding.kind.rawValue, finding.event ?? finding.subject.rawValue, finding.message))
        }
        for finding in report.configFindings {
            let kind = report.strict ? finding.kind.rawValue : "warning: \(finding.kind.rawValue)"
            rows.append(row(finding.file ?? report.config, finding.line, kind, finding.event ?? finding.subject.rawValue, finding.message))
        }
        for page in report.pages {
            let path = report.displayPath(of: page.path)
            if page.status == .error { rows.append(row(path, nil, "error", "", page.message ?? "")) }
            for finding in page.findings {
                rows.append(row(path, finding.line, finding.kind.rawValue, finding.event ?? finding.subject.rawValue, finding.message))
            }
            for finding in page.warnings {
                rows.append(row(path, finding.line, "warning: \(finding.kind.rawValue)", finding.event ?? finding.subject.rawValue, finding.message))
            }
        }
        if !rows.isEmpty {
            out += "| file | line | kind | about | message |\n|---|---:|---|---|---|\n"
            out += rows.prefix(maximumRows).joined()
            if rows.count > maximumRows {
                out += "\n\(rows.count - maximumRows) more: run `pixeltag verify` to see them all.\n"
            }
            out += "\n"
        }
        return out
    }

    /// Appends the summary to the file GitHub names in `$GITHUB_STEP_SUMMARY`, making it if it
    /// is not there yet (GitHub makes it; a person trying the step locally may not have).
    package static func append(_ report: VerificationReport, toFile path: String) throws {
        let bytes = Array(render(report).utf8)
        do throws(SystemCallError) {
            let file = try POSIXFile.open(appendingTo: path)
            defer { file.close() }
            try file.write(bytes)
        } catch {
            throw PixelTagError.io("cannot append the job summary to $GITHUB_STEP_SUMMARY (\(path)): \(error.reason); the report above is complete, only the summary is missing")
        }
    }

    /// - Parameter subject: the event's id, or what else the finding is about (base, triggers…).
    static func row(_ file: String, _ line: Int?, _ kind: String, _ subject: String, _ message: String) -> String {
        "| `\(cell(file).replacingOccurrences(of: "`", with: "'"))` | \(line.map(String.init) ?? "") | \(kind) | \(cell(subject)) | \(cell(message)) |\n"
    }

    /// Table cells hold one line and no column separator.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
    }
}
