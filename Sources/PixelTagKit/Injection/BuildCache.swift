import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What pixeltag knew about each page when it last left it in its final state, so a re-run
/// skips pages untouched since, the way make and rsync do: without reading them.
///
/// A page counts as untouched only if its size, modification time, change time and inode are
/// all as recorded, and only while everything that decides its output is the same: the
/// `fingerprint` covers pixeltag's version, the config and the lock. The change time cannot
/// be set back by `touch`, and a page whose change time is within a clock tick of the cache's
/// save is never trusted (git's "racily clean" rule), so a write landing in the same tick as
/// pixeltag's own, after the run, is read again rather than missed.
public struct BuildCache: Sendable {
    /// A page's identity on disk.
    public struct Stamp: Sendable, Equatable {
        public var size: Int64
        public var modified: Int64
        public var changed: Int64
        public var inode: UInt64

        /// nil when the file cannot be stat'ed (it will simply be read).
        public static func of(_ url: URL) -> Stamp? { of(path: url.path) }

        public static func of(path: String) -> Stamp? {
            var info = stat()
            guard lstat(path, &info) == 0 else { return nil }
            return Stamp(
                size: Int64(info.st_size),
                modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
                changed: Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec),
                inode: UInt64(info.st_ino)
            )
        }
    }

    public let fingerprint: String
    /// When the cache was saved (ns since 1970); entries changed within a second of it are not trusted.
    private var savedAt: Int64
    private var entries: [String: Stamp]
    private var recorded: [String: Stamp] = [:]

    static let header = "pixeltag-cache 1"

    /// An empty cache for `fingerprint`.
    public init(fingerprint: String) {
        self.fingerprint = fingerprint
        savedAt = 0
        entries = [:]
    }

    /// The cache in `file`, or an empty one when it is missing, unreadable, or made for other
    /// rules: a cache can only ever save work, never decide a page's content.
    public static func load(from file: URL, fingerprint: String) -> BuildCache {
        var cache = BuildCache(fingerprint: fingerprint)
        guard let data = FileManager.default.contents(atPath: file.path) else { return cache }
        // Read as bytes: one line per page of a possibly very big site, on every run.
        let bytes = [UInt8](data)
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)[...]
        guard let first = lines.popFirst() else { return cache }
        let head = first.split(separator: UInt8(ascii: " "))
        guard head.count == 4, String(decoding: head[0] + [UInt8(ascii: " ")] + head[1], as: UTF8.self) == header,
              String(decoding: head[2], as: UTF8.self) == fingerprint, let savedAt = number(head[3]) else { return cache }
        cache.savedAt = savedAt
        cache.entries.reserveCapacity(lines.count)
        for line in lines {
            let fields = line.split(separator: UInt8(ascii: " "), maxSplits: 4)
            guard fields.count == 5, let size = number(fields[0]), let modified = number(fields[1]),
                  let changed = number(fields[2]), let inode = number(fields[3]), inode >= 0 else { continue }
            cache.entries[String(decoding: fields[4], as: UTF8.self)] = Stamp(size: size, modified: modified, changed: changed, inode: UInt64(inode))
        }
        return cache
    }

    /// A decimal number of the cache file (digits, maybe a leading minus), as bytes.
    private static func number(_ digits: ArraySlice<UInt8>) -> Int64? {
        var value: Int64 = 0
        var negative = false
        var sawDigit = false
        for (index, byte) in zip(digits.indices, digits) {
            if byte == UInt8(ascii: "-") && index == digits.startIndex { negative = true; continue }
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowSum) = times.addingReportingOverflow(Int64(byte - 0x30))
            guard !overflowTimes && !overflowSum else { return nil }
            value = sum
            sawDigit = true
        }
        return sawDigit ? (negative ? -value : value) : nil
    }

    /// Whether `path` is known to be in its final state: stamped as recorded, and recorded
    /// safely before the cache was saved.
    public func isUpToDate(_ path: String, stamp: Stamp?) -> Bool {
        guard let stamp, let entry = entries[path], entry == stamp else { return false }
        // A write in the same clock tick as pixeltag's stamp would leave the times as they were.
        // Times in whole seconds mean a coarse filesystem (ext3, FAT, HFS+): allow two seconds.
        let tick: Int64 = entry.changed % 1_000_000_000 == 0 ? 2_000_000_000 : 50_000_000
        return entry.changed < savedAt - tick
    }

    /// True when this run recorded exactly what the cache already trusted: saving would
    /// change nothing but the time.
    public var isUnchanged: Bool {
        recorded.count == entries.count && recorded.allSatisfy { path, stamp in
            entries[path] == stamp && stamp.changed < savedAt - 2_000_000_000
        }
    }

    /// Notes a page's stamp as it stands now that pixeltag is done with it.
    public mutating func record(_ path: String, stamp: Stamp?) {
        guard let stamp, !path.contains("\n") else { return }
        recorded[path] = stamp
    }

    /// Writes what this run recorded (pages no longer in the site drop out).
    public func save(to file: URL) throws {
        let now = Int64(Date().timeIntervalSince1970 * 1_000_000_000)
        var text = "\(Self.header) \(fingerprint) \(now)\n"
        for (path, stamp) in recorded.sorted(by: { $0.key < $1.key }) {
            text += "\(stamp.size) \(stamp.modified) \(stamp.changed) \(stamp.inode) \(path)\n"
        }
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try AtomicFile.write(Data(text.utf8), to: file)
    }

    /// The fingerprint of an inject run: pixeltag's version, the config and the lock as bytes,
    /// and the site folder.
    public static func fingerprint(for config: PixelTagConfig) -> String {
        let read = { (url: URL) in FileManager.default.contents(atPath: url.path).map { [UInt8]($0) } ?? [] }
        return fingerprint(of: [Array(PixelTagKit.version.utf8), Array("inject".utf8), read(config.file), read(config.lock),
                                Array(config.site.standardizedFileURL.path.utf8)])
    }

    /// A fingerprint of everything that decides a page's output.
    public static func fingerprint(of parts: [[UInt8]]) -> String {
        var value: UInt64 = 0xCBF2_9CE4_8422_2325
        for part in parts {
            for byte in part + [0xFF] {
                value ^= UInt64(byte)
                value = value &* 0x0000_0100_0000_01B3
            }
        }
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
