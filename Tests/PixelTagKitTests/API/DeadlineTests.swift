import AdstatFake
import Foundation
import Testing
@testable import PixelTagKit

/// `--timeout` is the command's deadline, not each attempt's: retries, their waits and token
/// exchanges all spend from the same seconds.
@Suite struct DeadlineTests {
    @Test func anAttemptThatTimesOutHasUsedTheWholeDeadlineSoItIsNotRetried() async throws {
        try await withFake(timeout: 1) { h in
            await h.fake.failNext(10, with: .delay(.seconds(30)))
            let error = await pixelTagError { _ = try await h.client.eventTypes() }
            #expect(error == .api("cannot fetch the event types: no answer from \(h.fake.baseURL.absoluteString) within 1 s; try again, or allow longer with --timeout"))
            #expect(h.waits.all.isEmpty, "no retry was scheduled")
            // (On a loaded machine the one request may not even have reached the fake in time.)
            #expect(await h.requests.count <= 1)
        }
    }

    @Test func aRetryAfterLongerThanWhatIsLeftFailsAtOnceAndSaysSo() async throws {
        try await withFake(retry: RetryPolicy(maxRetryAfter: .seconds(600)), timeout: 30) { h in
            await h.fake.failNext(with: .status(429, retryAfter: "120"))
            let error = await pixelTagError { _ = try await h.client.eventTypes() }
            #expect(error == .api("cannot fetch the event types: the API is busy (HTTP 429) and asks to wait 120 s before trying again, more than is left of --timeout 30 s; try again later, or allow longer with --timeout"))
            #expect(await h.requests.count == 1)
            #expect(h.waits.all.isEmpty)
        }
    }

    @Test func aBackoffThatWouldOutlastTheDeadlineIsNotWaited() async throws {
        try await withFake(retry: RetryPolicy(maxAttempts: 4, baseDelay: .seconds(100), maxDelay: .seconds(100), jitter: 1...1), timeout: 30) { h in
            await h.fake.failNext(with: .status(503))
            let error = await pixelTagError { _ = try await h.client.eventTypes() }
            #expect(error == .api("cannot fetch the event types: the API failed (HTTP 503: Service Unavailable); try again later"))
            #expect(await h.requests.count == 1)
            #expect(h.waits.all.isEmpty)
        }
    }

    @Test func theTokenExchangeSpendsFromTheSameDeadline() async throws {
        try await withFake(credentials: Credentials(refreshToken: FakeHarness.refreshToken), timeout: 0.5) { h in
            await h.fake.failNext(with: .delay(.seconds(5)), path: "/api/v2/access-token")
            let error = await pixelTagError { _ = try await h.client.eventTypes() }
            #expect(error == .api("cannot get an access token: no answer from \(h.fake.baseURL.absoluteString) within 0.5 s; try again, or allow longer with --timeout"))
            #expect(await h.apiRequests.isEmpty)
        }
    }
}

/// The built tool, as a person runs it: the deadline holds with real waits between attempts.
@Suite(.serialized) struct DeadlineCommandTests {
    /// A quick 503 asking for a second's wait, then answers that take 30 s: the old per-attempt
    /// timeout took over 20 s here (retries, each with its own 5 s). The deadline
    /// counts from the first request, so it is measured from when the fake got it: starting a
    /// process on a loaded machine is not the deadline's to hold.
    @Test func aFiveSecondDeadlineHoldsWithinASecondRetriesIncluded() async throws {
        let fake = try await AdstatFake.start()
        await fake.failNext(with: .status(503, retryAfter: "1"))
        await fake.failNext(10, with: .delay(.seconds(30)))
        let started = ContinuousClock.now
        let result = try await ToolRunner.run(["events", "list", "--timeout", "5"], environment: await fake.environment())
        let ended = ContinuousClock.now
        let requests = await fake.requests
        await fake.stop()
        #expect(result.status == 4)
        #expect(result.stderr.hasPrefix("error: cannot list the events of account 12345: "))
        #expect(result.stderr.hasSuffix("; try again later, or allow longer with --timeout\n") || result.stderr.hasSuffix("; try again, or allow longer with --timeout\n"), "\(result.stderr)")
        #expect(requests.count >= 2, "the 503 was retried")
        let first = try #require(requests.first?.receivedAt)
        #expect(ended - first < .seconds(6), "from the first request to the end: \(ended - first)")
        // It gives up early only when the next wait would not fit, at most a second early.
        #expect(ended - started >= .seconds(4), "took \(ended - started) in all")
    }
}
