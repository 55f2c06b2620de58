import Foundation

/// Checks on `--out`: a copy of the site written inside the site would be read as pages by the
/// next run (and copied into itself again), one written over the site is not a copy, and one
/// written into a folder that holds the site (a Jekyll project's root, with `_site` in it)
/// overwrites the files beside the site, such as the sources it was built from.
enum OutFolder {
    static func check(_ out: URL, site: URL) throws {
        let outPath = resolved(out), sitePath = resolved(site)
        let shown = out.relativePathForDisplay
        if outPath == sitePath {
            throw PixelTagError.input("--out \(shown): the folder is the site itself; leave out --out to rewrite the pages in place")
        }
        if outPath.hasPrefix(sitePath + "/") {
            throw PixelTagError.input("--out \(shown): the folder is inside the site \(site.relativePathForDisplay), whose pages the next run would read again; write it beside the site, e.g. --out dist")
        }
        if outPath == "/" || sitePath.hasPrefix(outPath + "/") {
            throw PixelTagError.input("--out \(shown): the folder holds the site \(site.relativePathForDisplay), so the copy would overwrite the files beside it (your sources, say); nothing was written. Write it to a folder of its own, e.g. --out dist")
        }
    }

    /// The path with every symbolic link resolved, for folders that do not exist yet too.
    static func resolved(_ url: URL) -> String {
        var existing = url.standardizedFileURL
        var missing: [String] = []
        while !FileManager.default.fileExists(atPath: existing.path) && existing.path != "/" {
            missing.insert(existing.lastPathComponent, at: 0)
            existing.deleteLastPathComponent()
        }
        return missing.reduce(existing.resolvingSymlinksInPath()) { $0.appendingPathComponent($1) }.standardizedFileURL.path
    }
}

/// `--out` gives a copy that is the site, not a merge with what the folder held. pixeltag
/// keeps a list of the files it wrote there (`.pixeltag-out`, inside the folder), so a
/// later run removes those the site no longer has (a deleted post); a file it did not
/// write and the site does not have is someone else's, and is removed only when
/// `--delete-extra` says so: otherwise the run is refused before anything is written.
extension OutFolder {
    private static let manifestHeader = "# Files pixeltag wrote to this --out folder, one a line (% escapes %, newline and CR); a later run removes those the site no longer has.\n"

    /// What a run must do to `out` before it copies the site into it.
    struct Cleanup: Sendable, Equatable {
        /// Files (relative to `out`) the site no longer has: pixeltag's own, or extras `--delete-extra` allows.
        var remove: [String] = []
        /// Files pixeltag did not write that the site does not have, left alone without `--delete-extra`.
        var extra: [String] = []
    }

    /// Compares `out` with the site, file by file, reading the manifest only for the
    /// files the site lacks; `out` missing or empty needs nothing.
    static func cleanup(_ out: URL, site: URL, deleteExtra: Bool) throws -> Cleanup {
        let files = try listFiles(in: out)
        // Whatever the site has at a path (a folder too, where `out` has a link to one) is the
        // copy's business, which writes it or fails that page; only what the site lacks goes.
        let candidates = files.filter { !FileManager.default.fileExists(atPath: site.appendingPathComponent($0).path) }
        guard !candidates.isEmpty else { return Cleanup() }
        let written = readManifest(of: out)
        var cleanup = Cleanup()
        for path in candidates.sorted() {
            if written.contains(path) || deleteExtra { cleanup.remove.append(path) } else { cleanup.extra.append(path) }
        }
        return cleanup
    }

    /// The refusal for files pixeltag did not write: a few named, and what to do.
    static func refusal(_ cleanup: Cleanup, out: URL, dryRun: Bool) -> PixelTagError {
        let shown = out.relativePathForDisplay
        let count = cleanup.extra.count
        let named = cleanup.extra.prefix(3).map { out.appendingPathComponent($0).relativePathForDisplay }.joined(separator: ", ")
        let more = count > 3 ? " and \(count - 3) more" : ""
        return PixelTagError.input("--out \(shown): \(count) \(count == 1 ? "file" : "files") the site does not have and pixeltag did not write (\(named)\(more)); \(dryRun ? "" : "nothing was written. ")The copy must be the site alone: add --delete-extra to remove them, move them away, or write to an empty folder")
    }

    /// Removes the files, then the folders they leave empty (never `out` itself).
    static func remove(_ paths: [String], from out: URL) throws {
        let root = out.standardizedFileURL.path
        for path in paths {
            let file = out.appendingPathComponent(path)
            do {
                try FileManager.default.removeItem(at: file)
            } catch where (try? FileManager.default.attributesOfItem(atPath: file.path)) == nil {
                continue  // already gone
            } catch {
                throw PixelTagError.io("\(file.relativePathForDisplay): cannot remove it from the --out folder (\(error.localizedDescription)); check its permissions")
            }
            var folder = file.deletingLastPathComponent().standardizedFileURL
            while folder.path.hasPrefix(root + "/"),
                  (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.isEmpty == true {
                try? FileManager.default.removeItem(at: folder)
                folder = folder.deletingLastPathComponent().standardizedFileURL
            }
        }
    }

    /// Writes the manifest: every file now in `out`, which after a run is what pixeltag put there.
    static func recordManifest(in out: URL) throws {
        let lines = try listFiles(in: out).sorted().map(escape)
        let text = manifestHeader + lines.map { $0 + "\n" }.joined()
        do {
            try AtomicFile.write(Data(text.utf8), to: out.appendingPathComponent(FileNames.outManifest))
        } catch let error as PixelTagError {
            throw error
        } catch {
            throw PixelTagError.io("\(out.appendingPathComponent(FileNames.outManifest).relativePathForDisplay): cannot write the list of files pixeltag wrote (\(error.localizedDescription)); check that the --out folder is writable")
        }
    }

    static func readManifest(of out: URL) -> Set<String> {
        guard let text = try? String(contentsOf: out.appendingPathComponent(FileNames.outManifest), encoding: .utf8) else { return [] }
        return Set(text.split(separator: "\n", omittingEmptySubsequences: true).filter { !$0.hasPrefix("#") }.map { unescape(String($0)) })
    }

    /// Files (and links) under `out`, relative to it; links to folders are not followed.
    static func listFiles(in out: URL) throws -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: out.path, isDirectory: &isFolder) else { return [] }
        guard isFolder.boolValue else {
            throw PixelTagError.input("--out \(out.relativePathForDisplay): a file, not a folder; give a folder for the copy of the site, e.g. --out dist")
        }
        let root = out.standardizedFileURL.resolvingSymlinksInPath().path
        var files: [String] = []
        var folders = [""]
        while let relative = folders.popLast() {
            let folder = relative.isEmpty ? root : root + "/" + relative
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: folder)
            } catch {
                throw PixelTagError.io("\(folder): cannot list the --out folder (\(error.localizedDescription)); check its permissions")
            }
            for name in names {
                let path = relative.isEmpty ? name : relative + "/" + name
                if path == FileNames.outManifest { continue }
                let type = (try? FileManager.default.attributesOfItem(atPath: root + "/" + path))?[.type] as? FileAttributeType
                if type == .typeDirectory { folders.append(path) } else { files.append(path) }
            }
        }
        return files
    }

    private static func escape(_ path: String) -> String {
        path.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\n", with: "%0A").replacingOccurrences(of: "\r", with: "%0D")
    }

    /// Every other `%` was escaped, so percent-decoding undoes `escape` exactly.
    private static func unescape(_ line: String) -> String {
        line.removingPercentEncoding ?? line
    }
}
