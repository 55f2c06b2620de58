import Foundation

/// What pixeltag knew about each page when it last left it in its final state, so a re-run
/// skips pages untouched since, the way make and rsync do: without reading them.
///
/// A page counts as untouched only if its size, modification time, change time and inode are
/// all as recorded, and only while everything that decides its output is the same: the
/// `fingerprint` covers pixeltag's version, the config and the lock. The change time cannot
/// be set back by `touch`, and a page whose change time is within a clock tick of the cache's
/// save is never trusted (git's "racily clean" rule), so a write landing in the same tick as
/// pixeltag's own, after the run, is read again rather than missed.
package struct BuildCache: Sendable {
    /// A page's identity on disk.
    package struct Stamp: Sendable, Equatable {
        package var size: Int64
        package var modified: Int64
        package var changed: Int64
        package var inode: UInt64

        /// nil when the file cannot be stat'ed (it will simply be read).
        package static func of(_ url: URL) -> Stamp? { of(path: url.path) }

        package static func of(path: String) -> Stamp? {
            guard let status = FileStatus.of(path: path, followingLinks: false) else { return nil }
            return Stamp(size: status.size, modified: status.modified, changed: status.changed, inode: status.inode)
        }
    }

    /// One page as the file stores it and the run keeps it: 48 bytes, no String. The path
    /// is kept as a 64-bit hash; two paths sharing a hash would also need the same size,
    /// times and inode to be mistaken for each other, which only one file can have.
    struct Record: Sendable, Equatable {
        var key: UInt64
        var stamp: Stamp
        /// What the event rules did on the page (`RuleUsage.bits`): a run that skips the page
        /// still knows which placed something and whose selector matched nothing.
        var placed: UInt64

        init(path: String, stamp: Stamp, placed: UInt64 = 0) {
            key = BuildCache.key(of: path)
            self.stamp = stamp
            self.placed = placed
        }
    }

    package let fingerprint: String
    /// When the last run saved the cache, in nanoseconds since 1970.
    private var savedAt: Int64
    /// As the file holds them.
    private var entries: [Record]
    /// Open addressing over `entries` by key (keys are hashes already): each slot holds an
    /// entry's index plus one, 0 when empty. A quarter of the entries' memory, and no sort.
    private var slots: [UInt32] = []
    /// Which entries this run found up to date, one bit each: those pages are kept as they
    /// were without a record of their own.
    private var seen: [UInt64] = []
    /// The pages this run read, in the workers' own arrays (joining them would copy them).
    private var recorded: [[Record]] = []

    /// The file starts with this, then the fingerprint's hash and the save time; a file from
    /// another version of the format reads as an empty cache.
    static let magic: UInt64 = 0x3365_6863_6163_7870 // "pxcache3", little-endian
    static let headerSize = 24

    package init(fingerprint: String) {
        self.fingerprint = fingerprint
        savedAt = 0
        entries = []
    }

    /// The cache in `file`, or an empty one when it is missing, unreadable, damaged or made
    /// for other rules (its fingerprint differs).
    package static func load(from file: URL, fingerprint: String) -> BuildCache {
        var cache = BuildCache(fingerprint: fingerprint)
        guard let fd = try? POSIXFile.open(readingAt: file.path) else { return cache }
        defer { fd.close() }
        guard let status = try? fd.status() else { return cache }
        let size = Int(status.size)
        let recordSize = MemoryLayout<Record>.stride
        guard size >= headerSize, (size - headerSize) % recordSize == 0 else { return cache }
        var header = [UInt64](repeating: 0, count: 3)
        guard header.withUnsafeMutableBytes({ readFully(fd, into: $0) }),
              header[0] == magic, header[1] == fingerprintKey(fingerprint) else { return cache }
        // Read straight into the records: the file is the array's bytes.
        let count = (size - headerSize) / recordSize
        var complete = false
        let records = [Record](unsafeUninitializedCapacity: count) { buffer, initialized in
            complete = readFully(fd, into: UnsafeMutableRawBufferPointer(buffer))
            initialized = complete ? count : 0
        }
        guard complete, count < Int(UInt32.max) else { return cache }
        cache.savedAt = Int64(bitPattern: header[2])
        cache.entries = records
        cache.slots = index(records)
        return cache
    }

    private static func index(_ records: [Record]) -> [UInt32] {
        var size = 16
        while size < records.count + records.count / 4 { size *= 2 }
        var slots = [UInt32](repeating: 0, count: size)
        for (number, record) in records.enumerated() {
            var slot = Int(truncatingIfNeeded: record.key) & (size - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = UInt32(number + 1)
        }
        return slots
    }

    private static func readFully(_ fd: POSIXFile, into buffer: UnsafeMutableRawBufferPointer) -> Bool {
        (try? fd.read(into: buffer)) == buffer.count
    }

    private func index(of key: UInt64) -> Int? {
        guard !slots.isEmpty else { return nil }
        var slot = Int(truncatingIfNeeded: key) & (slots.count - 1)
        while slots[slot] != 0 {
            let entry = Int(slots[slot]) - 1
            if entries[entry].key == key { return entry }
            slot = (slot + 1) & (slots.count - 1)
        }
        return nil
    }

    /// Whether the page at `path`, now stamped `stamp`, is exactly as pixeltag left it.
    package func isUpToDate(_ path: String, stamp: Stamp?) -> Bool {
        upToDateIndex(path, stamp: stamp) != nil
    }

    /// The entry that vouches for the page, when one does.
    func upToDateIndex(_ path: String, stamp: Stamp?) -> Int? {
        guard let stamp, let index = index(of: Self.key(of: path)), entries[index].stamp == stamp else { return nil }
        // A write in the same clock tick as pixeltag's stamp would leave the times as they were.
        // Times in whole seconds mean a coarse filesystem (ext3, FAT, HFS+): allow two seconds.
        let tick: Int64 = stamp.changed % 1_000_000_000 == 0 ? 2_000_000_000 : 50_000_000
        return stamp.changed < savedAt - tick ? index : nil
    }

    /// What the rules did on the page of an entry `upToDateIndex` gave (`RuleUsage.bits`).
    func ruleBits(at index: Int) -> UInt64 {
        entries[index].placed
    }

    /// A bit per entry, for a worker to mark the entries it found up to date.
    func emptySeenBits() -> [UInt64] {
        [UInt64](repeating: 0, count: (entries.count + 63) / 64)
    }

    static func mark(_ index: Int, in bits: inout [UInt64]) {
        bits[index / 64] |= 1 << UInt64(index % 64)
    }

    mutating func markSeen(_ bits: [UInt64]) {
        if seen.isEmpty { seen = emptySeenBits() }
        for word in bits.indices where word < seen.count { seen[word] |= bits[word] }
    }

    private func wasSeen(_ index: Int) -> Bool {
        index / 64 < seen.count && seen[index / 64] & (1 << UInt64(index % 64)) != 0
    }

    /// True when saving would write what the file already holds: every page found as it
    /// was, none added or gone, and none recent enough to need a re-check.
    package var isUnchanged: Bool {
        recorded.allSatisfy(\.isEmpty) && entries.indices.allSatisfy { index in
            wasSeen(index) && entries[index].stamp.changed < savedAt - 2_000_000_000
        }
    }

    /// Notes a page as pixeltag leaves it this run.
    package mutating func record(_ path: String, stamp: Stamp?) {
        guard let stamp else { return }
        if recorded.isEmpty { recorded.append([]) }
        recorded[recorded.count - 1].append(Record(path: path, stamp: stamp))
    }

    mutating func record(contentsOf records: [Record]) {
        recorded.append(records)
    }

    /// Writes what this run saw: the entries found up to date and the pages recorded.
    /// `now` is the save time to store (tests move it).
    package func save(to file: URL, now: Int64? = nil) throws {
        let savedAt = now ?? Int64(Date().timeIntervalSince1970 * 1_000_000_000)
        let header: [UInt64] = [Self.magic, Self.fingerprintKey(fingerprint), UInt64(bitPattern: savedAt)]
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let stride = MemoryLayout<Record>.stride
        try header.withUnsafeBytes { head in
            try entries.withUnsafeBytes { loaded in
                // The entries kept go out in runs straight from the loaded buffer, not copied first.
                var parts = [head]
                var runStart: Int?
                for index in 0...entries.count {
                    let kept = index < entries.count && wasSeen(index)
                    if kept, runStart == nil { runStart = index }
                    if !kept, let start = runStart {
                        parts.append(UnsafeRawBufferPointer(rebasing: loaded[(start * stride)..<(index * stride)]))
                        runStart = nil
                    }
                }
                try withBytes(of: recorded[...]) { rest in try AtomicFile.write(parts + rest, toPath: file.path) }
            }
        }
    }

    /// The bytes of each array, all valid at once.
    private func withBytes(of arrays: ArraySlice<[Record]>, _ body: ([UnsafeRawBufferPointer]) throws -> Void) throws {
        guard let first = arrays.first else { return try body([]) }
        try first.withUnsafeBytes { bytes in
            try withBytes(of: arrays.dropFirst()) { rest in try body([bytes] + rest) }
        }
    }

    /// FNV-1a, then a final mix so that paths differing in their last bytes spread over the keys.
    static func key(of path: String) -> UInt64 {
        var value: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in path.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01B3
        }
        value ^= value >> 33
        value = value &* 0xFF51_AFD7_ED55_8CCD
        value ^= value >> 33
        return value
    }

    private static func fingerprintKey(_ fingerprint: String) -> UInt64 { key(of: fingerprint) }

    /// The fingerprint of an inject run: pixeltag's version, the config and the lock as bytes,
    /// and the site folder.
    package static func fingerprint(for config: PixelTagConfig, site: URL) -> String {
        let read = { (url: URL) in FileManager.default.contents(atPath: url.path).map { [UInt8]($0) } ?? [] }
        return fingerprint(of: [Array(PixelTagKit.version.utf8), Array("inject".utf8), read(config.file), read(config.lock),
                                Array(site.standardizedFileURL.path.utf8)])
    }

    /// A fingerprint of everything that decides a page's output.
    package static func fingerprint(of parts: [[UInt8]]) -> String {
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
