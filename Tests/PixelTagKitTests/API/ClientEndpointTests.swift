import AdstatFake
import Foundation
import Testing
@testable import PixelTagKit

/// Each endpoint over real HTTP, asserting what the fake received.
@Suite struct ClientEndpointTests {
    @Test func listEventsSendsGetToTheCollectionWithTrailingSlashAccountQueryAndBearerToken() async throws {
        try await withFake { h in
            let events = try await h.client.listEvents(account: "12345")
            #expect(events.map(\.id) == ["evt_purchase", "evt_signup"])
            let request = try #require(await h.requests.first)
            #expect(request.method == "GET")
            #expect(request.path == "/api/pixel_events/")
            #expect(request.rawQuery == "account_id=12345")
            #expect(request.authorization == "Bearer demo-access-token")
            #expect(request.body.isEmpty)
        }
    }

    @Test func listEventsDecodesNullLastTriggeredAndFractionalSeconds() async throws {
        try await withFake { h in
            let events = try await h.client.listEvents(account: "12345")
            #expect(events.first { $0.id == "evt_signup" }?.lastTriggeredAt == nil)
            #expect(events.first { $0.id == "evt_purchase" }?.lastTriggeredAt == "2025-06-05T09:12:03.512+00:00")
        }
    }

    @Test func createEventPostsAccountTitleAndTypeAsJSONToTheCollectionWithTrailingSlash() async throws {
        try await withFake { h in
            let created = try await h.client.createEvent(account: "12345", title: "Purchase", type: "purchase")
            #expect(created?.title == "Purchase")
            #expect(created?.id == "evt_1001")
            let request = try #require(await h.requests.last)
            #expect(request.method == "POST")
            #expect(request.path == "/api/pixel_events/")
            #expect(request.rawQuery == "")
            #expect(request.headers["content-type"] == "application/json")
            #expect(request.authorization == "Bearer demo-access-token")
            #expect(request.jsonBody == ["account_id": "12345", "title": "Purchase", "type": "purchase"])
        }
    }

    @Test func createEventSendsTitlesWithQuotesCommentEndsAndScriptTagsVerbatim() async throws {
        let title = #"He said "hi" --> </script> ✓ Ünïcødé"#
        try await withFake { h in
            let created = try await h.client.createEvent(account: "12345", title: title, type: "custom")
            #expect(created?.title == title)
            #expect(await h.requests.last?.jsonBody?["title"] == title)
        }
    }

    @Test func createEventAcceptsA204WithNoBody() async throws {
        try await withFake { h in
            await h.fake.failNext(with: .status(204, body: ""), method: "POST")
            let created = try await h.client.createEvent(account: "12345", title: "Purchase", type: "purchase")
            #expect(created == nil)
        }
    }

    @Test func baseCodeGetsTheAccountsCodeSnippetPath() async throws {
        try await withFake { h in
            let code = try await h.client.baseCode(account: "12345")
            #expect(code.tgPixelId == "pixel_12345")
            #expect(code.codeSnippet.contains("dataLayer"))
            let request = try #require(await h.requests.first)
            #expect(request.method == "GET")
            #expect(request.path == "/api/pixel_events/12345/code_snippet")
            #expect(request.authorization == "Bearer demo-access-token")
        }
    }

    @Test func pathSegmentsArePercentEncodedSoAnIdCannotReachAnotherEndpoint() async throws {
        try await withFake { h in
            _ = await pixelTagError { _ = try await h.client.baseCode(account: "a/b?c#d %") }
            #expect(await h.requests.first?.path == "/api/pixel_events/a%2Fb%3Fc%23d%20%25/code_snippet")
        }
    }

    @Test func dotSegmentIdsAreEncodedSoNoClientRemovesThem() async throws {
        try await withFake { h in
            _ = await pixelTagError { _ = try await h.client.renameEvent(id: "..", account: "12345", title: "T") }
            #expect(await h.requests.first?.path == "/api/pixel_events/%2E%2E")
        }
    }

    @Test func queryValuesArePercentEncoded() async throws {
        try await withFake { h in
            _ = await pixelTagError { _ = try await h.client.listEvents(account: "a&b=c d+é") }
            let request = try #require(await h.requests.first)
            #expect(request.rawQuery == "account_id=a%26b%3Dc%20d%2B%C3%A9")
            #expect(request.query["account_id"] == "a&b=c d+é")
        }
    }

    @Test func eventTypesGetsTheTypesPath() async throws {
        try await withFake { h in
            let types = try await h.client.eventTypes()
            #expect(types.map(\.type) == ["page_view", "purchase", "lead", "custom"])
            #expect(types.first?.label == "Page View")
            let request = try #require(await h.requests.first)
            #expect(request.method == "GET")
            #expect(request.path == "/api/pixel_events/types")
            #expect(request.authorization == "Bearer demo-access-token")
        }
    }

    @Test func renameEventPatchesTheEventPathWithAccountAndTitleInTheBody() async throws {
        try await withFake { h in
            let renamed = try await h.client.renameEvent(id: "evt_signup", account: "12345", title: "Signed up")
            #expect(renamed?.title == "Signed up")
            let request = try #require(await h.requests.first)
            #expect(request.method == "PATCH")
            #expect(request.path == "/api/pixel_events/evt_signup")
            #expect(request.jsonBody == ["account_id": "12345", "title": "Signed up"])
            #expect(request.authorization == "Bearer demo-access-token")
        }
    }

    @Test func deleteEventSendsDeleteWithAccountAndEventInThePath() async throws {
        try await withFake { h in
            try await h.client.deleteEvent(account: "12345", id: "evt_signup")
            let request = try #require(await h.requests.first)
            #expect(request.method == "DELETE")
            #expect(request.path == "/api/pixel_events/12345/events/evt_signup")
            #expect(request.body.isEmpty)
            #expect(request.authorization == "Bearer demo-access-token")
            #expect(await h.fake.backend.account.events.map(\.id) == ["evt_purchase"])
        }
    }

    @Test func deleteEventAcceptsA200WithABody() async throws {
        try await withFake { h in
            await h.fake.failNext(with: .status(200, body: #"{"ok": true}"#), method: "DELETE")
            await #expect(throws: Never.self) { try await h.client.deleteEvent(account: "12345", id: "evt_signup") }
            // Accepted as the success it is: not retried, not read as an error.
            let requests = await h.requests
            #expect(requests.map(\.method) == ["DELETE"])
        }
    }

    @Test func unknownFieldsInEveryObjectAreIgnored() async throws {
        try await withFake { h in
            await h.fake.backend.setExtraFields(true)
            let events = try await h.client.listEvents(account: "12345")
            let types = try await h.client.eventTypes()
            let code = try await h.client.baseCode(account: "12345")
            let created = try await h.client.createEvent(account: "12345", title: "T", type: "custom")
            #expect(events.count == 2)
            #expect(types.count == 4)
            #expect(code.tgPixelId == "pixel_12345")
            #expect(created?.title == "T")
        }
    }

    @Test func anEmptyEventIdIsRefusedBeforeAnyRequest() async throws {
        try await withFake { h in
            let error = await pixelTagError { _ = try await h.client.renameEvent(id: "", account: "12345", title: "T") }
            #expect(error == .input("cannot rename event \"\": the event id is empty"))
            #expect(await h.requests.isEmpty)
        }
    }

    @Test func aStagingPrefixInTheBaseURLIsKept() {
        let request = APIRequest(.get, ["api", "pixel_events"], trailingSlash: true, query: [("account_id", "1")])
        let url = request.url(on: URL(string: "https://staging.example/prefix/")!)
        #expect(url.absoluteString == "https://staging.example/prefix/api/pixel_events/?account_id=1")
    }
}
