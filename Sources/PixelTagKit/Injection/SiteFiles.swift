import Foundation

/// The files of a built site, relative to its folder, in a stable order.
enum SiteFiles {
    /// The files of the site, and the symbolic links to folders in it, which are not followed:
    /// writing through one would change files outside the site.
    struct Listing {
        var files: [String] = []
        var folderLinks: [String] = []
    }

    /// - Parameter removingLeftovers: delete temporary files of a run that was killed.
    static func list(in site: URL, removingLeftovers: Bool) throws -> [String] {
        try listing(in: site, removingLeftovers: removingLeftovers).files
    }

    static func listing(in site: URL, removingLeftovers: Bool) throws -> Listing {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: site.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw PixelTagError.input("\(site.relativePathForDisplay): no such site folder; build the site first, or set `site:` in the config or pass --site DIR")
        }
        let root = site.standardizedFileURL.resolvingSymlinksInPath().path
        guard let walker = FileManager.default.enumerator(atPath: root) else { return Listing() }
        var listing = Listing()
        while let relative = walker.nextObject() as? String {
            let full = root + "/" + relative
            if Self.isTemporary(relative) {
                // Left by a run that was killed between writing and renaming: never a page.
                if removingLeftovers { unlink(full) }
                continue
            }
            var info = stat()
            guard lstat(full, &info) == 0 else { continue }
            let type = info.st_mode & S_IFMT
            if type == S_IFLNK, isDirectory(full) {
                walker.skipDescendants()
                listing.folderLinks.append(relative)
            } else if type == S_IFREG || type == S_IFLNK {
                listing.files.append(relative)
            }
        }
        listing.files.sort()
        listing.folderLinks.sort()
        return listing
    }

    private static let temporaryMarker = ByteSearch(Array(AtomicFile.temporaryMarker.utf8))

    /// A temporary file of AtomicFile's, by its name (bytes: this runs once per file).
    static func isTemporary(_ relative: String) -> Bool {
        var name = relative
        let last = name.utf8.lastIndex(of: UInt8(ascii: "/")).map { name.utf8.index(after: $0) } ?? name.utf8.startIndex
        name = String(name[last...])
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

    /// One read of the whole file, straight into the array the parser uses; a file over
    /// `limit` bytes is not read at all.
    static func read(_ url: URL, limit: Int = .max) throws -> [UInt8] {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw PixelTagError.io("cannot read (\(String(cString: strerror(errno))))") }
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
        return bytes
    }
}
