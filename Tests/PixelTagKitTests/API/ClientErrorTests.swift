import AdstatFake
import Foundation
import Testing
@testable import PixelTagKit

/// Each documented error status, and the undocumented ways an answer can go wrong, gives one
/// line that names the operation, the status with the server's words, and what to do.
@Suite struct ClientErrorTests {
    @Test func status400ExplainsBadFormatAndShowsFastAPIValidationDetails() async throws {
        try await withFake { h in
            await h.fake.failNext(with: .status(400, body: #"{"detail": [{"loc": ["body", "title"], "msg": "field required", "type": "value_error.missing"}]}"#))
            let error = await pixelTagError { _ = try await h.client.createEvent(account: "12345", title: "T", type: "custom") }
            #expect(error == .api(#"cannot create event "T": the API found the request badly formed or missing fields (HTTP 400: body.title: field required); check the values you passed"#))
        }
    }

    @Test func status401WithAnAccessTokenNamesItsVariable() async throws {
        try await withFake(credentials: Credentials(accessToken: Secret("stale-token"))) { h in
            let error = await pixelTagError { _ = try await h.client.listEvents(account: "12345") }
            #expect(error == .api("cannot list the events of account 12345: the API rejected the access token in ADSTAT_API_TOKEN (HTTP 401: Could not validate credentials); set a valid access token in ADSTAT_API_TOKEN, or a refresh token in ADSTAT_REFRESH_TOKEN"))
            #expect(error?.exitCode == 4)
        }
    }

    @Test func status403ExplainsPermissionsAndNamesTheAccount() async throws {
        try await withFake { h in
            let error = await pixelTagError { _ = try await h.client.listEvents(account: "99999") }
            #expect(error == .api("cannot list the events of account 99999: the token's user lacks permission (HTTP 403: Insufficient permissions); check that account 99999 is right (--account or ADSTAT_ACCOUNT_ID), and that this user may manage its pixel"))
        }
    }

    @Test func status404OnRenameSaysWhichEventIsMissingAndHowToListIds() async throws {
        try await withFake { h in
            let error = await pixelTagError { _ = try await h.client.renameEvent(id: "evt_gone", account: "12345", title: "T") }
            #expect(error == .api("cannot rename event evt_gone: no event evt_gone in account 12345 (HTTP 404: Event not found); run `pixeltag events list` to see the event ids"))
        }
    }

    @Test func status404OnDeleteSaysWhichEventIsMissing() async throws {
        try await withFake { h in
            let error = await pixelTagError { try await h.client.deleteEvent(account: "12345", id: "evt_gone") }
            #expect(error == .api("cannot delete event evt_gone: no event evt_gone in account 12345 (HTTP 404: Event not found); run `pixeltag events list` to see the event ids"))
        }
    }

    @Test func status422OnCreateNamesTheUnsupportedTypeAndPointsToTypes() async throws {
        try await withFake { h in
            let error = await pixelTagError { _ = try await h.client.createEvent(account: "12345", title: "T", type: "bogus") }
            #expect(error == .api(#"cannot create event "T": the API does not support event type "bogus" (HTTP 422: Unsupported event type: bogus); run `pixeltag types` to list the valid ones"#))
        }
    }

    @Test func aNonJSONErrorBodyIsShownShortenedOnOneLine() async throws {
        try await withFake { h in
            let body = "<html>\n<h1>Bad gateway</h1>\n" + String(repeating: "x", count: 5000) + "</html>"
            await h.fake.failNext(with: .status(418, body: body))
            let error = try #require(await pixelTagError { _ = try await h.client.eventTypes() })
            #expect(error.message.hasPrefix("cannot fetch the event types: unexpected answer (HTTP 418: <html> <h1>Bad gateway</h1> xxx"))
            #expect(error.message.contains("…"))
            #expect(!error.message.contains("\n"))
            #expect(error.message.count < 300)
        }
    }

    @Test func anErrorWithoutBodyStillShowsTheStatus() async throws {
        try await withFake { h in
            await h.fake.failNext(with: .status(409, body: ""))
            let error = await pixelTagError { _ = try await h.client.eventTypes() }
            #expect(error == .api("cannot fetch the event types: unexpected answer (HTTP 409)"))
        }
    }

    @Test func malformedJSONIsReportedAsAnUnexpectedBody() async throws {
        try await withFake { h in
            await h.fake.failNext(with: .malformedJSON)
            let error = try #require(await pixelTagError { _ = try await h.client.listEvents(account: "12345") })
            #expect(error.kind == .api)
            #expect(error.message.hasPrefix("cannot list the events of account 12345: the API answered 200 but the body is not the expected JSON"))
            #expect(error.message.contains(#"it starts "{\"items\": [{\"id\": \"evt_1\", \"title\":""#))
        }
    }

    @Test func aMissingRequiredFieldInTheAnswerIsNamed() async throws {
        try await withFake { h in
            await h.fake.failNext(with: .status(200, body: #"{"items": [{"id": "e1", "title": "T"}]}"#))
            let error = try #require(await pixelTagError { _ = try await h.client.listEvents(account: "12345") })
            #expect(error.message.contains("missing \"code_snippet\" in items[0]"))
        }
    }

    @Test func aRedirectIsReportedNotFollowed() async throws {
        try await withFake { h in
            // The fake redirects the collection path without its slash, as FastAPI does.
            let request = APIRequest(.get, ["api", "pixel_events"], query: [("account_id", "12345")])
            let sender = APISender(configuration: h.client.configuration)
            let error = await pixelTagError { _ = try await sender.send(request, for: .listEvents(account: "12345"), tokens: nil) }
            #expect(error == .api("cannot list the events of account 12345: the API answered with a redirect to /api/pixel_events/?account_id=12345 (HTTP 307), which pixeltag does not follow; check --api-url or ADSTAT_API_URL"))
            #expect(await h.requests.count == 1)
        }
    }

    @Test func aRefusedConnectionNamesTheURLAndTheSetting() async throws {
        let fake = try await AdstatFake.start()
        let url = fake.baseURL
        await fake.stop()
        let client = AdstatClient(AdstatConfiguration(
            apiURL: url, authURL: url, credentials: Credentials(accessToken: FakeHarness.accessToken),
            retry: .instantForTests, sleep: { _ in }))
        let error = await pixelTagError { _ = try await client.eventTypes() }
        #expect(error == .api("cannot fetch the event types: cannot connect to \(url.absoluteString) (4 attempts); check --api-url or ADSTAT_API_URL, and the network"))
    }

    @Test func aTimeoutSaysHowLongItWaitedAndSuggestsTimeout() async throws {
        try await withFake(retry: .once, timeout: 0.5) { h in
            await h.fake.failNext(with: .delay(.seconds(5)))
            let error = await pixelTagError { _ = try await h.client.eventTypes() }
            #expect(error == .api("cannot fetch the event types: no answer from \(h.fake.baseURL.absoluteString) within 0.5 s; try again, or allow longer with --timeout"))
        }
    }

    @Test func aDroppedConnectionOnCreateWarnsTheEventMayExist() async throws {
        try await withFake { h in
            await h.fake.failNext(with: .dropConnection, method: "POST")
            let error = await pixelTagError { _ = try await h.client.createEvent(account: "12345", title: "T", type: "custom") }
            #expect(error == .api(#"cannot create event "T": the connection broke after the request was sent, so the event may have been created; run `pixeltag events list` before trying again"#))
        }
    }
}
