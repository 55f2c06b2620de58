import Foundation

/// Runs blocking or long CPU-bound test work on a thread of its own. Swift Testing runs
/// tests on the cooperative pool, which has one thread per core: a test that holds one for a
/// minute (a fuzz loop, waiting for a killed process) starves the in-process fake servers of
/// other tests until their requests time out.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
    }
}
