import AdstatFake
import Foundation
import Testing
@testable import PixelTagKit

@Suite struct AuthTests {
    static let refreshOnly = Credentials(refreshToken: FakeHarness.refreshToken)

    @Test func aRefreshTokenIsExchangedAtTheAuthHostWithTheRefreshTokenHeader() async throws {
        try await withFake(credentials: Self.refreshOnly) { h in
            _ = try await h.client.listEvents(account: "12345")
            let requests = await h.requests
            #expect(requests.map(\.description) == ["GET /api/v2/access-token", "GET /api/pixel_events/?account_id=12345"])
            #expect(requests[0].headers["refresh_token"] == "demo-refresh-token")
            #expect(requests[0].authorization == nil)
            #expect(requests[1].authorization == "Bearer fake-access-1")
        }
    }

    @Test func theExchangedTokenIsReusedForLaterRequests() async throws {
        try await withFake(credentials: Self.refreshOnly) { h in
            _ = try await h.client.eventTypes()
            _ = try await h.client.eventTypes()
            #expect(await h.exchanges.count == 1)
            #expect(await h.apiRequests.map(\.authorization) == ["Bearer fake-access-1", "Bearer fake-access-1"])
        }
    }

    @Test func concurrentRequestsShareOneExchange() async throws {
        try await withFake(credentials: Self.refreshOnly) { h in
            async let a = h.client.eventTypes()
            async let b = h.client.listEvents(account: "12345")
            async let c = h.client.baseCode(account: "12345")
            _ = try await (a, b, c)
            #expect(await h.exchanges.count == 1)
        }
    }

    @Test func a401ExchangesTheRefreshTokenAgainAndRepeatsTheRequest() async throws {
        try await withFake(credentials: Self.refreshOnly) { h in
            _ = try await h.client.eventTypes()
            await h.fake.backend.revokeAccessTokens()
            let types = try await h.client.eventTypes()
            #expect(types.count == 4)
            #expect(await h.exchanges.count == 2)
            #expect(await h.apiRequests.map(\.authorization) == ["Bearer fake-access-1", "Bearer fake-access-1", "Bearer fake-access-2"])
        }
    }

    @Test func a401OnAPostIsRepeatedOnceWithTheNewToken() async throws {
        try await withFake(credentials: Self.refreshOnly) { h in
            _ = try await h.client.eventTypes()
            await h.fake.backend.revokeAccessTokens()
            _ = try await h.client.createEvent(account: "12345", title: "T", type: "custom")
            #expect(await h.fake.backend.account.events.count == 3)
        }
    }

    @Test func theRefreshTokenIsExchangedAgainOnlyOnce() async throws {
        try await withFake(credentials: Self.refreshOnly) { h in
            await h.fake.failNext(2, with: .status(401, body: #"{"detail": "Token revoked"}"#), path: "/api/pixel_events")
            let error = await pixelTagError { _ = try await h.client.eventTypes() }
            #expect(error == .api("cannot fetch the event types: the API rejected the access token obtained with ADSTAT_REFRESH_TOKEN (HTTP 401: Token revoked); set a new refresh token in ADSTAT_REFRESH_TOKEN"))
            #expect(await h.exchanges.count == 2)
            #expect(await h.apiRequests.count == 2)
        }
    }

    @Test func aRejectedAccessTokenFallsBackToTheRefreshToken() async throws {
        let both = Credentials(accessToken: Secret("expired-access"), refreshToken: FakeHarness.refreshToken)
        try await withFake(credentials: both) { h in
            let types = try await h.client.eventTypes()
            #expect(types.count == 4)
            #expect(await h.apiRequests.map(\.authorization) == ["Bearer expired-access", "Bearer fake-access-1"])
        }
    }

    @Test func anExpiredRefreshTokenSaysToLogInAgain() async throws {
        try await withFake(credentials: Credentials(refreshToken: Secret("expired-refresh"))) { h in
            let error = await pixelTagError { _ = try await h.client.eventTypes() }
            #expect(error == .api("cannot get an access token: the auth server rejected the refresh token in ADSTAT_REFRESH_TOKEN (HTTP 401: Refresh Token Expired); it lasts 30 days: log in to adstat.pro again and set a new one"))
            #expect(await h.apiRequests.isEmpty)
        }
    }

    @Test func aMissingTokenNamesBothVariables() {
        #expect(throws: PixelTagError.input("no Adstat API token: set ADSTAT_API_TOKEN to an access token, or ADSTAT_REFRESH_TOKEN to a refresh token (lasts 30 days, best for CI)")) {
            try Credentials.fromEnvironment(["ADSTAT_API_TOKEN": "  ", "ADSTAT_REFRESH_TOKEN": ""])
        }
    }

    @Test func aTokenPastedWithItsNewlineIsTrimmed() throws {
        let credentials = try Credentials.fromEnvironment(["ADSTAT_API_TOKEN": "abc\n"])
        #expect(credentials.accessToken == Secret("abc"))
    }
}
