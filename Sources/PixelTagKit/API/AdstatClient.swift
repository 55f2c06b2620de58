import Foundation

/// The Adstat client API (../shared/adstat-api.md): one method per endpoint.
///
/// Every method throws `PixelTagError` only, already phrased for the person at the terminal.
package struct AdstatClient: Sendable {
    package let configuration: AdstatConfiguration
    private let sender: APISender
    private let tokens: TokenProvider

    package init(_ configuration: AdstatConfiguration) {
        self.configuration = configuration
        let sender = APISender(configuration: configuration)
        self.sender = sender
        tokens = TokenProvider(credentials: configuration.credentials) { refresh in
            try await Self.exchange(refresh, sender: sender)
        }
    }

    /// A client for what the command line gives (`--api-url`, `--timeout`) and the
    /// environment (the API's URL, tokens); `trace` hears each request, answer and retry.
    package init(apiURL: String?, timeout: Double?, environment: [String: String], trace: (@Sendable (String) -> Void)? = nil) throws {
        self.init(try AdstatConfiguration.resolve(apiURL: apiURL, timeout: timeout, environment: environment, trace: trace))
    }

    /// `GET /api/pixel_events/?account_id=…`
    package func listEvents(account: String) async throws -> [PixelEvent] {
        let operation = APIOperation.listEvents(account: account)
        let request = APIRequest(.get, ["api", "pixel_events"], trailingSlash: true, query: [("account_id", account)])
        return try await decode(Items<PixelEvent>.self, from: send(request, operation), operation).items
    }

    /// `POST /api/pixel_events/`. Nil when the server confirmed without sending the event back,
    /// which the contract does not rule out.
    package func createEvent(account: String, title: String, type: String) async throws -> PixelEvent? {
        let operation = APIOperation.createEvent(account: account, title: title, type: type)
        let request = APIRequest(.post, ["api", "pixel_events"], trailingSlash: true,
                                 json: ["account_id": account, "title": title, "type": type])
        return try await optionalEvent(from: send(request, operation), operation)
    }

    /// `GET /api/pixel_events/{account_id}/code_snippet`
    package func baseCode(account: String) async throws -> BaseCode {
        let operation = APIOperation.baseCode(account: account)
        let request = APIRequest(.get, ["api", "pixel_events", account, "code_snippet"])
        return try await decode(BaseCode.self, from: send(request, operation), operation)
    }

    /// `GET /api/pixel_events/types`
    package func eventTypes() async throws -> [EventType] {
        let operation = APIOperation.eventTypes
        let request = APIRequest(.get, ["api", "pixel_events", "types"])
        return try await decode(Items<EventType>.self, from: send(request, operation), operation).items
    }

    /// `PATCH /api/pixel_events/{event_id}` with the account in the body. Nil as for create.
    package func renameEvent(id: String, account: String, title: String) async throws -> PixelEvent? {
        let operation = APIOperation.renameEvent(id: id, account: account, title: title)
        let request = APIRequest(.patch, ["api", "pixel_events", id], json: ["account_id": account, "title": title])
        return try await optionalEvent(from: send(request, operation), operation)
    }

    /// `DELETE /api/pixel_events/{account_id}/events/{event_id}`; any 2xx counts as done.
    package func deleteEvent(account: String, id: String) async throws {
        let operation = APIOperation.deleteEvent(account: account, id: id)
        let request = APIRequest(.delete, ["api", "pixel_events", account, "events", id])
        _ = try await send(request, operation)
    }

    // MARK: - Plumbing

    private func send(_ request: APIRequest, _ operation: APIOperation) async throws -> HTTPAnswer {
        try Self.checkIdentifiers(of: operation)
        return try await sender.send(request, for: operation, tokens: tokens)
    }

    /// An empty id would turn `PATCH /api/pixel_events/{id}` into a request on the collection.
    private static func checkIdentifiers(of operation: APIOperation) throws {
        let fields: [(String, String)]
        switch operation {
        case .listEvents(let account), .baseCode(let account): fields = [("account", account)]
        case .createEvent(let account, let title, let type): fields = [("account", account), ("title", title), ("type", type)]
        case .renameEvent(let id, let account, let title): fields = [("event id", id), ("account", account), ("title", title)]
        case .deleteEvent(let account, let id): fields = [("account", account), ("event id", id)]
        case .eventTypes, .exchangeToken: fields = []
        }
        for (name, value) in fields where value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw PixelTagError.input("\(operation.failurePrefix): the \(name) is empty")
        }
    }

    private struct Items<Item: Decodable>: Decodable {
        var items: [Item]
    }

    private func decode<T: Decodable>(_ type: T.Type, from answer: HTTPAnswer, _ operation: APIOperation) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: answer.body)
        } catch {
            throw unreadable(answer, operation, error)
        }
    }

    private func optionalEvent(from answer: HTTPAnswer, _ operation: APIOperation) throws -> PixelEvent? {
        guard !answer.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else { return nil }
        return try decode(PixelEvent.self, from: answer, operation)
    }

    private func unreadable(_ answer: HTTPAnswer, _ operation: APIOperation, _ error: any Error) -> PixelTagError {
        let reason = (error as? DecodingError).map(LockFile.describe) ?? "unreadable"
        let start = APIError.shorten(APIError.oneLine(sender.redactor.scrub(String(decoding: answer.body.prefix(400), as: UTF8.self))), to: 80)
        return .api(
            "\(operation.failurePrefix): the API answered \(answer.status) but the body is not the expected JSON (\(reason); it starts \(Quote.text(start))); check --api-url, or update pixeltag"
        )
    }

    /// `GET {auth}/api/v2/access-token` with the `refresh_token` header.
    private static func exchange(_ refresh: Secret, sender: APISender) async throws -> Secret {
        var request = APIRequest(.get, ["api", "v2", "access-token"])
        request.host = .auth
        request.authenticated = false
        request.secretHeaders = [("refresh_token", refresh)]
        let answer = try await sender.send(request, for: .exchangeToken, tokens: nil)
        struct Answer: Decodable { var access_token: String }
        guard let token = try? JSONDecoder().decode(Answer.self, from: answer.body).access_token, !token.isEmpty else {
            throw PixelTagError.api(
                "\(APIOperation.exchangeToken.failurePrefix): the auth server's answer has no access_token; check \(AdstatConfiguration.authURLVariable)"
            )
        }
        let secret = Secret(token)
        sender.redactor.add(secret)
        return secret
    }
}
