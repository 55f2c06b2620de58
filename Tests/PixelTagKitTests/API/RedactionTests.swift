import AdstatFake
import Foundation
import Testing
@testable import PixelTagKit

@Suite struct RedactionTests {
    static let token = "SECRET-TOKEN-5f1e2d"

    @Test func aSecretPrintsAsRedactedEveryWay() {
        let secret = Secret(Self.token)
        var dumped = ""
        dump(secret, to: &dumped)
        for text in ["\(secret)", String(describing: secret), String(reflecting: secret), dumped, "\([secret])"] {
            #expect(!text.contains(Self.token))
            #expect(text.contains("<redacted>"))
        }
    }

    @Test func credentialsPrintWithoutTheirTokens() {
        let credentials = Credentials(accessToken: Secret(Self.token), refreshToken: Secret("REFRESH-" + Self.token))
        var dumped = ""
        dump(credentials, to: &dumped)
        #expect(!"\(credentials)".contains(Self.token))
        #expect(!dumped.contains(Self.token))
    }

    @Test func theVerboseTraceNeverContainsTokensButShowsTheHeaderWasSent() async throws {
        let refresh = "REFRESH-" + Self.token
        var account = FakeAccount.demo
        account.refreshTokens = [refresh]
        try await withFake(account: account, credentials: Credentials(accessToken: Secret(Self.token), refreshToken: Secret(refresh))) { h in
            _ = try await h.client.eventTypes()
            let trace = h.trace.all.joined(separator: "\n")
            #expect(trace.contains("authorization: Bearer <redacted>"))
            #expect(trace.contains("refresh_token: <redacted>"))
            #expect(!trace.contains(Self.token))
            #expect(!trace.contains("fake-access-1"))
        }
    }

    @Test func aServerEchoingTheTokenInAnErrorHasItRedacted() async throws {
        try await withFake(credentials: Credentials(accessToken: Secret(Self.token))) { h in
            await h.fake.failNext(with: .status(400, body: #"{"detail": "bad header: Bearer \#(Self.token)"}"#))
            let error = try #require(await pixelTagError { _ = try await h.client.eventTypes() })
            #expect(error.message.contains("bad header: Bearer <redacted>"))
            #expect(!error.message.contains(Self.token))
        }
    }

    @Test func anExchangedTokenEchoedByTheServerIsRedactedToo() async throws {
        try await withFake(credentials: Credentials(refreshToken: FakeHarness.refreshToken)) { h in
            await h.fake.failNext(with: .status(400, body: #"{"detail": "no: fake-access-1"}"#), path: "/api/pixel_events")
            let error = try #require(await pixelTagError { _ = try await h.client.eventTypes() })
            #expect(error.message.contains("no: <redacted>"))
        }
    }
}
