import Foundation

/// Names for temporary files: the process id and a counter, unique within a machine's
/// running processes without asking the kernel for random bytes once per page.
enum TemporaryName {
    private static let counter = Counter()
    private static let process = String(UInt32(truncatingIfNeeded: getpid()), radix: 36)

    static func next() -> String {
        process + "-" + String(counter.next(), radix: 36)
    }

    // A lock, not `Synchronization.Atomic`: that needs macOS 15, and the package supports 13.
    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value: UInt64 = 0

        func next() -> UInt64 {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value
        }
    }
}
