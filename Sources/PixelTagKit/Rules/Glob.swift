#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A page glob, relative to the site folder, read as .gitignore reads them: `*`, `?` and
/// `[abc]` within one folder name, `**` for zero or more folders, and a pattern with no `/`
/// matches a file name in any folder.
public struct Glob: Sendable, Equatable {
    public let pattern: String
    private let segments: [String]

    public init(_ pattern: String) {
        self.pattern = pattern
        var trimmed = pattern
        while trimmed.hasPrefix("./") { trimmed.removeFirst(2) }
        // A folder pattern (`drafts/`) means everything in it, as in .gitignore.
        if trimmed.hasSuffix("/") { trimmed += "**" }
        if trimmed.hasPrefix("/") {
            trimmed.removeFirst()
        } else if !trimmed.contains("/") {
            trimmed = "**/" + trimmed
        }
        segments = trimmed.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    /// Why a pattern cannot be used, or nil when it can.
    public static func problem(in pattern: String) -> String? {
        if pattern.split(separator: "/").contains("..") {
            return "\"\(pattern)\" climbs out of the site with `..`; globs are relative to the site folder"
        }
        if pattern.filter({ $0 == "[" }).count != pattern.filter({ $0 == "]" }).count {
            return "\"\(pattern)\" has an unclosed `[`"
        }
        return nil
    }

    /// Whether `path` (relative to the site, `/`-separated) matches.
    public func matches(_ path: String) -> Bool {
        matches(parts: path.split(separator: "/", omittingEmptySubsequences: true).map(String.init))
    }

    func matches(parts: [String]) -> Bool {
        match(segmentIndex: 0, parts: parts[...])
    }

    private func match(segmentIndex: Int, parts: ArraySlice<String>) -> Bool {
        guard segmentIndex < segments.count else { return parts.isEmpty }
        let segment = segments[segmentIndex]
        if segment == "**" {
            // Zero or more folders: try every split, shortest first.
            var rest = parts
            while true {
                if match(segmentIndex: segmentIndex + 1, parts: rest) { return true }
                guard !rest.isEmpty else { return false }
                rest = rest.dropFirst()
            }
        }
        guard let first = parts.first, fnmatch(segment, first, 0) == 0 else { return false }
        return match(segmentIndex: segmentIndex + 1, parts: parts.dropFirst())
    }
}

extension Array where Element == Glob {
    /// The path is split into folders once for all the globs: this runs for every page.
    public func anyMatches(_ path: String) -> Bool {
        guard !isEmpty else { return false }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        return contains { $0.matches(parts: parts) }
    }
}
