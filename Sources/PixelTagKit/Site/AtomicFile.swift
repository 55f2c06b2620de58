import Foundation

/// Writes files so that a reader (or a crash) only ever sees the old or the new content.
package enum AtomicFile {
    /// The suffix of the temporary files pixeltag writes beside their target; a later run
    /// removes leftovers of a run that was killed between write and rename.
    package static let temporaryMarker = ".pixeltag-tmp-"

    /// Writes `data` to a temporary file in the same folder, then renames it over `url`.
    /// The rename is atomic on POSIX file systems because both names share a folder.
    /// An existing file keeps its permission bits.
    package static func write(_ data: Data, to url: URL) throws {
        try data.withUnsafeBytes { try write($0, toPath: url.path) }
    }

    /// The same for a file a person named (a report): its folder is made first, as a CI step
    /// on a fresh checkout expects (`--output reports/pixeltag-junit.xml`).
    package static func write(_ data: Data, toNewOrExisting url: URL) throws {
        let folder = url.deletingLastPathComponent()
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), !isFolder.boolValue {
            throw PixelTagError.io("\(url.relativePathForDisplay): \(folder.relativePathForDisplay) is a file, not a folder; write the report elsewhere or move that file")
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw PixelTagError.io("\(url.relativePathForDisplay): cannot make its folder \(folder.relativePathForDisplay) (\(SystemError.reason(error))); check the path and its permissions")
        }
        try write(data, to: url)
    }

    /// The same for bytes already in memory and a path: no copy into `Data`, no `URL` work,
    /// for the run that writes thousands of pages. `mode`, when the caller already has the
    /// file's permission bits from its read, saves a `stat`.
    package static func write(_ bytes: [UInt8], toPath path: String, mode: mode_t? = nil) throws {
        try bytes.withUnsafeBytes { try write([$0], toPath: path, knownMode: mode) }
    }

    /// The parts one after another, as one file: no copy into one buffer first.
    static func write(_ parts: [UnsafeRawBufferPointer], toPath path: String) throws {
        try write(parts, toPath: path, knownMode: nil)
    }

    private static func write(_ raw: UnsafeRawBufferPointer, toPath path: String, knownMode: mode_t? = nil) throws {
        try write([raw], toPath: path, knownMode: knownMode)
    }

    private static func write(_ parts: [UnsafeRawBufferPointer], toPath path: String, knownMode: mode_t?) throws {
        let slash = path.utf8.lastIndex(of: UInt8(ascii: "/"))
        let folder = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.utf8.index(after: $0)...]) } ?? path

        var mode: mode_t = 0o644
        if let knownMode {
            mode = knownMode & 0o7777
        } else if let existing = FileStatus.of(path: path) {
            mode = existing.mode & 0o7777
        }

        var file: POSIXFile?
        var temporary = ""
        var refusal = SystemCallError(code: 0)
        // O_EXCL makes the name ours; a name taken (by another pixeltag in the same folder) just
        // moves on to the next number.
        for _ in 0..<100 {
            temporary = folder + "/." + name + temporaryMarker + TemporaryName.next()
            do {
                file = try POSIXFile.create(temporary, mode: mode)
                break
            } catch {
                refusal = error
                if !error.isNameTaken { break }
            }
        }
        guard let file else {
            throw PixelTagError.io("\(path): cannot write a temporary file beside it (\(refusal.reason)); check the folder's permissions")
        }
        do throws(SystemCallError) {
            do {
                defer { file.close() }
                for raw in parts where raw.count > 0 { try file.write(raw) }
                // Creating the file applied the umask; give back the bits the old file had when it took any.
                if ProcessUmask.clears(mode) { try file.setMode(mode) }
            }
            try Platform.rename(temporary, to: path)
        } catch {
            Platform.unlink(temporary)
            throw PixelTagError.io("\(path): cannot write (\(error.reason)); the file was left as it was")
        }
    }
}
