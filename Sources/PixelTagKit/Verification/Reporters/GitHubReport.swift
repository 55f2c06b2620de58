/// GitHub Actions workflow commands: one `::error` annotation per finding, on the page's line.
///
/// GitHub shows only the first ten error annotations of a step, so the order matters: page
/// errors and lock drift first, then one finding of each kind and event before a second of
/// any, so the first ten show every different problem. A `::notice` with the summary ends
/// the report; the full list is in the job summary (`MarkdownSummary`).
package enum GitHubReport {
    /// How many error annotations GitHub shows for one step.
    package static let shownPerStep = 10

    struct Annotation {
        var file: String
        var line: Int?
        var title: String
        var message: String
        var rank: Int
        var group: String
    }

    package static func render(_ report: VerificationReport) -> String {
        var out = ""
        let annotations = ordered(report)
        func write(_ annotation: Annotation, as command: String) {
            var properties = ["file=" + escapeProperty(annotation.file)]
            if let line = annotation.line { properties.append("line=\(line)") }
            properties.append("title=" + escapeProperty(annotation.title))
            out += "::\(command) \(properties.joined(separator: ","))::\(escapeData(annotation.message))\n"
        }
        for annotation in annotations { write(annotation, as: "error") }
        // Warnings have their own ten a step on GitHub.
        for finding in report.configWarnings { write(self.annotation(finding, file: finding.file ?? report.config), as: "warning") }
        for page in report.pages {
            for finding in page.warnings { write(self.annotation(finding, file: report.displayPath(of: page.path)), as: "warning") }
        }
        var notice = report.summaryLine
        if annotations.count > shownPerStep {
            notice += "; GitHub shows the first \(shownPerStep) of \(annotations.count) annotations, the job summary lists them all"
        }
        if report.exitCode == 1 { notice += "; run `pixeltag inject` to fix the pages" }
        out += "::notice title=\(escapeProperty("pixeltag verify"))::\(escapeData(notice))\n"
        return out
    }

    /// Round robin over (kind, event) groups taken in order of importance.
    static func ordered(_ report: VerificationReport) -> [Annotation] {
        var all: [Annotation] = []
        for page in report.pages where page.status == .error {
            all.append(Annotation(file: report.displayPath(of: page.path), line: nil, title: "pixeltag verify: cannot check",
                                  message: page.message ?? "cannot check", rank: -1, group: "error"))
        }
        for finding in report.lockFindings {
            all.append(annotation(finding, file: finding.file ?? report.lock))
        }
        for finding in report.configErrors {
            all.append(annotation(finding, file: finding.file ?? report.config))
        }
        for page in report.pages {
            for finding in page.findings { all.append(annotation(finding, file: report.displayPath(of: page.path))) }
        }
        var groups: [String: [Annotation]] = [:]
        var order: [(rank: Int, first: Int, group: String)] = []
        for (index, item) in all.enumerated() {
            if groups[item.group] == nil { order.append((item.rank, index, item.group)) }
            groups[item.group, default: []].append(item)
        }
        let queues = order.sorted { ($0.rank, $0.first) < ($1.rank, $1.first) }.map { groups[$0.group]! }
        var result: [Annotation] = []
        var round = 0
        while result.count < all.count {
            for queue in queues where round < queue.count { result.append(queue[round]) }
            round += 1
        }
        return result
    }

    static func annotation(_ finding: Finding, file: String) -> Annotation {
        Annotation(file: file, line: finding.line, title: "pixeltag verify: \(finding.kind.rawValue)",
                   message: finding.message, rank: finding.kind.rank,
                   group: "\(finding.kind.rawValue) \(finding.subject.rawValue) \(finding.event ?? "")")
    }

    /// A command's message: `%`, CR and LF escaped, as GitHub's runner unescapes them.
    package static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// A property value (file, title): also `:` and `,`, which end a property.
    package static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
