import Foundation

/// A non-2xx answer from the Adstat API: the status, what the server said about it, and the
/// request it answered. `AdstatClient` turns it into a one-line `PixelTagError` that says
/// what to do (see `APIOperation.explain`).
package struct APIError: Error, Sendable, Equatable, CustomStringConvertible {
    package var status: Int
    /// The server's explanation, one line, at most about 200 characters, secrets removed.
    package var serverMessage: String?
    /// "PATCH /api/pixel_events/abc", never with a token.
    package var request: String
    /// Where a 3xx pointed.
    package var location: String?

    package init(status: Int, serverMessage: String?, request: String, location: String? = nil) {
        self.status = status
        self.serverMessage = serverMessage
        self.request = request
        self.location = location
    }

    package var description: String {
        "\(request): HTTP \(status)" + (serverMessage.map { ": \($0)" } ?? "")
    }

    /// "HTTP 404: Event not found", the status with the server's words.
    var statusSummary: String {
        "HTTP \(status)" + (serverMessage.map { ": \($0)" } ?? "")
    }

    static let messageLimit = 200

    /// Reads FastAPI-style bodies: `{"detail": "…"}`, `{"detail": [{"loc": […], "msg": "…"}]}`,
    /// a few other common keys, or else the raw text, shortened.
    static func serverMessage(from body: Data, redactor: Redactor) -> String? {
        var message: String?
        if let object = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) {
            message = describe(json: object)
        }
        if message == nil {
            message = String(data: body, encoding: .utf8) ?? String(decoding: body, as: UTF8.self)
        }
        guard let message else { return nil }
        let line = oneLine(redactor.scrub(message))
        guard !line.isEmpty else { return nil }
        return shorten(line, to: messageLimit)
    }

    private static func describe(json: Any) -> String? {
        if let text = json as? String { return text }
        guard let object = json as? [String: Any] else { return nil }
        for key in ["detail", "message", "error", "error_description", "title"] {
            guard let value = object[key] else { continue }
            if let text = value as? String { return text }
            if let list = value as? [Any] {
                let parts = list.compactMap(describe(validationError:))
                if !parts.isEmpty { return parts.joined(separator: "; ") }
            }
            if let nested = value as? [String: Any], let text = describe(validationError: nested) { return text }
        }
        return nil
    }

    /// `{"loc": ["body", "title"], "msg": "field required"}` → "body.title: field required".
    private static func describe(validationError: Any) -> String? {
        if let text = validationError as? String { return text }
        guard let item = validationError as? [String: Any] else { return nil }
        let text = (item["msg"] ?? item["message"]).map { "\($0)" }
        let location = (item["loc"] as? [Any])?.map { "\($0)" }.joined(separator: ".")
        switch (location, text) {
        case let (location?, text?) where !location.isEmpty: return "\(location): \(text)"
        case let (_, text?): return text
        default: return nil
        }
    }

    /// Control characters and line breaks become spaces so that a message stays one line and
    /// cannot move the terminal's cursor.
    static func oneLine(_ text: String) -> String {
        let cleaned = text.unicodeScalars.map { scalar -> String in
            if scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}" { return " " }
            return String(scalar)
        }.joined()
        return cleaned.split(whereSeparator: { $0 == " " }).joined(separator: " ")
    }

    static func shorten(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit - 1)) + "…"
    }
}
