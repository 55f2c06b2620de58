import Foundation

/// Reading a built site's files: pages, and the names pixeltag's own temporary files have.
/// The walk over the site's folders is `SiteWalker`'s.
enum SiteFiles {
    private static let temporaryMarker = ByteSearch(Array(AtomicFile.temporaryMarker.utf8))

    /// A temporary file of AtomicFile's, by its name (bytes: this runs once per file).
    static func isTemporary(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { temporaryMarker.first(in: $0) != nil }
    }

    static func isDirectory(_ path: String) -> Bool {
        FileStatus.of(path: path)?.kind == .folder
    }

    /// The first folder on the way from `root` to `root/relative` that is a symbolic link, as
    /// a path for messages; nil when there is none. Writing below one would land outside `root`.
    static func linkedFolder(on relative: String, under root: URL) -> String? {
        var current = root
        for component in relative.split(separator: "/").dropLast() {
            current.appendPathComponent(String(component))
            if isSymbolicLink(current) { return current.relativePathForDisplay }
        }
        return nil
    }

    static func isSymbolicLink(_ url: URL) -> Bool {
        FileStatus.of(path: url.path, followingLinks: false)?.kind == .link
    }

    /// One read of the whole file, links followed; a file over `limit` bytes is not read at all.
    static func read(_ url: URL, limit: Int = .max) throws -> [UInt8] {
        try readPage(atPath: url.path, limit: limit, followingLinks: true)?.bytes ?? []
    }

    /// A page read for rewriting: its bytes, and the permission bits its new version keeps.
    struct PageFile {
        var bytes: [UInt8]
        var mode: mode_t
    }

    /// One open, one `fstat`, one read, straight into the array the parser uses; a file over
    /// `limit` bytes is not read at all. nil when `path` is a symbolic link and
    /// `followingLinks` is false: the link check rides on the open (O_NOFOLLOW) instead of
    /// costing an `lstat` per page.
    static func readPage(atPath path: String, limit: Int = .max, followingLinks: Bool = false) throws -> PageFile? {
        let file: POSIXFile
        do {
            file = try POSIXFile.open(readingAt: path, followingLinks: followingLinks)
        } catch {
            if error.isLinkRefused && !followingLinks { return nil }
            throw PixelTagError.io("cannot read (\(error.reason))")
        }
        defer { file.close() }
        do {
            let status = try file.status()
            let size = Int(status.size)
            guard size <= limit else { throw PixelTagError.input(PageLimits.tooLarge(size, limit: limit)) }
            var bytes = [UInt8](repeating: 0, count: size)
            let got = try bytes.withUnsafeMutableBytes { buffer throws(SystemCallError) in try file.read(into: buffer) }
            if got < size { bytes.removeLast(size - got) }
            return PageFile(bytes: bytes, mode: status.mode)
        } catch let error as SystemCallError {
            throw PixelTagError.io("cannot read (\(error.reason))")
        }
    }
}
