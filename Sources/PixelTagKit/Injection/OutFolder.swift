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
