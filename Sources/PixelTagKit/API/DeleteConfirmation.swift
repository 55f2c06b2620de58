import Foundation

/// Deleting an event cannot be undone and breaks every page that still fires it, so
/// `pixeltag events delete` asks first, and where nobody can answer it refuses unless told
/// `--yes`.
package enum DeleteConfirmation {
    package enum Decision: Sendable, Equatable {
        case proceed
        case declined
    }

    package static func decide(
        eventID: String, account: String, assumeYes: Bool, isTerminal: Bool,
        ask: (String) -> String?
    ) throws -> Decision {
        if assumeYes { return .proceed }
        guard isTerminal else {
            throw PixelTagError.input(
                "refusing to delete event \(Quote.id(eventID)) without confirmation: no terminal to ask on; pass --yes to delete it"
            )
        }
        let answer = ask("Delete event \(Quote.id(eventID)) from account \(Quote.id(account))? This cannot be undone. [y/N] ")
        let normalized = answer?.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return normalized == "y" || normalized == "yes" ? .proceed : .declined
    }
}
