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

    /// `text` is the whole `<!DOCTYPE …>` token.
    static func isQuirks(_ text: [UInt8]) -> Bool {
        let lower = String(decoding: text.map(asciiLower), as: UTF8.self)
        var rest = lower.dropFirst("<!doctype".count).drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" }
        guard rest.hasPrefix("html") else { return true }
        rest = rest.dropFirst(4)
        let quoted = quotedStrings(in: String(rest))
        let publicID = rest.contains("public") ? quoted.first : nil
        let systemID = rest.contains("public") ? quoted.dropFirst().first : (rest.contains("system") ? quoted.first : nil)
        if let publicID {
            if ["-//w3o//dtd w3 html strict 3.0//en//", "-/w3c/dtd html 4.0 transitional/en", "html"].contains(publicID) { return true }
            if quirkyPublicPrefixes.contains(where: { publicID.hasPrefix($0) }) { return true }
            if systemID == nil, quirkyWithoutSystem.contains(where: { publicID.hasPrefix($0) }) { return true }
        }
        return systemID == "http://www.ibm.com/data/dtd/v11/ibmxhtml1-transitional.dtd"
    }

    private static func quotedStrings(in text: String) -> [String] {
        var result: [String] = []
        var quote: Character?
        var current = ""
        for character in text {
            if let open = quote {
                if character == open { result.append(current); current = ""; quote = nil } else { current.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == ">" {
                break
            }
        }
        return result
    }
}
