import Foundation
import Testing

/// ARCHITECTURE.md's claim, checked on the sources: the library's folders are stages that use
/// each other in one direction only. A folder uses another when its code names a type that
/// folder declares, or a member that folder adds to a standard type (`url.relativePathForDisplay`).
@Suite struct FolderDependencyTests {
    static let library = ToolRunner.packageRoot.appendingPathComponent("Sources/PixelTagKit")

    @Test func noTwoFoldersOfTheLibraryUseEachOthersTypes() throws {
        let graph = try FolderGraph(root: Self.library)
        #expect(graph.folders.count > 10, "no folders read under \(Self.library.path)")
        if ProcessInfo.processInfo.environment["PIXELTAG_PRINT_FOLDERS"] != nil { print(graph.table()) }
        let cycle = graph.cycle()
        #expect(cycle == nil, "the folders use each other: \(cycle.map(graph.describe) ?? ""); move the shared type down a stage (Model/, Support/), or let the lower folder hold plain values the upper one interprets")
    }

    @Test func aFolderThatUsesAnotherFoldersUserIsACycle() throws {
        let root = try Self.tree([
            "Lower/Page.swift": "/// A Marker in a comment is no use.\npublic struct Page {\n    var markers: [Marker] = []\n}\n",
            "Upper/Marker.swift": "struct Marker {\n    let page: Page\n}\n",
        ])
        let graph = try FolderGraph(root: root)
        #expect(graph.edges["Lower"]?["Upper"] == ["Marker"])
        #expect(graph.cycle().map(graph.describe) == "Lower → Upper (Marker) → Lower (Page)")
    }

    @Test func namesInCommentsAndStringsAreNoUseButInterpolationsAre() throws {
        let root = try Self.tree([
            "Lower/Text.swift": """
                extension URL {
                    var shown: String { "" }
                }
                struct Text {
                    // Marker
                    /* Marker /* nested */ Marker */
                    let a = "Marker \\"Marker\\""
                    let b = #"Marker "\\#(c.shown)" Marker"#
                    let c = \"\"\"
                        Marker \\(Marker.self)
                        \"\"\"
                }
                """,
            "Upper/Marker.swift": "enum Marker {\n    static let path = URL(fileURLWithPath: \"/\").shown\n}\n",
        ])
        let graph = try FolderGraph(root: root)
        #expect(graph.edges["Lower"]?["Upper"] == ["Marker"])
        #expect(graph.edges["Upper"]?["Lower"] == ["URL.shown"])
    }

    @Test func foldersThatUseEachOtherOnlyOneWayHaveNoCycle() throws {
        let root = try Self.tree([
            "Lower/Page.swift": "struct Page {}\n",
            "Middle/Rule.swift": "struct Rule {\n    let page: Page\n}\n",
            "Upper/Marker.swift": "struct Marker {\n    let rule: Rule\n    let page: Page\n}\n",
        ])
        let graph = try FolderGraph(root: root)
        #expect(graph.edges["Upper"]?.keys.sorted() == ["Lower", "Middle"])
        #expect(graph.cycle() == nil)
    }

    static func tree(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("folder-graph-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root
    }
}

/// Which top-level folder of a Swift target uses which, read from its sources as text: the
/// types each folder declares at file scope, the members its file-scope extensions add to
/// types declared outside the target, and the names each folder's code (without comments and
/// string literals, with their interpolations) mentions.
struct FolderGraph {
    /// By folder, the folders it uses and the names it uses them by.
    var edges: [String: [String: Set<String>]] = [:]
    var folders: Set<String> = []
    /// By folder, its lines of Swift.
    var lines: [String: Int] = [:]

    init(root: URL) throws {
        var codeByFile: [(folder: String, code: [UInt8])] = []
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        while let url = walker?.nextObject() as? URL {
            guard url.pathExtension == "swift" else { continue }
            let relative = url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1)
            // A file beside the folders belongs to none: it is the target's front door.
            guard let slash = relative.firstIndex(of: "/") else { continue }
            let source = Array(try Data(contentsOf: url))
            codeByFile.append((String(relative[..<slash]), Self.code(of: source)))
            lines[String(relative[..<slash]), default: 0] += source.count { $0 == UInt8(ascii: "\n") }
        }
        folders = Set(codeByFile.map(\.folder))
        var typeOwners: [String: Set<String>] = [:]
        var extensions: [(folder: String, type: String, members: [String])] = []
        for file in codeByFile {
            let (types, extended) = Self.declarations(in: file.code)
            for type in types { typeOwners[type, default: []].insert(file.folder) }
            extensions += extended.map { (file.folder, $0.type, $0.members) }
        }
        // Members added to a type of the target itself go with that type's folder.
        var memberOwners: [String: Set<String>] = [:]
        var memberTypes: [String: String] = [:]
        for item in extensions where typeOwners[String(item.type.prefix { $0 != "." })] == nil {
            for member in item.members {
                memberOwners[member, default: []].insert(item.folder)
                memberTypes[member] = item.type
            }
        }
        for file in codeByFile {
            for use in Self.identifiers(in: file.code) {
                let owners = use.afterDot ? memberOwners[use.name] : typeOwners[use.name]
                for owner in owners ?? [] where owner != file.folder {
                    edges[file.folder, default: [:]][owner, default: []].insert(use.afterDot ? "\(memberTypes[use.name]!).\(use.name)" : use.name)
                }
            }
        }
    }

    /// A path of folders that leads back to its start, the start written at both ends; nil
    /// when the folders use each other one way only.
    func cycle() -> [String]? {
        var state: [String: Bool] = [:]  // false: on the current path; true: done, no cycle through it
        var path: [String] = []
        func visit(_ folder: String) -> [String]? {
            if state[folder] == true { return nil }
            if state[folder] == false { return Array(path[path.firstIndex(of: folder)!...]) + [folder] }
            state[folder] = false
            path.append(folder)
            for next in (edges[folder] ?? [:]).keys.sorted() {
                if let found = visit(next) { return found }
            }
            path.removeLast()
            state[folder] = true
            return nil
        }
        for folder in folders.sorted() {
            if let found = visit(folder) { return found }
        }
        return nil
    }

    /// ARCHITECTURE.md's table (`PIXELTAG_PRINT_FOLDERS=1 swift test --filter FolderDependencyTests`):
    /// each folder with its lines and the folders it uses, the most used last.
    func table() -> String {
        var depth: [String: Int] = [:]
        func level(_ folder: String) -> Int {
            if let known = depth[folder] { return known }
            depth[folder] = 0  // a cycle stops here; the test above fails on it anyway
            let found = (edges[folder] ?? [:]).keys.map { level($0) + 1 }.max() ?? 0
            depth[folder] = found
            return found
        }
        let order = folders.sorted { (-level($0), $0) < (-level($1), $1) }
        return (["| folder | lines | uses |", "| --- | ---: | --- |"] + order.map { folder in
            let uses = (edges[folder] ?? [:]).keys.sorted { (-level($0), $0) < (-level($1), $1) }.map { "\($0)/" }
            return "| \(folder)/ | \(lines[folder] ?? 0) | \(uses.isEmpty ? "nothing" : uses.joined(separator: ", ")) |"
        }).joined(separator: "\n")
    }

    /// `A → B (Name) → A (Other)`: each step with the names that make it.
    func describe(_ cycle: [String]) -> String {
        var text = cycle[0]
        for (from, to) in zip(cycle, cycle.dropFirst()) {
            text += " → \(to) (\((edges[from]?[to] ?? []).sorted().joined(separator: ", ")))"
        }
        return text
    }

    /// The types declared at file scope, and each file-scope extension's type with the names
    /// of the members it declares (at its first indentation).
    static func declarations(in code: [UInt8]) -> (types: [String], extensions: [(type: String, members: [String])]) {
        let modifiers: Set<String> = ["public", "package", "internal", "private", "fileprivate", "final", "indirect", "nonisolated", "static", "mutating", "override", "convenience", "required", "lazy"]
        var types: [String] = []
        var extensions: [(type: String, members: [String])] = []
        var inExtension = false
        for line in code.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            let indent = line.prefix { $0 == UInt8(ascii: " ") }.count
            if indent == 0 && line.first == UInt8(ascii: "}") { inExtension = false; continue }
            guard indent == 0 || (inExtension && indent == 4) else { continue }
            // Attributes (`@MainActor`, `@available(…)`) and modifiers come before the keyword.
            var words = String(decoding: line, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "(" || $0 == ":" || $0 == "<" || $0 == "{" || $0 == "=" }).map(String.init)[...]
            while let first = words.first, first.hasPrefix("@") || first.hasPrefix(")") || modifiers.contains(first) { words = words.dropFirst() }
            guard words.count >= 2 else { continue }
            let keyword = words[words.startIndex], name = words[words.startIndex + 1]
            if indent == 0 {
                if ["struct", "enum", "class", "protocol", "actor", "typealias"].contains(keyword) { types.append(name) }
                inExtension = keyword == "extension"
                if inExtension { extensions.append((name, [])) }
            } else if ["func", "var", "let"].contains(keyword), let first = name.first, first.isLetter || first == "_" {
                extensions[extensions.count - 1].members.append(String(name.prefix { $0.isLetter || $0.isNumber || $0 == "_" }))
            }
        }
        return (types, extensions)
    }

    /// Each identifier of the code, and whether it follows a dot (a member's name).
    static func identifiers(in code: [UInt8]) -> Set<Pair> {
        var found: Set<Pair> = []
        var index = 0
        func isStart(_ byte: UInt8) -> Bool { (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F }
        func isPart(_ byte: UInt8) -> Bool { isStart(byte) || (byte >= 0x30 && byte <= 0x39) }
        while index < code.count {
            guard isStart(code[index]), index == 0 || !isPart(code[index - 1]) else { index += 1; continue }
            let start = index
            while index < code.count && isPart(code[index]) { index += 1 }
            found.insert(Pair(name: String(decoding: code[start..<index], as: UTF8.self), afterDot: start > 0 && code[start - 1] == UInt8(ascii: ".")))
        }
        return found
    }

    struct Pair: Hashable {
        var name: String
        var afterDot: Bool
    }

    /// The source with comments and the text of string literals blanked out (line breaks kept,
    /// so declarations stay at the start of their lines); what `\(…)` interpolates is code.
    static func code(of source: [UInt8]) -> [UInt8] {
        enum Context {
            case code(parens: Int)
            case string(hashes: Int, multiline: Bool)
        }
        let quote = UInt8(ascii: "\""), hash = UInt8(ascii: "#"), slash = UInt8(ascii: "/"), star = UInt8(ascii: "*")
        let backslash = UInt8(ascii: "\\"), newline = UInt8(ascii: "\n"), space = UInt8(ascii: " ")
        var out: [UInt8] = []
        out.reserveCapacity(source.count)
        var stack: [Context] = [.code(parens: 0)]
        var index = 0
        func at(_ offset: Int) -> UInt8? { index + offset < source.count ? source[index + offset] : nil }
        func hashes(from start: Int) -> Int {
            var count = 0
            while start + count < source.count && source[start + count] == hash { count += 1 }
            return count
        }
        func blank(_ count: Int) {
            for offset in 0..<count where index + offset < source.count {
                out.append(source[index + offset] == newline ? newline : space)
            }
            index += count
        }
        while index < source.count {
            let byte = source[index]
            switch stack[stack.count - 1] {
            case .code(let parens):
                if byte == slash && at(1) == slash {
                    while index < source.count && source[index] != newline { blank(1) }
                } else if byte == slash && at(1) == star {
                    var depth = 0
                    repeat {
                        if at(0) == slash && at(1) == star { depth += 1; blank(2) }
                        else if at(0) == star && at(1) == slash { depth -= 1; blank(2) }
                        else { blank(1) }
                    } while depth > 0 && index < source.count
                } else if byte == quote || (byte == hash && source.dropFirst(index).first(where: { $0 != hash }) == quote) {
                    let count = hashes(from: index)
                    let multiline = at(count + 1) == quote && at(count + 2) == quote
                    blank(count + (multiline ? 3 : 1))
                    stack.append(.string(hashes: count, multiline: multiline))
                } else if byte == UInt8(ascii: ")") && parens == 0 && stack.count > 1 {
                    stack.removeLast()
                    blank(1)
                } else {
                    if byte == UInt8(ascii: "(") { stack[stack.count - 1] = .code(parens: parens + 1) }
                    if byte == UInt8(ascii: ")") { stack[stack.count - 1] = .code(parens: parens - 1) }
                    out.append(byte)
                    index += 1
                }
            case .string(let count, let multiline):
                if byte == backslash && hashes(from: index + 1) == count {
                    if at(count + 1) == UInt8(ascii: "(") {
                        blank(count + 2)
                        stack.append(.code(parens: 0))
                    } else {
                        blank(count + 2)
                    }
                } else if byte == quote && (!multiline || (at(1) == quote && at(2) == quote)) && hashes(from: index + (multiline ? 3 : 1)) >= count {
                    blank((multiline ? 3 : 1) + count)
                    stack.removeLast()
                } else {
                    blank(1)
                }
            }
        }
        return out
    }
}

/// The C the library calls stays in the one file each kind of call is wrapped in
/// (ARCHITECTURE.md): a port or a change of library touches that file alone.
@Suite struct ConfinementTests {
    /// By the library's files (relative paths), their code without comments and strings.
    static func code() throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        let root = FolderDependencyTests.library.standardizedFileURL.path
        let walker = FileManager.default.enumerator(atPath: root)
        while let path = walker?.nextObject() as? String {
            guard path.hasSuffix(".swift") else { continue }
            files[path] = FolderGraph.code(of: Array(try Data(contentsOf: URL(fileURLWithPath: root + "/" + path))))
        }
        return files
    }

    static func files(in code: [String: [UInt8]], where matches: (Set<String>, String) -> Bool) -> [String] {
        code.compactMap { path, bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            return matches(Set(FolderGraph.identifiers(in: bytes).map(\.name)), text) ? path : nil
        }.sorted()
    }

    @Test func onlyPlatformSwiftImportsTheCLibrary() throws {
        let found = Self.files(in: try Self.code()) { _, text in
            text.range(of: #"(?m)^\s*(@\S+\s+)?import\s+(Glibc|Darwin|Musl|WinSDK)\b"#, options: .regularExpression) != nil
        }
        #expect(found == ["Support/Platform.swift"])
    }

    @Test func onlyTheLibXMLWrapperImportsLibXML2() throws {
        let found = Self.files(in: try Self.code()) { _, text in text.contains("import CLibXML2") }
        #expect(found == ["HTML/Tokenizing/LibXMLParser.swift"])
    }

    @Test func onlyPlatformSwiftCallsMemchrAndMemcmp() throws {
        let found = Self.files(in: try Self.code()) { names, _ in names.contains("memchr") || names.contains("memcmp") }
        #expect(found == ["Support/Platform.swift"])
    }

    /// The library has no product (ARCHITECTURE.md, "API surface"): what the executable uses
    /// is `package`, and a `public` would promise an API no one outside can reach.
    @Test func theLibraryDeclaresNothingPublic() throws {
        let found = Self.files(in: try Self.code()) { names, _ in names.contains("public") }
        #expect(found == [])
    }
}
