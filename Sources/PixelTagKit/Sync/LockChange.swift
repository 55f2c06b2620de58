/// One difference between the lock file on disk and the account as the API returns it.
package enum LockChange: Sendable, Equatable, CustomStringConvertible {
    /// There was no lock file.
    case lockCreated
    /// The lock file could not be read and is replaced whole.
    case lockReplaced(reason: String)
    case accountChanged(from: String, to: String)
    case baseCodeChanged
    case eventAdded(id: String, title: String)
    case eventRemoved(id: String, title: String)
    case eventRenamed(id: String, from: String, to: String)
    case snippetChanged(id: String, title: String)
    case statusChanged(id: String, title: String, from: String?, to: String?)
    case eventTypeChanged(id: String, title: String, from: String?, to: String?)
    /// A field that pixeltag does not inject (pixel_id, created_at…) changed.
    case eventDetailsChanged(id: String, title: String)
    case typesChanged(added: [String], removed: [String])
    /// Same content, different bytes (an older pixeltag wrote it, or a hand edit).
    case reformatted

    package var description: String {
        switch self {
        case .lockCreated:
            "+ lock file created"
        case .lockReplaced(let reason):
            "~ lock file replaced: \(reason)"
        case .accountChanged(let from, let to):
            "~ account changed: \(Quote.id(from)) -> \(Quote.id(to))"
        case .baseCodeChanged:
            "~ base code changed"
        case .eventAdded(let id, let title):
            "+ event \(Quote.id(id)) \(Quote.text(title)) added"
        case .eventRemoved(let id, let title):
            "- event \(Quote.id(id)) \(Quote.text(title)) removed"
        case .eventRenamed(let id, let from, let to):
            "~ event \(Quote.id(id)) renamed: \(Quote.text(from)) -> \(Quote.text(to))"
        case .snippetChanged(let id, let title):
            "~ event \(Quote.id(id)) \(Quote.text(title)): code snippet changed"
        case .statusChanged(let id, let title, let from, let to):
            "~ event \(Quote.id(id)) \(Quote.text(title)): status \(from ?? "none") -> \(to ?? "none")"
        case .eventTypeChanged(let id, let title, let from, let to):
            "~ event \(Quote.id(id)) \(Quote.text(title)): type \(from ?? "none") -> \(to ?? "none")"
        case .eventDetailsChanged(let id, let title):
            "~ event \(Quote.id(id)) \(Quote.text(title)): details changed"
        case .typesChanged(let added, let removed):
            "~ event types changed:" + (added.isEmpty ? "" : " added \(added.joined(separator: ", "))")
                + (added.isEmpty || removed.isEmpty ? "" : ";") + (removed.isEmpty ? "" : " removed \(removed.joined(separator: ", "))")
                + (added.isEmpty && removed.isEmpty ? " labels" : "")
        case .reformatted:
            "~ lock file reformatted (no change in content)"
        }
    }

    /// The differences from `old` (nil: no lock yet) to `new`, in a stable order: lock,
    /// account, base code, events by id, types.
    package static func changes(from old: LockFile?, to new: LockFile) -> [LockChange] {
        guard let old else { return [.lockCreated] }
        var changes: [LockChange] = []
        if old.account != new.account { changes.append(.accountChanged(from: old.account, to: new.account)) }
        if old.baseCode != new.baseCode { changes.append(.baseCodeChanged) }

        let before = Dictionary(old.events.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(new.events.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for id in Set(before.keys).union(after.keys).sorted() {
            switch (before[id], after[id]) {
            case (nil, let added?):
                changes.append(.eventAdded(id: id, title: added.title))
            case (let removed?, nil):
                changes.append(.eventRemoved(id: id, title: removed.title))
            case (let was?, let now?) where was != now:
                changes += eventChanges(was, now)
            default:
                break
            }
        }

        let oldTypes = Set(old.types.map(\.type)), newTypes = Set(new.types.map(\.type))
        if old.types.sorted(by: { $0.type < $1.type }) != new.types.sorted(by: { $0.type < $1.type }) {
            changes.append(.typesChanged(added: newTypes.subtracting(oldTypes).sorted(), removed: oldTypes.subtracting(newTypes).sorted()))
        }
        return changes
    }

    private static func eventChanges(_ was: PixelEvent, _ now: PixelEvent) -> [LockChange] {
        var changes: [LockChange] = []
        let id = now.id
        if was.title != now.title { changes.append(.eventRenamed(id: id, from: was.title, to: now.title)) }
        if was.codeSnippet != now.codeSnippet { changes.append(.snippetChanged(id: id, title: now.title)) }
        if was.status != now.status { changes.append(.statusChanged(id: id, title: now.title, from: was.status, to: now.status)) }
        if was.type != now.type { changes.append(.eventTypeChanged(id: id, title: now.title, from: was.type, to: now.type)) }
        if changes.isEmpty { changes.append(.eventDetailsChanged(id: id, title: now.title)) }
        return changes
    }
}
