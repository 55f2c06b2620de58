import Foundation

/// When and how long to wait before sending a request again.
///
/// The delays are small by default (an interactive command should not hang for minutes) and
/// every value is injectable so tests run in milliseconds.
package struct RetryPolicy: Sendable {
    /// Attempts in all, the first one included.
    package var maxAttempts: Int
    /// The wait before the second attempt; each further wait doubles, before jitter.
    package var baseDelay: Duration
    package var maxDelay: Duration
    /// A `Retry-After` longer than this is not waited for: the command fails at once and says
    /// how long the server asked for, rather than hanging silently.
    package var maxRetryAfter: Duration
    /// Multiplies the exponential delay so that many clients that failed together do not
    /// retry together.
    package var jitter: ClosedRange<Double>

    package init(maxAttempts: Int = 4, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(8),
                maxRetryAfter: Duration = .seconds(30), jitter: ClosedRange<Double> = 0.5...1.0) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.jitter = jitter
    }

    package static let standard = RetryPolicy()

    /// HTTP statuses that say "not now" rather than "no".
    static let retryableStatuses: Set<Int> = [429, 502, 503, 504]

    /// The wait after failed attempt `attempt` (1-based); nil when the server's `Retry-After`
    /// is beyond what pixeltag will wait.
    func delay(afterAttempt attempt: Int, retryAfter: Duration?) -> Duration? {
        if let retryAfter {
            return retryAfter <= maxRetryAfter ? max(retryAfter, .zero) : nil
        }
        let exponent = min(attempt - 1, 30)
        let raw = baseDelay * Double(1 << exponent)
        let capped = min(raw, maxDelay)
        return capped * Double.random(in: jitter)
    }

    /// Reads `Retry-After`: delay-seconds or an HTTP date (RFC 9110 §10.2.3).
    static func parseRetryAfter(_ header: String?, now: Date = Date()) -> Duration? {
        guard let header = header?.trimmingCharacters(in: .whitespaces), !header.isEmpty else { return nil }
        if let seconds = Int(header) {
            return .seconds(max(0, seconds))
        }
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: header) {
                let seconds = date.timeIntervalSince(now)
                return .milliseconds(Int64(max(0, seconds) * 1000))
            }
        }
        return nil
    }
}
