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
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
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
        var info = stat()
        return lstat(url.path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK
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
        let fd = open(path, O_RDONLY | O_CLOEXEC | (followingLinks ? 0 : O_NOFOLLOW))
        guard fd >= 0 else {
            if errno == ELOOP && !followingLinks { return nil }
            throw PixelTagError.io("cannot read (\(String(cString: strerror(errno))))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw PixelTagError.io("cannot read (\(String(cString: strerror(errno))))") }
        let size = Int(info.st_size)
        guard size <= limit else { throw PixelTagError.input(PageLimits.tooLarge(size, limit: limit)) }
        var bytes = [UInt8](repeating: 0, count: size)
        var offset = 0
        while offset < size {
            let got = bytes.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress! + offset, size - offset) }
            if got < 0 {
                if errno == EINTR { continue }
                throw PixelTagError.io("cannot read (\(String(cString: strerror(errno))))")
            }
            if got == 0 { break }
            offset += got
        }
        if offset < size { bytes.removeLast(size - offset) }
        return PageFile(bytes: bytes, mode: info.st_mode)
    }
}
