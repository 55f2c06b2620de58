import Foundation

extension URL {
    /// The path relative to the working folder when it lies inside it: shorter in messages.
    package var relativePathForDisplay: String {
        let cwd = FileManager.default.currentDirectoryPath
        let path = standardizedFileURL.path
        if path == cwd { return "." }
        if path.hasPrefix(cwd + "/") { return String(path.dropFirst(cwd.count + 1)) }
        return path
    }

    /// A path inside this folder (the site) as a person types it from the working folder,
    /// e.g. `public/blog/index.html`: the one form of path pixeltag shows people.
    package func displayPath(of relative: String) -> String {
        let folder = relativePathForDisplay
        return folder == "." ? relative : folder + "/" + relative
    }
}
