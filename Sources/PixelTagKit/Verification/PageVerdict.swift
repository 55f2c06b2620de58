/// What `pixeltag verify` concluded about one page.
package struct PageVerdict: Sendable, Equatable {
    package enum Status: String, Sendable, Codable {
        /// `inject` would not change the page, and it has no hand-pasted copy of the code.
        case passed
        case failed
        /// Not a page (empty, binary, a symbolic link): not checked, as inject leaves it alone.
        case skipped
        /// Could not be checked (unreadable, unknown charset, a broken block): inject fails on it too.
        case error
    }

    /// Relative to the site folder.
    package var path: String
    package var status: Status
    /// Sorted by line.
    package var findings: [Finding]
    /// Why a page was skipped or could not be checked.
    package var message: String?
    /// What does not fail the page but may not be what was meant (an annotation pixeltag could
    /// not read, one naming an inactive event); with --strict these are findings instead.
    package var warnings: [Finding]

    package init(path: String, status: Status, findings: [Finding] = [], message: String? = nil, warnings: [Finding] = []) {
        self.path = path
        self.status = status
        self.findings = findings
        self.message = message
        self.warnings = warnings
    }
}
