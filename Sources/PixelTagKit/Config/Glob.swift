/// A page glob, relative to the site folder, read as .gitignore reads them: `*`, `?` and
/// `[abc]` within one folder name, `**` for zero or more folders, and a pattern with no `/`
/// matches a file name in any folder.
package struct Glob: Sendable, Equatable {
    package let pattern: String
    private let segments: [Segment]
    /// For each segment, whether a `**` comes at or after it; where none does, the rest of
    /// the path must have exactly as many folders as there are segments left.
    private let doubleStarFrom: [Bool]

    /// One folder name of the pattern, sorted by how it can be matched: most patterns are
    /// `**`, `*.html` or plain names, which need no `fnmatch` (and no C string) per page.
    enum Segment: Sendable, Equatable {
        case anyFolders
        case anyName
        case literal([UInt8])
        case suffix([UInt8])
        case pattern([CChar])

        init(_ text: String) {
            let bytes = Array(text.utf8)
            let special = Set("*?[\\".utf8)
            if text == "**" {
                self = .anyFolders
            } else if text == "*" {
                self = .anyName
            } else if !bytes.contains(where: special.contains) {
                self = .literal(bytes)
            } else if bytes.first == UInt8(ascii: "*"), !bytes.dropFirst().contains(where: special.contains) {
                self = .suffix(Array(bytes.dropFirst()))
            } else {
                self = .pattern(Array(text.utf8CString))
            }
        }

        func matches(_ name: ArraySlice<UInt8>) -> Bool {
            switch self {
            case .anyFolders, .anyName: return true
            case .literal(let literal): return name.elementsEqual(literal)
            case .suffix(let suffix): return name.count >= suffix.count && name.suffix(suffix.count).elementsEqual(suffix)
            case .pattern(let pattern):
                let cName = Array(name) + [0]
                return cName.withUnsafeBufferPointer { name in
                    Platform.matches(glob: pattern, name: name)
                }
            }
        }
    }

    package init(_ pattern: String) {
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
        segments = trimmed.split(separator: "/", omittingEmptySubsequences: true).map { Segment(String($0)) }
        var seen = false
        var from = [Bool](repeating: false, count: segments.count + 1)
        for index in segments.indices.reversed() {
            if segments[index] == .anyFolders { seen = true }
            from[index] = seen
        }
        doubleStarFrom = from
    }

    /// Why a pattern cannot be used, or nil when it can.
    package static func problem(in pattern: String) -> String? {
        if pattern.split(separator: "/").contains("..") {
            return "\"\(pattern)\" climbs out of the site with `..`; globs are relative to the site folder"
        }
        if pattern.filter({ $0 == "[" }).count != pattern.filter({ $0 == "]" }).count {
            return "\"\(pattern)\" has an unclosed `[`"
        }
        return nil
    }

    /// Whether `path` (relative to the site, `/`-separated) matches.
    package func matches(_ path: String) -> Bool {
        matches(PathParts(path))
    }

    func matches(_ path: PathParts) -> Bool {
        match(segment: 0, part: 0, in: path)
    }

    private func match(segment: Int, part: Int, in path: PathParts) -> Bool {
        guard segment < segments.count else { return part == path.count }
        if segments[segment] == .anyFolders {
            if !doubleStarFrom[segment + 1] {
                // Only one split can work: the one that leaves a folder per remaining segment.
                let start = path.count - (segments.count - segment - 1)
                return start >= part && match(segment: segment + 1, part: start, in: path)
            }
            // Zero or more folders: try every split, shortest first.
            return (part...path.count).contains { match(segment: segment + 1, part: $0, in: path) }
        }
        guard part < path.count, segments[segment].matches(path[part]) else { return false }
        return match(segment: segment + 1, part: part + 1, in: path)
    }
}

/// A path's bytes and its folder names as ranges: split once, with no String per name.
struct PathParts {
    let bytes: [UInt8]
    let ranges: [Range<Int>]

    init(_ path: String) {
        bytes = Array(path.utf8)
        var ranges: [Range<Int>] = []
        var start = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "/") {
            if index > start { ranges.append(start..<index) }
            start = index + 1
        }
        self.ranges = ranges
    }

    var count: Int { ranges.count }
    subscript(index: Int) -> ArraySlice<UInt8> { bytes[ranges[index]] }
}

extension Array where Element == Glob {
    /// The path is split into folders once for all the globs: this runs for every page.
    package func anyMatches(_ path: String) -> Bool {
        guard !isEmpty else { return false }
        let parts = PathParts(path)
        return contains { $0.matches(parts) }
    }
}
