import FlyingFox
import FlyingSocks
import Foundation

/// The fake's state and behaviour: routes each request to one of the six endpoints or the
/// token exchange, checks the token, applies queued faults, and records everything.
public actor FakeBackend {
    public private(set) var account: FakeAccount
    public private(set) var requests: [RecordedRequest] = []
    /// Adds unknown keys to every object answered, as a newer server might.
    public var extraFields = false
    private var faults: [PendingFault] = []
    private var nextEventNumber = 1001
    private var nextTokenNumber = 1
    private let log: (@Sendable (String) -> Void)?

    init(account: FakeAccount, log: (@Sendable (String) -> Void)?) {
        self.account = account
        self.log = log
    }

    // MARK: - Test controls

    public func failNext(_ count: Int = 1, with fault: FakeFault, path: String? = nil, method: String? = nil) {
        faults.append(PendingFault(fault: fault, remaining: count, pathPrefix: path, method: method))
    }

    public func setExtraFields(_ on: Bool) { extraFields = on }

    public func update(_ change: @Sendable (inout FakeAccount) -> Void) { change(&account) }

    /// Makes every access token handed out so far invalid, as their expiry would.
    public func revokeAccessTokens() { account.accessTokens.removeAll() }

    public func clearRequests() { requests.removeAll() }

    // MARK: - Serving

    func handle(_ request: HTTPRequest) async -> HTTPResponse {
        let method = request.method.rawValue
        let rawPath = request.target.path(percentEncoded: true)
        let rawQuery = request.target.query(percentEncoded: true)
        let body = (try? await request.bodyData) ?? Data()
        var headers: [String: String] = [:]
        for (name, value) in request.headers { headers[name.rawValue.lowercased()] = value }
        requests.append(RecordedRequest(method: method, path: rawPath, rawQuery: rawQuery,
                                        query: Self.decodeQuery(rawQuery), headers: headers, body: body))

        let response = await respond(method: method, path: rawPath, rawQuery: rawQuery, query: Self.decodeQuery(rawQuery), headers: headers, body: body)
        log?("\(method) \(rawPath)\(rawQuery.isEmpty ? "" : "?" + rawQuery) -> \(response.statusCode.code)")
        return response
    }

    private func respond(method: String, path: String, rawQuery: String, query: [String: String], headers: [String: String], body: Data) async -> HTTPResponse {
        if let index = faults.firstIndex(where: { $0.matches(method: method, path: path) }) {
            let fault = faults[index].fault
            faults[index].remaining -= 1
            if faults[index].remaining <= 0 { faults.remove(at: index) }
            switch fault {
            case .status(let code, let text, let retryAfter):
                var responseHeaders: HTTPHeaders = [:]
                if let retryAfter { responseHeaders[HTTPHeader("Retry-After")] = retryAfter }
                let payload = text.map { Data($0.utf8) } ?? Self.detail(HTTPStatusCode(code, phrase: "").phraseOrDefault)
                if !payload.isEmpty { responseHeaders[.contentType] = "application/json" }
                return HTTPResponse(statusCode: HTTPStatusCode(code, phrase: "Fake"), headers: responseHeaders, body: payload)
            case .delay(let duration):
                try? await Task.sleep(for: duration)
            case .malformedJSON:
                return HTTPResponse(statusCode: .ok, headers: [.contentType: "application/json"], body: Data(#"{"items": [{"id": "evt_1", "title": "#.utf8))
            case .dropConnection:
                return HTTPResponse(statusCode: .ok, headers: [.contentType: "application/json"],
                                    body: HTTPBodySequence(from: BrokenBody(), count: 512))
            case .gather(let count):
                guard await gather(count) else {
                    return Self.json(.internalServerError, Self.detail("fake: fewer than \(count) requests arrived together"))
                }
            }
        }

        let parts = path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        let trailingSlash = path.hasSuffix("/")
        switch parts {
        case ["api", "v2", "access-token"]:
            guard method == "GET" else { return Self.methodNotAllowed }
            return exchange(headers["refresh_token"])
        case ["api", "pixel_events"] where !trailingSlash:
            // What FastAPI does for a missing trailing slash; the client must not need it.
            let target = path + "/" + (query.isEmpty ? "" : "?" + rawQuery)
            return HTTPResponse(statusCode: .temporaryRedirect, headers: HTTPHeaders([.location: target]))
        default:
            break
        }
        guard parts.count >= 2, parts[0] == "api", parts[1] == "pixel_events" else { return Self.notFound }
        guard isAuthorized(headers["authorization"]) else {
            return Self.json(.unauthorized, Self.detail("Could not validate credentials"))
        }
        let rest = Array(parts.dropFirst(2))
        switch rest.count {
        case 0:
            if method == "GET" { return listEvents(query["account_id"]) }
            if method == "POST" { return createEvent(body) }
        case 1 where rest[0] == "types":
            if method == "GET" { return encoded(.ok, ["items": account.types]) }
            // Beware: PATCH /api/pixel_events/types renames an event whose id is "types".
            if method == "PATCH" { return renameEvent(rest[0], body) }
        case 1:
            if method == "PATCH" { return renameEvent(rest[0], body) }
        case 2 where rest[1] == "code_snippet":
            if method == "GET" { return rest[0] == account.id ? encoded(.ok, account.baseCode) : Self.forbidden }
        case 3 where rest[1] == "events":
            if method == "DELETE" { return deleteEvent(rest[0], rest[2]) }
        default:
            return Self.notFound
        }
        return Self.methodNotAllowed
    }

    private var gathered: [Int: CheckedContinuation<Bool, Never>] = [:]
    private var nextGatherID = 0

    private func gather(_ count: Int) async -> Bool {
        let id = nextGatherID
        nextGatherID += 1
        return await withCheckedContinuation { continuation in
            gathered[id] = continuation
            if gathered.count >= count {
                for waiting in gathered.values { waiting.resume(returning: true) }
                gathered.removeAll()
            } else {
                Task {
                    try? await Task.sleep(for: .seconds(5))
                    self.release(id)
                }
            }
        }
    }

    private func release(_ id: Int) {
        gathered.removeValue(forKey: id)?.resume(returning: false)
    }

    private func exchange(_ refreshToken: String?) -> HTTPResponse {
        guard let refreshToken, account.refreshTokens.contains(refreshToken) else {
            return Self.json(.unauthorized, Data(#"{"detail": "Refresh Token Expired", "status_code": 401}"#.utf8))
        }
        let token = "fake-access-\(nextTokenNumber)"
        nextTokenNumber += 1
        account.accessTokens.insert(token)
        return encoded(.ok, ["access_token": token, "token_type": "Bearer"])
    }

    private func isAuthorized(_ header: String?) -> Bool {
        guard let header, header.hasPrefix("Bearer ") else { return false }
        return account.accessTokens.contains(String(header.dropFirst("Bearer ".count)))
    }

    private func listEvents(_ accountID: String?) -> HTTPResponse {
        guard let accountID, !accountID.isEmpty else { return Self.missing(["query", "account_id"]) }
        guard accountID == account.id else { return Self.forbidden }
        return encoded(.ok, ["items": account.events])
    }

    private func createEvent(_ body: Data) -> HTTPResponse {
        guard let fields = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            return Self.json(.badRequest, Self.detail("Invalid JSON body"))
        }
        for key in ["account_id", "title", "type"] where (fields[key] as? String)?.isEmpty ?? true {
            return Self.missing(["body", key])
        }
        let accountID = fields["account_id"] as! String, title = fields["title"] as! String, type = fields["type"] as! String
        guard accountID == account.id else { return Self.forbidden }
        guard account.types.contains(where: { $0.type == type }) else {
            return Self.json(HTTPStatusCode(422, phrase: "Unprocessable Entity"), Self.detail("Unsupported event type: \(type)"))
        }
        let event = FakeEvent(id: "evt_\(nextEventNumber)", pixelId: account.baseCode.tgPixelId, title: title, type: type)
        nextEventNumber += 1
        account.events.append(event)
        return encoded(.created, event)
    }

    private func renameEvent(_ id: String, _ body: Data) -> HTTPResponse {
        guard let fields = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            return Self.json(.badRequest, Self.detail("Invalid JSON body"))
        }
        for key in ["account_id", "title"] where (fields[key] as? String)?.isEmpty ?? true {
            return Self.missing(["body", key])
        }
        guard fields["account_id"] as? String == account.id else { return Self.forbidden }
        guard let index = account.events.firstIndex(where: { $0.id == id }) else {
            return Self.json(.notFound, Self.detail("Event not found"))
        }
        account.events[index].title = fields["title"] as! String
        return encoded(.ok, account.events[index])
    }

    private func deleteEvent(_ accountID: String, _ id: String) -> HTTPResponse {
        guard accountID == account.id else { return Self.forbidden }
        guard let index = account.events.firstIndex(where: { $0.id == id }) else {
            return Self.json(.notFound, Self.detail("Event not found"))
        }
        account.events.remove(at: index)
        return HTTPResponse(statusCode: .noContent)
    }

    // MARK: - Encoding

    private func encoded(_ status: HTTPStatusCode, _ value: some Encodable) -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var data = (try? encoder.encode(value)) ?? Data()
        if extraFields, let object = try? JSONSerialization.jsonObject(with: data),
           let widened = try? JSONSerialization.data(withJSONObject: Self.addingUnknownFields(to: object)) {
            data = widened
        }
        return Self.json(status, data)
    }

    private static func addingUnknownFields(to object: Any) -> Any {
        if var dictionary = object as? [String: Any] {
            for (key, value) in dictionary { dictionary[key] = addingUnknownFields(to: value) }
            dictionary["x_fake_unknown"] = ["nested": [1, 2.5, "three"], "flag": true] as [String: Any]
            dictionary["next_cursor"] = NSNull()
            return dictionary
        }
        if let array = object as? [Any] { return array.map(addingUnknownFields(to:)) }
        return object
    }

    private static func json(_ status: HTTPStatusCode, _ body: Data) -> HTTPResponse {
        HTTPResponse(statusCode: status, headers: [.contentType: "application/json"], body: body)
    }

    private static func detail(_ text: String) -> Data {
        (try? JSONSerialization.data(withJSONObject: ["detail": text])) ?? Data()
    }

    /// FastAPI's validation error shape, with the 400 the contract documents.
    private static func missing(_ location: [String]) -> HTTPResponse {
        let body: [String: Any] = ["detail": [["loc": location, "msg": "field required", "type": "value_error.missing"]]]
        return json(.badRequest, (try? JSONSerialization.data(withJSONObject: body)) ?? Data())
    }

    private static let forbidden = json(.forbidden, detail("Insufficient permissions"))
    private static let notFound = json(.notFound, detail("Not Found"))
    private static let methodNotAllowed = json(.methodNotAllowed, detail("Method Not Allowed"))

    private static func decodeQuery(_ raw: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in raw.split(separator: "&") {
            let halves = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(halves[0]).removingPercentEncoding ?? String(halves[0])
            let value = halves.count > 1 ? (String(halves[1]).removingPercentEncoding ?? String(halves[1])) : ""
            result[name] = value
        }
        return result
    }
}

private extension HTTPStatusCode {
    var phraseOrDefault: String {
        switch code {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Insufficient permissions"
        case 404: "Not Found"
        case 422: "Unprocessable Entity"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Error \(code)"
        }
    }
}
