/// What a lock file must hold beyond its JSON shape before inject trusts it: a lock is
/// committed, so it may have been merged or edited by hand since `pixeltag sync` wrote it.
extension LockFile {
    /// Event ids go into markers percent-encoded (up to three bytes each), and a marker's
    /// label must stay within `Markers.maxLabelBytes` for the next run to read it back.
    package static let maxIDBytes = 1000

    /// The first problem, as "FIELD: what is wrong", naming the field the way JSON paths read
    /// (`events[2].code_snippet`); nil when the lock can be used.
    package func problem() -> String? {
        if account.isEmpty { return "account is empty" }
        if baseCode.codeSnippet.isEmpty { return "base_code.code_snippet is empty: the account's base code is missing" }
        var seen: [String: Int] = [:]
        for (index, event) in events.enumerated() {
            let field = "events[\(index)]"
            if event.id.isEmpty { return "\(field).id is empty" }
            if event.id.utf8.count > Self.maxIDBytes { return "\(field).id is longer than \(Self.maxIDBytes) bytes" }
            if let first = seen[event.id] {
                return "\(field).id \(Quote.text(event.id)) is also events[\(first)].id; each event must appear once"
            }
            seen[event.id] = index
            if event.codeSnippet.isEmpty { return "\(field).code_snippet is empty (event \(Quote.text(event.id)))" }
        }
        return nil
    }
}
