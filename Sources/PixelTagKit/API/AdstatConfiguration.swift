import Foundation

/// Where and how `AdstatClient` talks to adstat.pro.
package struct AdstatConfiguration: Sendable {
    package static let defaultAPIURL = URL(string: "https://clientapi.adstat.pro")!
    package static let defaultAuthURL = URL(string: "https://client.adstat.pro")!
    package static let apiURLVariable = "ADSTAT_API_URL"
    /// Not a user setting in the contract; it exists so tests can point the token exchange
    /// at a loopback fake.
    package static let authURLVariable = "ADSTAT_AUTH_URL"
    package static let defaultTimeout: TimeInterval = 30

    package var apiURL: URL
    package var authURL: URL
    package var credentials: Credentials
    /// Seconds all of a client's requests may take together, from its first request: retries,
    /// their waits and token exchanges included (`--timeout`).
    package var timeout: TimeInterval
    package var retry: RetryPolicy
    /// Receives one line per request, answer, retry and token exchange (`--verbose`); tokens
    /// are removed before it sees them.
    package var trace: (@Sendable (String) -> Void)?
    /// How the client waits between attempts; tests record the waits instead.
    package var sleep: @Sendable (Duration) async throws -> Void

    package init(
        apiURL: URL = defaultAPIURL, authURL: URL = defaultAuthURL, credentials: Credentials,
        timeout: TimeInterval = defaultTimeout, retry: RetryPolicy = .standard,
        trace: (@Sendable (String) -> Void)? = nil,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.apiURL = apiURL
        self.authURL = authURL
        self.credentials = credentials
        self.timeout = timeout
        self.retry = retry
        self.trace = trace
        self.sleep = sleep
    }

    /// From the command line's values (nil when not given) and the environment; the option
    /// wins over the variable, which wins over the default.
    package static func resolve(
        apiURL option: String?, timeout: Double?, environment: [String: String],
        trace: (@Sendable (String) -> Void)? = nil
    ) throws -> AdstatConfiguration {
        let apiURL: URL
        if let option {
            apiURL = try validatedBaseURL(option, source: "--api-url")
        } else if let value = environment[apiURLVariable], !value.isEmpty {
            apiURL = try validatedBaseURL(value, source: apiURLVariable)
        } else {
            apiURL = defaultAPIURL
        }
        var authURL = defaultAuthURL
        if let value = environment[authURLVariable], !value.isEmpty {
            authURL = try validatedBaseURL(value, source: authURLVariable)
        }
        let seconds = timeout ?? defaultTimeout
        guard seconds.isFinite, seconds > 0 else {
            throw PixelTagError.input("--timeout \(seconds): give a positive number of seconds, e.g. --timeout 30")
        }
        let credentials = try Credentials.fromEnvironment(environment)
        return AdstatConfiguration(apiURL: apiURL, authURL: authURL, credentials: credentials, timeout: seconds, trace: trace)
    }

    /// Accepts `https://host[:port][/prefix]`, and `http://` only for this machine, where no
    /// one else can read the token on the wire.
    package static func validatedBaseURL(_ text: String, source: String) throws -> URL {
        let shown = Quote.text(text)
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty
        else {
            throw PixelTagError.input("\(source) \(shown): not a URL; give one like https://clientapi.adstat.pro")
        }
        guard components.user == nil, components.password == nil else {
            throw PixelTagError.input("\(source): the URL must not hold a user name or password; put the token in \(Credentials.accessTokenVariable) instead")
        }
        guard components.query == nil, components.fragment == nil else {
            throw PixelTagError.input("\(source) \(shown): the URL must not have a query or fragment; give only scheme, host, port and path")
        }
        switch scheme {
        case "https":
            break
        case "http":
            guard isLoopback(host) else {
                throw PixelTagError.input("\(source) \(shown): plain http is allowed only for loopback addresses (127.0.0.1, ::1, localhost); use https://")
            }
        default:
            throw PixelTagError.input("\(source) \(shown): the scheme must be https (or http for a loopback address)")
        }
        guard let url = components.url else {
            throw PixelTagError.input("\(source) \(shown): not a URL; give one like https://clientapi.adstat.pro")
        }
        return url
    }

    /// 127.0.0.0/8, ::1 and localhost: addresses that never leave this machine.
    static func isLoopback(_ host: String) -> Bool {
        var host = host.lowercased()
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets[0] == "127" else { return false }
        return octets.allSatisfy { part in
            !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCII) && UInt8(part) != nil
        }
    }
}
