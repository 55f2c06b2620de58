import Foundation

/// Makes a snippet's scripts inert until a cookie-consent manager enables them: the
/// `type="text/plain" data-category="…"` convention of common consent libraries
/// (cookieconsent, Klaro, Osano…), which turn such a script back on once its category is
/// accepted.
enum Consent {
    struct Problem: Error {
        var message: String
    }

    /// `category` has been checked to hold only letters, digits, `-` and `_`.
    static func apply(_ category: String, to snippet: String) throws(Problem) -> String {
        var output = ""
        var rest = Substring(snippet)
        var found = false
        while let open = rest.range(of: "<script", options: .caseInsensitive) {
            let afterName = open.upperBound
            guard afterName < rest.endIndex, [" ", "\t", "\n", "\r", ">", "/"].contains(rest[afterName]) else {
                output += rest[..<afterName]
                rest = rest[afterName...]
                continue
            }
            let tagEnd = rest[afterName...].firstIndex(of: ">") ?? rest.endIndex
            let attributes = rest[afterName..<tagEnd].lowercased()
            if attributes.range(of: #"(^|\s)type\s*="#, options: .regularExpression) != nil {
                throw Problem(message: "its <script> has a type of its own, so consent cannot switch it off")
            }
            output += rest[..<afterName] + " type=\"text/plain\" data-category=\"\(category)\""
            rest = rest[afterName...]
            found = true
        }
        guard found else { throw Problem(message: "it has no <script> for consent to switch off") }
        return output + rest
    }
}
