import Foundation

/// The JavaScript an event's snippet runs (`tgp('event', 'ID');`), for a listener that runs
/// it on a click or submit instead of at load.
enum EventCall {
    struct Problem: Error {
        var message: String
    }

    /// The body of the snippet's one `<script>` element.
    static func body(of snippet: String) throws(Problem) -> String {
        let trimmed = snippet.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.lowercased().hasPrefix("<script"), let open = trimmed.firstIndex(of: ">"),
              let close = trimmed.range(of: "</script>", options: [.caseInsensitive, .backwards]),
              close.upperBound == trimmed.endIndex, open < close.lowerBound else {
            throw Problem(message: "its snippet is not one <script> element, so there is no call to run on a click or submit")
        }
        let body = String(trimmed[trimmed.index(after: open)..<close.lowerBound])
        // Inside the listener's own <script>, these would end it or start an HTML comment state.
        if body.range(of: "</script", options: .caseInsensitive) != nil || body.contains("<!--") {
            throw Problem(message: "its snippet holds more than one script, so there is no single call to run on a click or submit")
        }
        return body.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
