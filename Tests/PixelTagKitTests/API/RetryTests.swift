import AdstatFake
import Foundation
import Testing
@testable import PixelTagKit

@Suite struct RetryTests {
    @Test func aGetIsRetriedAfter503AndWaitsAsRetryAfterSays() async throws {
        try await withFake { h in
            await h.fake.failNext(with: .status(503, retryAfter: "2"))
            let types = try await h.client.eventTypes()
            #expect(types.count == 4)
            #expect(await h.requests.count == 2)
            #expect(h.waits.all == [.seconds(2)])
        }
    }

    @Test func retryAfterAsAnHTTPDateIsHonoured() {
        let now = Date(timeIntervalSince1970: 1_445_412_480)  // Wed, 21 Oct 2015 07:28:00 GMT
        #expect(RetryPolicy.parseRetryAfter("Wed, 21 Oct 2015 07:28:30 GMT", now: now) == .seconds(30))
        #expect(RetryPolicy.parseRetryAfter("Wed, 21 Oct 2015 07:27:00 GMT", now: now) == .zero)
        #expect(RetryPolicy.parseRetryAfter("soon", now: now) == nil)
    }

    @Test func aRetryAfterBeyondTheCapFailsAtOnceSayingHowLongTheServerAsked() async throws {
        try await withFake { h in
            await h.fake.failNext(with: .status(429, retryAfter: "3600"))
            let error = await pixelTagError { _ = try await h.client.eventTypes() }
            #expect(error == .api("cannot fetch the event types: the API is busy (HTTP 429) and asks to wait 3600 s before trying again, longer than pixeltag waits; try again later"))
            #expect(await h.requests.count == 1)
            #expect(h.waits.all.isEmpty)
        }
    }

    @Test func withoutRetryAfterTheBackoffGrowsExponentially() async throws {
        let policy = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(100), maxDelay: .seconds(10), jitter: 1...1)
        #expect(policy.delay(afterAttempt: 1, retryAfter: nil) == .milliseconds(100))
        #expect(policy.delay(afterAttempt: 2, retryAfter: nil) == .milliseconds(200))
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil) == .milliseconds(400))
    }

    @Test func jitterKeepsEachDelayWithinItsRangeAndUnderTheCap() {
        let policy = RetryPolicy(baseDelay: .seconds(1), maxDelay: .seconds(3), jitter: 0.5...1.0)
        for _ in 0..<50 {
            let delay = try! #require(policy.delay(afterAttempt: 5, retryAfter: nil))
            #expect(delay >= .milliseconds(1500) && delay <= .seconds(3))
        }
    }

    @Test func aPersistentOutageGivesUpAfterFourAttempts() async throws {
        try await withFake { h in
            await h.fake.failNext(10, with: .status(503))
            let error = await pixelTagError { _ = try await h.client.listEvents(account: "12345") }
            #expect(error == .api("cannot list the events of account 12345: the API failed (HTTP 503: Service Unavailable, after 4 attempts); try again later"))
            #expect(await h.requests.count == 4)
            #expect(h.waits.all.count == 3)
        }
    }

    @Test(arguments: [429, 502, 504])
    func otherTransientStatusesAreRetried(status: Int) async throws {
        try await withFake { h in
            await h.fake.failNext(with: .status(status))
            _ = try await h.client.baseCode(account: "12345")
            #expect(await h.requests.count == 2)
        }
    }

    @Test func status500IsNotRetried() async throws {
        try await withFake { h in
            await h.fake.failNext(with: .status(500))
            _ = await pixelTagError { _ = try await h.client.eventTypes() }
            #expect(await h.requests.count == 1)
        }
    }

    @Test func aPostIsNeverRetriedAfter503() async throws {
        try await withFake { h in
            await h.fake.failNext(with: .status(503, retryAfter: "1"))
            let error = await pixelTagError { _ = try await h.client.createEvent(account: "12345", title: "T", type: "custom") }
            #expect(error == .api(#"cannot create event "T": the API failed (HTTP 503: Service Unavailable); try again later"#))
            #expect(await h.requests.map(\.method) == ["POST"])
            #expect(await h.fake.backend.account.events.count == 2)
        }
    }

    @Test func aPostIsNotRetriedAfterADroppedConnection() async throws {
        try await withFake { h in
            await h.fake.failNext(with: .dropConnection, method: "POST")
            _ = await pixelTagError { _ = try await h.client.createEvent(account: "12345", title: "T", type: "custom") }
            #expect(await h.requests.map(\.method) == ["POST"])
        }
    }

    @Test func aPatchIsRetriedAfter502() async throws {
        try await withFake { h in
            await h.fake.failNext(with: .status(502))
            _ = try await h.client.renameEvent(id: "evt_signup", account: "12345", title: "New")
            #expect(await h.requests.map(\.method) == ["PATCH", "PATCH"])
        }
    }

    @Test func aDeleteIsRetriedAfterADroppedConnection() async throws {
        try await withFake { h in
            await h.fake.failNext(with: .dropConnection, method: "DELETE")
            try await h.client.deleteEvent(account: "12345", id: "evt_signup")
            #expect(await h.requests.map(\.method) == ["DELETE", "DELETE"])
        }
    }

    @Test func aDroppedConnectionOnAGetIsRetried() async throws {
        try await withFake { h in
            await h.fake.failNext(with: .dropConnection, method: "GET")
            let types = try await h.client.eventTypes()
            #expect(types.count == 4)
            #expect(await h.requests.count == 2)
        }
    }
}
