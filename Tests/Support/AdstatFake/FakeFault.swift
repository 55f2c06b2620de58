/// A way for the fake to misbehave on purpose, for the next matching request(s).
public enum FakeFault: Sendable {
    /// Answer with this status instead of doing the work; the body defaults to a FastAPI-style
    /// `{"detail": …}`, and `""` sends none.
    case status(Int, body: String? = nil, retryAfter: String? = nil)
    /// Wait, then answer normally.
    case delay(Duration)
    /// A 200 whose body is cut-off JSON.
    case malformedJSON
    /// Send the status line and headers, then close the connection mid-body.
    case dropConnection
    /// Hold each matching request until this many are waiting at once, then answer them all
    /// normally; a request still alone after 5 s gets a 500. Proves requests are concurrent
    /// without measuring time.
    case gather(Int)
}

/// A queued fault: how many more requests it applies to, and which ones.
struct PendingFault: Sendable {
    var fault: FakeFault
    var remaining: Int
    /// Applies to every request when nil, else to requests whose path starts with this.
    var pathPrefix: String?
    var method: String?

    func matches(method: String, path: String) -> Bool {
        (pathPrefix.map { path.hasPrefix($0) } ?? true) && (self.method.map { $0 == method } ?? true)
    }
}
