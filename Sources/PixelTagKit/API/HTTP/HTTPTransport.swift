import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What came back from one HTTP exchange.
struct HTTPAnswer: Sendable {
    var status: Int
    /// Names lowercased.
    var headers: [String: String]
    var body: Data

    var isSuccess: Bool { (200..<300).contains(status) }
}

/// Why no HTTP answer arrived.
struct TransportError: Error, Sendable {
    enum Kind: Sendable {
        /// Nothing was sent: the host is unknown or refused the connection.
        case cannotConnect
        case timedOut
        /// The connection broke, possibly after the server received the request.
        case connectionLost
        /// The TLS handshake failed: trying again will not help.
        case tls
        case other
    }

    var kind: Kind
    var detail: String

    /// False only when the request provably never left this machine, the one case where
    /// sending a POST again cannot create a duplicate.
    var mayHaveReachedServer: Bool { kind != .cannotConnect && kind != .tls }
}

/// Sends requests with URLSession: no cookies, no cache, no redirects, a timeout per request.
final class HTTPTransport: Sendable {
    private let session: URLSession

    /// `longestTimeout`: no request gets longer (the command's whole deadline), so URLSession's
    /// own timers, set a little beyond it, are only a backstop.
    init(longestTimeout: TimeInterval) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = Self.backstop(longestTimeout)
        configuration.timeoutIntervalForResource = Self.backstop(longestTimeout)
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        session = URLSession(configuration: configuration, delegate: RedirectRefuser(), delegateQueue: nil)
    }

    deinit {
        session.finishTasksAndInvalidate()
    }

    /// Sends `request`; gives up after `timeout` seconds (what is left of the command's
    /// deadline), whatever URLSession does.
    ///
    /// The deadline is kept here because swift-corelibs-foundation truncates a request's
    /// timeout to whole seconds (0.5 s became an immediate timeout), so URLSession's own
    /// timer is only a backstop set a little later. The answer does not wait for the
    /// exchange to wind down: under load, cancelling a corelibs URLSession task in flight
    /// was seen to hang for many minutes, and a task group would wait for it.
    func send(_ request: URLRequest, timeout: TimeInterval) async throws -> HTTPAnswer {
        var prepared = request
        prepared.timeoutInterval = Self.backstop(timeout)
        let request = prepared
        let race = Race<HTTPAnswer>()
        return try await withCheckedThrowingContinuation { continuation in
            race.start(continuation)
            let exchange = Task { race.finish(with: await Result { try await self.exchange(request) }) }
            Task {
                try? await Task.sleep(for: .milliseconds(Int64(timeout * 1000)))
                if race.finish(with: .failure(TransportError(kind: .timedOut, detail: "timed out"))) { exchange.cancel() }
            }
        }
    }

    private static func backstop(_ timeout: TimeInterval) -> TimeInterval {
        timeout.rounded(.up) + 1
    }

    private func exchange(_ request: URLRequest) async throws -> HTTPAnswer {
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch let error as URLError {
            throw Self.failure(for: error)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw TransportError(kind: .other, detail: error.localizedDescription)
        }
        guard let http = response as? HTTPURLResponse else {
            throw TransportError(kind: .other, detail: "the answer is not HTTP")
        }
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
        }
        return HTTPAnswer(status: http.statusCode, headers: headers, body: data)
    }

    static func failure(for error: URLError) -> TransportError {
        switch error.code {
        case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet:
            TransportError(kind: .cannotConnect, detail: "cannot connect")
        case .timedOut:
            TransportError(kind: .timedOut, detail: "timed out")
        // Linux reports a connection closed mid-body as `.unknown` (curl's "partial file").
        case .networkConnectionLost, .badServerResponse, .cannotParseResponse, .zeroByteResource, .unknown:
            TransportError(kind: .connectionLost, detail: "the connection closed before a complete answer")
        case .cancelled:
            TransportError(kind: .other, detail: "cancelled")
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
            .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot, .clientCertificateRejected:
            TransportError(kind: .tls, detail: "the TLS handshake failed (URLError \(error.code.rawValue))")
        default:
            TransportError(kind: .other, detail: "network error \(error.code.rawValue)")
        }
    }
}

/// Redirects are refused rather than followed: the contract names every path exactly, and a
/// followed redirect could carry the Authorization header to another host or turn a POST
/// into a GET. The 3xx answer is reported instead.
private final class RedirectRefuser: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}

/// The first of two outcomes resumes the waiting caller; the second is dropped.
private final class Race<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Value, any Error>?

    func start(_ continuation: CheckedContinuation<Value, any Error>) {
        lock.withLock { self.continuation = continuation }
    }

    /// True when this outcome was the first.
    @discardableResult
    func finish(with result: Result<Value, any Error>) -> Bool {
        let waiting = lock.withLock { () -> CheckedContinuation<Value, any Error>? in
            defer { continuation = nil }
            return continuation
        }
        waiting?.resume(with: result)
        return waiting != nil
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
