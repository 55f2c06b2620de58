import AdstatFake
import Foundation
@testable import PixelTagKit

/// One test's fake server and a client pointed at it. Waits between retries are recorded
/// instead of slept, so retry tests are instant and can assert the delays asked for.
struct FakeHarness {
    let fake: AdstatFake
    let client: AdstatClient
    let waits: Recorder<Duration>
    let trace: Recorder<String>

    static let accessToken = Secret(FakeAccount.demoAccessToken)
    static let refreshToken = Secret(FakeAccount.demoRefreshToken)

    var requests: [RecordedRequest] { get async { await fake.requests } }

    /// Requests to the pixel-events API, leaving out token exchanges.
    var apiRequests: [RecordedRequest] {
        get async { await fake.requests.filter { $0.path.hasPrefix("/api/pixel_events") } }
    }

    var exchanges: [RecordedRequest] {
        get async { await fake.requests.filter { $0.path == "/api/v2/access-token" } }
    }
}

/// Starts a fake, runs `body` with a client for it, and stops the fake whatever happens.
func withFake<T>(
    account: FakeAccount = .demo,
    credentials: Credentials = Credentials(accessToken: FakeHarness.accessToken),
    retry: RetryPolicy = .instantForTests,
    // The whole client's deadline (--timeout), real time though the waits are only recorded:
    // long, so that tests of other things pass on a machine loaded enough to take seconds a request.
    timeout: TimeInterval = 60,
    _ body: (FakeHarness) async throws -> T
) async throws -> T {
    let fake = try await AdstatFake.start(account: account)
    let waits = Recorder<Duration>(), trace = Recorder<String>()
    let configuration = AdstatConfiguration(
        apiURL: fake.baseURL, authURL: fake.baseURL, credentials: credentials, timeout: timeout, retry: retry,
        trace: { line in
            trace.append(line)
            // For debugging a failure: the trace of every client, tagged with its fake's port.
            if ProcessInfo.processInfo.environment["PIXELTAG_TEST_TRACE"] != nil { print("trace \(fake.port): \(line)") }
        },
        sleep: { waits.append($0) }
    )
    let harness = FakeHarness(fake: fake, client: AdstatClient(configuration), waits: waits, trace: trace)
    do {
        let result = try await body(harness)
        await fake.stop()
        return result
    } catch {
        await fake.stop()
        throw error
    }
}

extension RetryPolicy {
    /// Four attempts, as in production, with millisecond backoff (which the harness records
    /// rather than sleeps anyway).
    static let instantForTests = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(1), maxDelay: .milliseconds(4))
    static let once = RetryPolicy(maxAttempts: 1)
}

/// A thread-safe list that synchronous callbacks (trace, sleep) can append to.
final class Recorder<Element: Sendable>: @unchecked Sendable {
    private var items: [Element] = []
    private let lock = NSLock()

    func append(_ item: Element) { lock.withLock { items.append(item) } }
    var all: [Element] { lock.withLock { items } }
}

/// Runs `body` and returns the `PixelTagError` it throws; fails the caller's expectation
/// with a readable value when it throws nothing or something else.
func pixelTagError(_ body: () async throws -> Void) async -> PixelTagError? {
    do {
        try await body()
        return nil
    } catch let error as PixelTagError {
        return error
    } catch {
        return PixelTagError(.input, "unexpected error type: \(error)")
    }
}

extension ToolRunner {
    /// Runs the tool on a thread of its own: `run` blocks until the process exits, and
    /// blocking one of the test process's few cooperative threads could starve the fake
    /// server the process is talking to.
    static func runAsync(
        _ executable: String = "pixeltag", _ arguments: [String], in folder: URL? = nil,
        environment: [String: String] = [:], input: String? = nil
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Swift.Result {
                    try run(executable, arguments, in: folder, environment: environment, input: input)
                })
            }
        }
    }
}
