/// What a request was for, so that a failure can be explained in the user's terms
/// ("cannot rename event abc") with advice that fits that endpoint's documented errors.
enum APIOperation: Sendable {
    case listEvents(account: String)
    case createEvent(account: String, title: String, type: String)
    case baseCode(account: String)
    case eventTypes
    case renameEvent(id: String, account: String, title: String)
    case deleteEvent(account: String, id: String)
    case exchangeToken

    /// The start of every message about this operation.
    var failurePrefix: String {
        switch self {
        case .listEvents(let account): "cannot list the events of account \(Quote.id(account))"
        case .createEvent(_, let title, _): "cannot create event \(Quote.text(title))"
        case .baseCode(let account): "cannot fetch the base code of account \(Quote.id(account))"
        case .eventTypes: "cannot fetch the event types"
        case .renameEvent(let id, _, _): "cannot rename event \(Quote.id(id))"
        case .deleteEvent(_, let id): "cannot delete event \(Quote.id(id))"
        case .exchangeToken: "cannot get an access token"
        }
    }

    var account: String? {
        switch self {
        case .listEvents(let account), .createEvent(let account, _, _), .baseCode(let account),
            .renameEvent(_, let account, _), .deleteEvent(let account, _):
            account
        case .eventTypes, .exchangeToken:
            nil
        }
    }

    /// One line per documented status; anything undocumented still shows status and server text.
    func explain(_ error: APIError, token: TokenSource?, attempts: Int = 1) -> PixelTagError {
        let said = error.statusSummary + (attempts > 1 ? ", after \(attempts) attempts" : "")
        let prefix = failurePrefix
        let accountAdvice = account.map { "check that account \(Quote.id($0)) is right (--account or ADSTAT_ACCOUNT_ID)" }
            ?? "check --api-url"
        let message: String
        switch (error.status, self) {
        case (400, _):
            message = "\(prefix): the API found the request badly formed or missing fields (\(said)); check the values you passed"
        case (401, .exchangeToken):
            message = "\(prefix): the auth server rejected the refresh token in \(Credentials.refreshTokenVariable) (\(said)); it lasts 30 days: log in to adstat.pro again and set a new one"
        case (401, _):
            message = "\(prefix): the API rejected \(token?.phrase ?? "the access token") (\(said)); \(token?.advice ?? TokenSource.genericAdvice)"
        case (403, _):
            message = "\(prefix): the token's user lacks permission (\(said)); \(accountAdvice), and that this user may manage its pixel"
        case (404, .renameEvent(let id, let account, _)), (404, .deleteEvent(let account, let id)):
            message = "\(prefix): no event \(Quote.id(id)) in account \(Quote.id(account)) (\(said)); run `pixeltag events list` to see the event ids"
        case (404, _):
            message = "\(prefix): not found (\(said)); \(accountAdvice)"
        case (422, .createEvent(_, _, let type)):
            message = "\(prefix): the API does not support event type \(Quote.text(type)) (\(said)); run `pixeltag types` to list the valid ones"
        case (422, _):
            message = "\(prefix): the API could not process the request (\(said)); check the values you passed"
        case (429, _):
            message = "\(prefix): the API is rate limiting this client (\(said)); wait a minute and try again"
        case (500..<600, _):
            message = "\(prefix): the API failed (\(said)); try again later"
        case (300..<400, _):
            let target = error.location.map { " to \($0)" } ?? ""
            message = "\(prefix): the API answered with a redirect\(target) (HTTP \(error.status)), which pixeltag does not follow; check --api-url or ADSTAT_API_URL"
        default:
            message = "\(prefix): unexpected answer (\(said))"
        }
        return .api(message)
    }
}

/// Where the access token came from, named in messages so people know which variable to fix.
enum TokenSource: Sendable, Equatable {
    case accessVariable
    case exchanged

    var phrase: String {
        switch self {
        case .accessVariable: "the access token in \(Credentials.accessTokenVariable)"
        case .exchanged: "the access token obtained with \(Credentials.refreshTokenVariable)"
        }
    }

    var advice: String {
        switch self {
        case .accessVariable:
            "set a valid access token in \(Credentials.accessTokenVariable), or a refresh token in \(Credentials.refreshTokenVariable)"
        case .exchanged:
            "set a new refresh token in \(Credentials.refreshTokenVariable)"
        }
    }

    static let genericAdvice =
        "set a valid token in \(Credentials.accessTokenVariable) or \(Credentials.refreshTokenVariable)"
}
