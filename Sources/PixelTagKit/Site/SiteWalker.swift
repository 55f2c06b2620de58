import Foundation

/// A site's files one at a time, in the order readdir gives them, to whichever worker asks.
/// No list of the site's paths is ever held: one open folder per level of nesting is all
/// the walk keeps, so a site of 50,000 pages costs the memory of a site of 500.
final class SiteWalker: @unchecked Sendable {
    enum Entry: Equatable {
        case file(String)
        /// A symbolic link to a folder: never followed, so never written through.
        case folderLink(String)
    }

    private let root: String
    private let removingLeftovers: Bool
    /// The folders being read, outermost first, each with its path relative to the site.
    private var open: [(folder: POSIXDirectory, relative: String)] = []
    private let lock = NSLock()

    /// - Parameter removingLeftovers: delete the temporary files of a run that was killed
    ///   between writing and renaming; they are never pages.
    init(site: URL, removingLeftovers: Bool) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: site.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw PixelTagError.input("\(site.relativePathForDisplay): no such site folder; build the site first, or set `site:` in the config or pass --site DIR")
        }
        root = site.standardizedFileURL.resolvingSymlinksInPath().path
        self.removingLeftovers = removingLeftovers
        if let folder = POSIXDirectory(path: root) { open.append((folder, "")) }
    }

    deinit {
        for level in open { level.folder.close() }
    }

    /// Up to `count` entries at once. Workers that asked one at a time met at the lock
    /// (held across readdir and opendir) on a quarter of the pages of a run.
    func next(upTo count: Int) -> [Entry] {
        lock.withLock {
            var batch: [Entry] = []
            while batch.count < count, let entry = advance() { batch.append(entry) }
            return batch
        }
    }

    private func advance() -> Entry? {
        while let level = open.last {
            guard let entry = level.folder.next() else {
                level.folder.close()
                open.removeLast()
                continue
            }
            let name = entry.name
            let relative = level.relative.isEmpty ? name : level.relative + "/" + name
            // Built only when needed: a plain file's full path is the worker's business.
            var full: String { root + "/" + relative }
            if SiteFiles.isTemporary(name) {
                if removingLeftovers { Platform.unlink(full) }
                continue
            }
            // readdir knows the entry's type on most filesystems: no stat per file.
            guard let kind = entry.kind ?? FileStatus.of(path: full, followingLinks: false)?.kind else { continue }
            switch kind {
            case .folder:
                if let folder = POSIXDirectory(path: full) { open.append((folder, relative)) }
            case .file:
                return .file(relative)
            case .link:
                return SiteFiles.isDirectory(full) ? .folderLink(relative) : .file(relative)
            case .other:
                continue
            }
        }
        return nil
    }
}
