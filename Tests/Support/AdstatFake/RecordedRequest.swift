import Foundation

/// A request as the fake received it, for tests to assert on.
public struct RecordedRequest: Sendable, CustomStringConvertible {
    public var method: String
    /// Percent-encoded, exactly as on the request line (trailing slash included).
    public var path: String
    /// The raw query string, percent-encoded.
    public var rawQuery: String
    /// Decoded query parameters.
    public var query: [String: String]
    /// Lowercased names.
    public var headers: [String: String]
    public var body: Data
    /// When the fake read it, for tests of deadlines that must not count a process's start.
    public var receivedAt = ContinuousClock.now

    public var authorization: String? { headers["authorization"] }

    /// The body as a JSON object of strings, as the contract's bodies are; nil otherwise.
    public var jsonBody: [String: String]? {
        try? JSONDecoder().decode([String: String].self, from: body)
    }

    public var description: String {
        "\(method) \(path)" + (rawQuery.isEmpty ? "" : "?\(rawQuery)")
    }
}
