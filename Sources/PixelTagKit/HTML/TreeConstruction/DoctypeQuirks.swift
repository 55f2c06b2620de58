/// A `<!DOCTYPE …>` token as a browser's tokenizer reads it.
struct Doctype: Equatable {
    var name: String?
    var publicID: String?
    var systemID: String?
    /// Set by a doctype a browser finds malformed: it then renders in quirks mode.
    var forceQuirks = false

    /// Reads the doctype whose `<!DOCTYPE` starts at `range.lowerBound`; `range` runs to its
    /// `>`, or to the end of the input when `isCutOff`.
    init(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, isCutOff: Bool) {
        enum State {
            case beforeName, name, afterName
            /// After `PUBLIC` or `SYSTEM`, or between the two identifiers: a quote opens one.
            case beforeID(isPublic: Bool)
            case id(isPublic: Bool, quote: UInt8)
            case afterSystemID, bogus
        }
        var index = range.lowerBound + "<!doctype".utf8.count
        let end = isCutOff ? range.upperBound : range.upperBound - 1
        var state = State.beforeName
        var name: [UInt8] = [], publicID: [UInt8] = [], systemID: [UInt8] = []
        var hasName = false, hasPublic = false, hasSystem = false
        func append(_ byte: UInt8, to text: inout [UInt8]) {
            if byte == 0 { text += [0xEF, 0xBF, 0xBD] } else { text.append(byte) }
        }
        func keyword(_ word: String) -> Bool {
            let word = Array(word.utf8)
            guard index + word.count <= end else { return false }
            return word.indices.allSatisfy { asciiLower(bytes[index + $0]) == word[$0] }
        }
        while index < end {
            let byte = bytes[index]
            let space = isHTMLSpace(byte)
            switch state {
            case .beforeName:
                if !space {
                    hasName = true
                    append(asciiLower(byte), to: &name)
                    state = .name
                }
            case .name:
                if space { state = .afterName } else { append(asciiLower(byte), to: &name) }
            case .afterName:
                if space { break }
                if keyword("public") || keyword("system") {
                    state = .beforeID(isPublic: keyword("public"))
                    index += 6
                    continue
                }
                forceQuirks = true
                state = .bogus
            case .beforeID(let isPublic):
                if space { break }
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    if isPublic { hasPublic = true } else { hasSystem = true }
                    state = .id(isPublic: isPublic, quote: byte)
                } else {
                    forceQuirks = true
                    state = .bogus
                }
            case .id(let isPublic, let quote):
                if byte == quote {
                    // A system identifier may follow a public one.
                    state = isPublic ? .beforeID(isPublic: false) : .afterSystemID
                } else if isPublic {
                    append(byte, to: &publicID)
                } else {
                    append(byte, to: &systemID)
                }
            case .afterSystemID:
                // Junk after the system identifier is ignored, without quirks.
                if !space { state = .bogus }
            case .bogus:
                break
            }
            index += 1
        }
        switch state {
        case .beforeName, .id:
            // No name at all (`<!DOCTYPE>`), or a `>` inside a quoted identifier.
            forceQuirks = true
        case .beforeID(let isPublic) where isPublic || !hasPublic:
            // `PUBLIC` or `SYSTEM` with no identifier after it.
            forceQuirks = true
        default:
            break
        }
        if isCutOff, case .bogus = state {} else if isCutOff { forceQuirks = true }
        func text(_ bytes: [UInt8]) -> String {
            bytes.withUnsafeBufferPointer { CharacterReferences.decode($0, 0..<$0.count, context: .none, decoding: .utf8) }
        }
        self.name = hasName ? text(name) : nil
        self.publicID = hasPublic ? text(publicID) : nil
        self.systemID = hasSystem ? text(systemID) : nil
    }
}

/// Whether a doctype puts a browser in quirks mode, which changes one thing pixeltag cares
/// about: `<table>` then does not close an open `<p>`.
enum DoctypeQuirks {
    private static let quirkyPublicPrefixes = [
        "+//silmaril//dtd html pro v0r11 19970101//", "-//as//dtd html 3.0 aswedit + extensions//",
        "-//advasoft ltd//dtd html 3.0 aswedit + extensions//", "-//ietf//dtd html", "-//metrius//dtd metrius presentational//",
        "-//microsoft//dtd internet explorer", "-//netscape comm. corp.//dtd", "-//o'reilly and associates//dtd",
        "-//softquad", "-//spyglass//dtd html 2.0 extended//", "-//sq//dtd html 2.0 hotmetal + extensions//",
        "-//sun microsystems corp.//dtd hotjava", "-//w3c//dtd html 3", "-//w3c//dtd html 4.0 frameset//",
        "-//w3c//dtd html 4.0 transitional//", "-//w3c//dtd html experimental", "-//w3c//dtd w3 html//",
        "-//w3o//dtd w3 html", "-//webtechs//dtd mozilla html",
    ]
    private static let quirkyWithoutSystem = ["-//w3c//dtd html 4.01 frameset//", "-//w3c//dtd html 4.01 transitional//"]

    static func isQuirks(_ doctype: Doctype) -> Bool {
        if doctype.forceQuirks || doctype.name != "html" { return true }
        let publicID = doctype.publicID?.lowercased()
        let systemID = doctype.systemID?.lowercased()
        if let publicID {
            if ["-//w3o//dtd w3 html strict 3.0//en//", "-/w3c/dtd html 4.0 transitional/en", "html"].contains(publicID) { return true }
            if quirkyPublicPrefixes.contains(where: { publicID.hasPrefix($0) }) { return true }
            if systemID == nil, quirkyWithoutSystem.contains(where: { publicID.hasPrefix($0) }) { return true }
        }
        return systemID == "http://www.ibm.com/data/dtd/v11/ibmxhtml1-transitional.dtd"
    }
}
