import Foundation

/// `pixeltag.lock.json`: the account's base code, events and types as the API returned them,
/// committed with the site so that every build is reproducible and needs no network.
package struct LockFile: Codable, Sendable, Equatable {
    package static let currentVersion = 1

    package var version: Int
    package var account: String
    package var baseCode: BaseCode
    package var events: [PixelEvent]
    package var types: [EventType]
    /// Titles events had before a sync saw them renamed or deleted, so that a rule still
    /// naming one is told what became of it rather than to sync again. Absent from a lock
    /// whose events never changed that way: older locks read and write as before.
    package var formerTitles: [FormerTitle]?

    /// A title an event (by its id) no longer has: renamed, or deleted with its event.
    package struct FormerTitle: Codable, Sendable, Equatable {
        package var id: String
        package var title: String

        package init(id: String, title: String) {
            self.id = id
            self.title = title
        }
    }

    package init(account: String, baseCode: BaseCode, events: [PixelEvent], types: [EventType]) {
        self.version = Self.currentVersion
        self.account = account
        self.baseCode = baseCode
        self.events = events
        self.types = types
    }

    enum CodingKeys: String, CodingKey {
        case version, account, events, types
        case baseCode = "base_code"
        case formerTitles = "former_titles"
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decodeIfPresent(Int.self, forKey: .version) ?? Self.currentVersion
        account = try c.decode(String.self, forKey: .account)
        baseCode = try c.decode(BaseCode.self, forKey: .baseCode)
        events = try c.decodeIfPresent([PixelEvent].self, forKey: .events) ?? []
        types = try c.decodeIfPresent([EventType].self, forKey: .types) ?? []
        formerTitles = try c.decodeIfPresent([FormerTitle].self, forKey: .formerTitles)
    }

    /// Stable bytes: sorted keys, events sorted by id, types by type, and a final newline,
    /// so an unchanged account gives an unchanged file and a change reads well in a diff.
    package func encoded() -> Data {
        var normalized = self
        normalized.events.sort { $0.id < $1.id }
        normalized.types.sort { $0.type < $1.type }
        normalized.formerTitles = formerTitles?.sorted { ($0.title, $0.id) < ($1.title, $1.id) }
        if normalized.formerTitles?.isEmpty == true { normalized.formerTitles = nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings and numbers cannot fail.
        var data = (try? encoder.encode(normalized)) ?? Data()
        data.append(0x0A)
        return data
    }

    package func write(to url: URL) throws {
        try AtomicFile.write(encoded(), to: url)
    }

    package static func load(from url: URL) throws -> LockFile {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            if !FileManager.default.fileExists(atPath: url.path) {
                throw PixelTagError.input("\(url.path): no lock file; run `pixeltag sync` to fetch the account's base code and events into it")
            }
            throw PixelTagError.io("\(url.path): cannot read the lock file (\(error.localizedDescription))")
        }
        return try decode(data, path: url.path)
    }

    package static func decode(_ data: Data, path: String) throws -> LockFile {
        do {
            let lock = try JSONDecoder().decode(LockFile.self, from: data)
            guard lock.version <= currentVersion else {
                throw PixelTagError.input("\(path): lock file version \(lock.version) is newer than this pixeltag understands (\(currentVersion)); update pixeltag")
            }
            if let problem = lock.problem() {
                throw PixelTagError.input("\(path): \(problem); run `pixeltag sync` to write the lock again")
            }
            return lock
        } catch let error as PixelTagError {
            throw error
        } catch let error as DecodingError {
            throw PixelTagError.input("\(path): not a valid lock file: \(Self.describe(error)); run `pixeltag sync` to write it again")
        } catch {
            throw PixelTagError.input("\(path): not a valid lock file; run `pixeltag sync` to write it again")
        }
    }

    /// Finds an event by id first, then by exact title, so configs can name events the way
    /// people think of them while ids stay unambiguous.
    package func event(named name: String) -> PixelEvent? {
        events.first { $0.id == name } ?? events.first { $0.title == name }
    }

    /// What became of an event a name no longer finds: renamed (to the title it has now) or
    /// deleted. nil when the lock cannot tell (the name was never one it held).
    package func fate(of name: String) -> (id: String, renamedTo: String?)? {
        guard event(named: name) == nil, let former = formerTitles?.first(where: { $0.title == name || $0.id == name }) else { return nil }
        return (former.id, events.first { $0.id == former.id }?.title)
    }

    /// Advice for a rule or annotation naming `name` when the lock's history knows it:
    /// what to write instead, or that the event is gone.
    package func adviceForFormer(_ name: String) -> String? {
        guard let fate = fate(of: name) else { return nil }
        if let title = fate.renamedTo {
            return "event \(Quote.text(name)) was renamed on the account to \(Quote.text(title)) (id \(Quote.id(fate.id))); write \(Quote.text(title)) or the id \(Quote.id(fate.id)) instead"
        }
        return "event \(Quote.text(name)) (id \(Quote.id(fate.id))) was deleted on the account; remove what names it, or create the event again (`pixeltag events create`) and run `pixeltag sync`"
    }

    /// The titles `new` (the account as fetched) no longer has that `old` (the lock on disk)
    /// had or remembered: kept until an event takes the title again, so a rule written for
    /// the old title is explained however many syncs later it is run.
    package static func formerTitles(old: LockFile?, new: LockFile) -> [FormerTitle]? {
        guard let old, old.account == new.account else { return nil }
        let current = Set(new.events.map(\.title)).union(new.events.map(\.id))
        var kept: [String: FormerTitle] = [:]
        let renamedOrDeleted = old.events.compactMap { was -> FormerTitle? in
            let now = new.events.first { $0.id == was.id }
            return now?.title == was.title ? nil : FormerTitle(id: was.id, title: was.title)
        }
        // Newer history wins: a title renamed twice names the event that last had it.
        for former in (old.formerTitles ?? []) + renamedOrDeleted where !current.contains(former.title) {
            kept[former.title] = former
        }
        let list = kept.values.sorted { ($0.title, $0.id) < ($1.title, $1.id) }
        return list.isEmpty ? nil : list
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "the top level" : keys.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let at = path(context)
            return "missing \"\(key.stringValue)\"" + (context.codingPath.isEmpty ? "" : " in \(at)")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at \(path(context))"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not JSON" : "bad value at \(path(context))"
        @unknown default:
            return "unreadable"
        }
    }
}
