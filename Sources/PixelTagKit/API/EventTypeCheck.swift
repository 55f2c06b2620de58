import Foundation

/// `pixeltag events create` checks the type against the account's types before creating, so
/// a typo gets the list of valid types instead of a bare 422.
package enum EventTypeCheck {
    package static func check(_ type: String, against types: [EventType]) throws {
        guard !types.contains(where: { $0.type == type }) else { return }
        let valid = types.map(\.type).sorted().joined(separator: ", ")
        // Another case or the label first, then a typo (`purchse`).
        let hint = (types.first { $0.type.lowercased() == type.lowercased() || $0.label?.lowercased() == type.lowercased() }?.type
            ?? Suggestion.closest(to: type.lowercased(), in: types.map(\.type)))
            .map { " (did you mean \($0)?)" } ?? ""
        throw PixelTagError.input(
            "unknown event type \(Quote.text(type))\(hint); valid types: \(valid.isEmpty ? "none offered by the API" : valid)"
        )
    }
}

extension AdstatClient {
    /// Fetches the types, checks `type`, then creates the event; a 422 from the server is
    /// still explained, for a type list that changed in between.
    package func createEventCheckingType(account: String, title: String, type: String) async throws -> PixelEvent? {
        guard !title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw PixelTagError.input("cannot create an event with an empty title; pass --title \"Purchase\"")
        }
        try EventTypeCheck.check(type, against: try await eventTypes())
        return try await createEvent(account: account, title: title, type: type)
    }
}
