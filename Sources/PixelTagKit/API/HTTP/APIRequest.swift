import Foundation

/// One call to the Adstat API, described independently of URLSession so that the path it
/// hits can be checked and shown (in traces and errors) exactly as sent.
struct APIRequest: Sendable {
    enum Method: String, Sendable {
        case get = "GET", post = "POST", patch = "PATCH", delete = "DELETE"

        /// Repeating these has the same effect as sending them once, so a retry after a lost
        /// answer cannot create a second event. POST is the exception.
        var isIdempotent: Bool { self != .post }
    }

    var method: Method
    /// Percent-encoded, starting with "/", trailing slash kept as the contract spells it.
    var path: String
    var query: [(name: String, value: String)] = []
    var body: Data?
    /// Which server: the API host or the auth host.
    var host: Host = .api
    /// Extra headers; values may be secrets and are never traced.
    var secretHeaders: [(name: String, value: Secret)] = []
    /// When false the client adds no `Authorization` (the token exchange authenticates itself).
    var authenticated = true

    enum Host: Sendable { case api, auth }

    init(_ method: Method, _ segments: [String], trailingSlash: Bool = false, query: [(name: String, value: String)] = [], json: [String: String]? = nil) {
        self.method = method
        self.path = "/" + segments.map(Self.encodeSegment).joined(separator: "/") + (trailingSlash ? "/" : "")
        self.query = query
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            // A dictionary of strings always encodes.
            body = try? encoder.encode(json)
        }
    }

    /// "GET /api/pixel_events/", the part of a request that is safe and useful in a message.
    var summary: String { "\(method.rawValue) \(path)" }

    var encodedQuery: String {
        query.map { Self.encode($0.name) + "=" + Self.encode($0.value) }.joined(separator: "&")
    }

    /// The URL on `base`, whose own path (a staging prefix, say) is kept.
    func url(on base: URL) -> URL {
        var text = base.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        text += path
        if !query.isEmpty { text += "?" + encodedQuery }
        // Every part was validated or percent-encoded, so the string is a valid URL.
        return URL(string: text)!
    }

    /// Only RFC 3986 unreserved characters stay literal: an id holding "/", "?", "#" or "%"
    /// must stay one segment and never turn into another endpoint.
    static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(Character(Unicode.Scalar(byte)))
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    /// Like `encode`, but "." and ".." are encoded too: clients and proxies remove such dot
    /// segments, which would send the request to a different endpoint.
    static func encodeSegment(_ segment: String) -> String {
        if segment == "." || segment == ".." {
            return String(repeating: "%2E", count: segment.count)
        }
        return encode(segment)
    }
}
