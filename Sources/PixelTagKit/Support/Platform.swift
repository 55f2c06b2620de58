// The one file that imports the C library. Everything pixeltag asks of the operating system
// below Foundation (raw file descriptors, directory streams, stat, fnmatch, and the
// vectorized memchr/memcmp behind ByteSearch) goes through the small types here, so a port
// (Musl, Darwin) or an audit of system calls reads one file.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed system call: the errno it left, and the system's own few words for it.
struct SystemCallError: Error, Equatable {
    let code: Int32

    var reason: String { Platform.reason(errno: code) }
    var isInterrupted: Bool { code == EINTR }
    var isLinkRefused: Bool { code == ELOOP }
    var isNameTaken: Bool { code == EEXIST }
}

enum Platform {
    static func reason(errno code: Int32) -> String { String(cString: strerror(code)) }

    /// `fnmatch(3)` without flags: `*`, `?` and `[…]`; both end in a NUL byte.
    static func matches(glob pattern: [CChar], name: UnsafeBufferPointer<UInt8>) -> Bool {
        name.withMemoryRebound(to: CChar.self) { systemFnmatch(pattern, $0.baseAddress!) }
    }

    static func unlink(_ path: String) { systemUnlink(path) }

    static func rename(_ from: String, to: String) throws(SystemCallError) {
        guard systemRename(from, to) == 0 else { throw SystemCallError(code: errno) }
    }
}

// Byte primitives: only ByteSearch calls these (the byte layer); every other search goes
// through it, so there is one place that knows which libc routine finds bytes fastest.
extension ByteSearch {
    /// The offset of the first `byte` in `base[start..<limit]`, by libc's vectorized memchr.
    @inline(__always)
    static func libcFirst(_ byte: UInt8, in base: UnsafePointer<UInt8>, from start: Int, before limit: Int) -> Int? {
        guard start < limit, let hit = memchr(base + start, Int32(byte), limit - start) else { return nil }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    /// Whether `count` bytes at `left` and `right` are equal, by memcmp.
    @inline(__always)
    static func libcEqual(_ left: UnsafeRawPointer, _ right: UnsafeRawPointer, count: Int) -> Bool {
        memcmp(left, right, count) == 0
    }
}

/// What `stat`/`lstat`/`fstat` say of a file, in the few fields pixeltag reads.
struct FileStatus: Equatable {
    enum Kind { case folder, file, link, other }

    var kind: Kind
    var size: Int64
    /// The permission bits and type, as `st_mode`.
    var mode: mode_t
    /// Nanoseconds since 1970.
    var modified: Int64
    var changed: Int64
    var inode: UInt64

    init(_ info: stat) {
        switch info.st_mode & S_IFMT {
        case S_IFDIR: kind = .folder
        case S_IFREG: kind = .file
        case S_IFLNK: kind = .link
        default: kind = .other
        }
        size = Int64(info.st_size)
        mode = info.st_mode
        #if canImport(Darwin)
        modified = Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
        changed = Int64(info.st_ctimespec.tv_sec) * 1_000_000_000 + Int64(info.st_ctimespec.tv_nsec)
        #else
        modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        changed = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
        #endif
        inode = UInt64(info.st_ino)
    }

    /// nil when the path cannot be stat'ed. `followingLinks: false` describes a link itself.
    static func of(path: String, followingLinks: Bool = true) -> FileStatus? {
        var info = stat()
        let result = followingLinks ? stat(path, &info) : lstat(path, &info)
        return result == 0 ? FileStatus(info) : nil
    }
}

/// An open file descriptor, closed by `close()` (callers `defer` it): the raw reads and
/// writes that Foundation's FileHandle would wrap in an object and a Data per call.
struct POSIXFile {
    private let descriptor: Int32

    /// For reading. `followingLinks: false` refuses a symbolic link (O_NOFOLLOW), which the
    /// thrown error's `isLinkRefused` tells apart: a check with no `lstat` of its own.
    static func open(readingAt path: String, followingLinks: Bool = true) throws(SystemCallError) -> POSIXFile {
        try open(path, O_RDONLY | O_CLOEXEC | (followingLinks ? 0 : O_NOFOLLOW), mode: 0)
    }

    /// A new file that must not exist yet (O_EXCL): `isNameTaken` when it does.
    static func create(_ path: String, mode: mode_t) throws(SystemCallError) -> POSIXFile {
        try open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode: mode)
    }

    /// For appending, made if missing.
    static func open(appendingTo path: String, mode: mode_t = 0o644) throws(SystemCallError) -> POSIXFile {
        try open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, mode: mode)
    }

    private static func open(_ path: String, _ flags: Int32, mode: mode_t) throws(SystemCallError) -> POSIXFile {
        let descriptor = systemOpen(path, flags, mode)
        guard descriptor >= 0 else { throw SystemCallError(code: errno) }
        return POSIXFile(descriptor: descriptor)
    }

    func close() { systemClose(descriptor) }

    func status() throws(SystemCallError) -> FileStatus {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw SystemCallError(code: errno) }
        return FileStatus(info)
    }

    /// Reads into `buffer` until it is full or the file ends; returns how many bytes came.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(SystemCallError) -> Int {
        var offset = 0
        while offset < buffer.count {
            let got = systemRead(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if got < 0 {
                if errno == EINTR { continue }
                throw SystemCallError(code: errno)
            }
            if got == 0 { break }
            offset += got
        }
        return offset
    }

    /// Writes all of `bytes`, however many calls it takes.
    func write(_ bytes: UnsafeRawBufferPointer) throws(SystemCallError) {
        var offset = 0
        while offset < bytes.count {
            let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw SystemCallError(code: errno)
            }
            guard written > 0 else { throw SystemCallError(code: EIO) }
            offset += written
        }
    }

    func write(_ bytes: [UInt8]) throws(SystemCallError) {
        try bytes.withUnsafeBytes { raw in Result { () throws(SystemCallError) in try write(raw) } }.get()
    }

    /// Gives the file exactly these permission bits (creating it applied the umask).
    func setMode(_ mode: mode_t) throws(SystemCallError) {
        guard fchmod(descriptor, mode) == 0 else { throw SystemCallError(code: errno) }
    }
}

/// A folder's entries in the order `readdir` gives them, one at a time, with the type the
/// directory entry already knows (no `stat` per file on most filesystems). Closed by `close()`.
struct POSIXDirectory {
    #if canImport(Darwin)
    private typealias Stream = UnsafeMutablePointer<DIR>
    #else
    private typealias Stream = OpaquePointer
    #endif

    struct Entry {
        var name: String
        /// nil when the filesystem does not say (DT_UNKNOWN): the caller stats the file.
        var kind: FileStatus.Kind?
    }

    private let stream: Stream

    init?(path: String) {
        guard let stream = opendir(path) else { return nil }
        self.stream = stream
    }

    /// The next entry other than `.` and `..`; nil at the end.
    func next() -> Entry? {
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let kind: FileStatus.Kind?
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_UNKNOWN): kind = nil
            case Int32(DT_DIR): kind = .folder
            case Int32(DT_REG): kind = .file
            case Int32(DT_LNK): kind = .link
            default: kind = .other
            }
            return Entry(name: name, kind: kind)
        }
        return nil
    }

    func close() { closedir(stream) }
}

// The C calls whose names the wrappers' own methods (open, read, write, close…) would shadow
// inside their types: at file level the C library's functions are what the names mean.
private func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { open(path, flags, mode) }
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int { read(descriptor, buffer, count) }
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(descriptor, bytes, count) }
private func systemClose(_ descriptor: Int32) { _ = close(descriptor) }
private func systemUnlink(_ path: String) { _ = unlink(path) }
private func systemRename(_ from: String, _ to: String) -> Int32 { rename(from, to) }
private func systemFnmatch(_ pattern: [CChar], _ name: UnsafePointer<CChar>) -> Bool { fnmatch(pattern, name, 0) == 0 }
