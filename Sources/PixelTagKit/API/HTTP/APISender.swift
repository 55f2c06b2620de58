import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Sends one API request to completion: adds the token, retries what is safe to retry,
/// replaces a rejected token once, and turns every failure into a one-line `PixelTagError`.
/// All requests of one sender share one deadline (`--timeout`): an attempt gets what is
/// left of it, and a wait that would outlast it is not started.
struct APISender: Sendable {
    let configuration: AdstatConfiguration
    let transport: HTTPTransport
    let redactor: Redactor
    let deadline: Deadline

    init(configuration: AdstatConfiguration) {
        self.configuration = configuration
        transport = HTTPTransport(longestTimeout: configuration.timeout)
        redactor = Redactor(configuration.credentials.secrets)
        deadline = Deadline(seconds: configuration.timeout)
    }

    /// Returns only 2xx answers.
    func send(_ request: APIRequest, for operation: APIOperation, tokens: TokenProvider?) async throws -> HTTPAnswer {
        let policy = configuration.retry
        let base = request.host == .api ? configuration.apiURL : configuration.authURL
        var attempt = 1
        var replacedRejectedToken = false
        while true {
            try Task.checkCancellation()
            let token = request.authenticated ? try await tokens?.token() : nil
            // A token exchange may have spent the budget; this attempt gets what it left.
            let left = deadline.remaining()
            guard left > .zero else {
                throw explain(TransportError(kind: .timedOut, detail: "timed out"), request: request, operation: operation, base: base, attempts: attempt - 1)
            }
            let urlRequest = makeURLRequest(request, base: base, token: token?.0)
            trace("> \(request.method.rawValue) \(urlRequest.url?.absoluteString ?? request.path) (attempt \(attempt) of \(policy.maxAttempts))")
            if let token { trace("> authorization: Bearer \(token.0) (\(token.1 == .accessVariable ? Credentials.accessTokenVariable : "exchanged"))") }
            for header in request.secretHeaders { trace("> \(header.name): \(header.value)") }
            let started = ContinuousClock.now
            let answer: HTTPAnswer
            do {
                answer = try await transport.send(urlRequest, timeout: left.seconds)
            } catch let failure as TransportError {
                trace("< no answer: \(failure.detail) after \(elapsed(since: started))")
                let retryable = failure.kind == .cannotConnect || failure.kind == .timedOut || failure.kind == .connectionLost
                let safe = request.method.isIdempotent || !failure.mayHaveReachedServer
                if retryable, safe, attempt < policy.maxAttempts,
                   let delay = policy.delay(afterAttempt: attempt, retryAfter: nil), fitsBeforeTheDeadline(delay) {
                    trace("  retrying in \(format(delay))")
                    try await configuration.sleep(delay)
                    attempt += 1
                    continue
                }
                throw explain(failure, request: request, operation: operation, base: base, attempts: attempt)
            }
            trace("< \(answer.status), \(answer.body.count) bytes, \(elapsed(since: started))")
            if answer.isSuccess { return answer }

            if answer.status == 401, let token, let tokens, !replacedRejectedToken, await tokens.reject(token.0) {
                // The server refused before doing anything, so even a POST may go again.
                trace("  token rejected; exchanging \(Credentials.refreshTokenVariable) again")
                replacedRejectedToken = true
                continue
            }
            let retryAfter = RetryPolicy.parseRetryAfter(answer.headers["retry-after"])
            if RetryPolicy.retryableStatuses.contains(answer.status), request.method.isIdempotent, attempt < policy.maxAttempts {
                guard let delay = policy.delay(afterAttempt: attempt, retryAfter: retryAfter) else {
                    throw PixelTagError.api(
                        "\(operation.failurePrefix): the API is busy (HTTP \(answer.status)) and asks to wait \(format(retryAfter ?? .zero)) before trying again, longer than pixeltag waits; try again later"
                    )
                }
                if let retryAfter, !fitsBeforeTheDeadline(delay) {
                    throw PixelTagError.api(
                        "\(operation.failurePrefix): the API is busy (HTTP \(answer.status)) and asks to wait \(format(retryAfter)) before trying again, more than is left of --timeout \(format(seconds: configuration.timeout)); try again later, or allow longer with --timeout"
                    )
                }
                if fitsBeforeTheDeadline(delay) {
                    trace("  retrying in \(format(delay))" + (retryAfter != nil ? " as Retry-After asks" : ""))
                    try await configuration.sleep(delay)
                    attempt += 1
                    continue
                }
            }
            let error = APIError(
                status: answer.status, serverMessage: APIError.serverMessage(from: answer.body, redactor: redactor),
                request: request.summary, location: answer.headers["location"].map { redactor.scrub(APIError.oneLine($0)) }
            )
            throw operation.explain(error, token: token?.1, attempts: attempt)
        }
    }

    /// A wait is started only when an attempt can still follow it; otherwise the command
    /// fails now with what it knows, instead of sleeping into its deadline.
    private func fitsBeforeTheDeadline(_ delay: Duration) -> Bool {
        delay < deadline.remaining()
    }

    private func makeURLRequest(_ request: APIRequest, base: URL, token: Secret?) -> URLRequest {
        var urlRequest = URLRequest(url: request.url(on: base))
        urlRequest.httpMethod = request.method.rawValue
        urlRequest.setValue("application/json", forHTTPHeaderField: "Accept")
        urlRequest.setValue("pixeltag/\(PixelTagKit.version)", forHTTPHeaderField: "User-Agent")
        if let token { urlRequest.setValue("Bearer \(token.value)", forHTTPHeaderField: "Authorization") }
        for header in request.secretHeaders { urlRequest.setValue(header.value.value, forHTTPHeaderField: header.name) }
        if let body = request.body {
            urlRequest.httpBody = body
            urlRequest.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        return urlRequest
    }

    private func explain(_ failure: TransportError, request: APIRequest, operation: APIOperation, base: URL, attempts: Int) -> PixelTagError {
        let prefix = operation.failurePrefix
        let host = base.absoluteString
        let tries = attempts > 1 ? " (\(attempts) attempts)" : ""
        if case .createEvent = operation, failure.kind == .timedOut || failure.kind == .connectionLost {
            let what = failure.kind == .timedOut ? "no answer came within \(format(seconds: configuration.timeout))" : "the connection broke"
            return .api("\(prefix): \(what) after the request was sent, so the event may have been created; run `pixeltag events list` before trying again")
        }
        switch failure.kind {
        case .cannotConnect:
            let advice = request.host == .api
                ? "check --api-url or \(AdstatConfiguration.apiURLVariable), and the network"
                : "check \(AdstatConfiguration.authURLVariable) and the network"
            return .api("\(prefix): cannot connect to \(host)\(tries); \(advice)")
        case .timedOut:
            return .api("\(prefix): no answer from \(host) within \(format(seconds: configuration.timeout))\(tries); try again, or allow longer with --timeout")
        case .connectionLost:
            return .api("\(prefix): the connection to \(host) closed before a complete answer\(tries); try again")
        case .tls:
            return .api("\(prefix): \(failure.detail) with \(host); check the URL and the system's CA certificates")
        case .other:
            return .api("\(prefix): \(failure.detail) talking to \(host); try again")
        }
    }

    private func trace(_ line: @autoclosure () -> String) {
        guard let sink = configuration.trace else { return }
        sink(redactor.scrub(line()))
    }

    private func elapsed(since start: ContinuousClock.Instant) -> String {
        let duration = ContinuousClock.now - start
        let ms = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return "\(ms) ms"
    }

    private func format(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return format(seconds: seconds)
    }

    private func format(seconds: Double) -> String {
        seconds == seconds.rounded() ? "\(Int(seconds)) s" : String(format: "%.2g s", seconds)
    }
}
