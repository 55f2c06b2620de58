import Foundation

/// Removes known secrets from text before it is shown.
///
/// `Secret` already keeps tokens out of interpolation; the redactor catches the other way in:
/// a server (or a proxy) echoing a token back in an error body that a message quotes. It is
/// shared and grows while the client runs, because exchanged access tokens join it.
package final class Redactor: @unchecked Sendable {
    // Guarded by `lock`; a class rather than a value so every copy of the client sees
    // the tokens exchanged later.
    private var values: [String] = []
    private let lock = NSLock()

    package init(_ secrets: [Secret] = []) {
        for secret in secrets { add(secret) }
    }

    package func add(_ secret: Secret) {
        let value = secret.value
        guard !value.isEmpty else { return }
        lock.withLock {
            guard !values.contains(value) else { return }
            values.append(value)
            // Longest first, so a token that contains another is replaced whole.
            values.sort { $0.count > $1.count }
        }
    }

    package func scrub(_ text: String) -> String {
        var text = text
        for value in lock.withLock({ values }) where text.contains(value) {
            text = text.replacingOccurrences(of: value, with: Secret.placeholder)
        }
        return text
    }
}
