/// The report for people: each page with problems and its findings by line, lock findings,
/// then the summary. Colours only when asked (the command asks on a terminal without
/// NO_COLOR), so a log file never holds escape codes.
package enum TextReport {
    package static func render(_ report: VerificationReport, colors: Bool) -> String {
        let style = Style(enabled: colors)
        var out = ""
        for page in report.pages where page.status != .passed || !page.warnings.isEmpty {
            out += style.bold(report.displayPath(of: page.path)) + "\n"
            switch page.status {
            case .skipped: out += "  " + style.yellow("skipped") + ": \(page.message ?? "")\n"
            case .error: out += "  " + style.red("error") + ": \(page.message ?? "")\n"
            default: break
            }
            let all = (page.findings.map { ($0, false) } + page.warnings.map { ($0, true) }).sorted { ($0.0.line ?? 0) < ($1.0.line ?? 0) }
            for (finding, isWarning) in all {
                out += "  line \(finding.line.map(String.init) ?? "-"): " + line(finding, isWarning: isWarning, style: style)
            }
        }
        if !report.configFindings.isEmpty {
            out += style.bold(report.config) + "\n"
            for finding in report.configFindings {
                out += "  line \(finding.line.map(String.init) ?? "-"): " + line(finding, isWarning: !report.strict, style: style)
            }
        }
        if !report.lockFindings.isEmpty {
            out += style.bold("\(report.lock) (compared with the account)") + "\n"
            for finding in report.lockFindings {
                let place = [finding.file, finding.line.map(String.init)].compactMap { $0 }.joined(separator: ":")
                out += "  \(place): " + style.red(finding.kind.rawValue) + ": \(finding.message)\n"
            }
        }
        let line = report.summaryLine
        out += (report.exitCode == 0 ? style.green(line) : style.bold(line)) + "\n"
        return out
    }

    /// `kind: message`, or `warning: kind: message`, and a newline.
    static func line(_ finding: Finding, isWarning: Bool, style: Style) -> String {
        (isWarning ? style.yellow("warning") + ": " + finding.kind.rawValue : style.red(finding.kind.rawValue)) + ": \(finding.message)\n"
    }

    struct Style {
        var enabled: Bool
        func bold(_ text: String) -> String { wrap(text, "1") }
        func red(_ text: String) -> String { wrap(text, "31") }
        func yellow(_ text: String) -> String { wrap(text, "33") }
        func green(_ text: String) -> String { wrap(text, "32") }
        private func wrap(_ text: String, _ code: String) -> String {
            enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
        }
    }
}
