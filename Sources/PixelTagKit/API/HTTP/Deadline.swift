import Foundation

/// `--timeout` as the command's whole budget for the API: it starts with the command's first
/// request, and every attempt, back-off wait and token exchange after it spends from the same
/// seconds, so a person who says 5 seconds waits 5 seconds, however many retries fit in them.
///
/// The clock starts at the first request rather than at launch so that a question the command
/// asks first (`events delete` asks before it sends) is not counted against the network.
final class Deadline: @unchecked Sendable {
    let budget: Duration
    private let lock = NSLock()
    private var end: ContinuousClock.Instant?

    init(seconds: TimeInterval) {
        budget = .milliseconds(Int64((seconds * 1000).rounded()))
    }

    /// What is left of the budget (zero or less once it is spent); the first call starts it.
    func remaining() -> Duration {
        lock.withLock {
            let now = ContinuousClock.now
            let end = self.end ?? now + budget
            self.end = end
            return end - now
        }
    }
}

extension Duration {
    var seconds: TimeInterval {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
