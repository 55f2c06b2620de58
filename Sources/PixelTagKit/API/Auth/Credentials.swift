import Foundation

/// The tokens pixeltag may authenticate with, read from the environment (never from files or
/// arguments, which end up in shell history, CI logs and `ps`).
package struct Credentials: Sendable {
    package static let accessTokenVariable = "ADSTAT_API_TOKEN"
    package static let refreshTokenVariable = "ADSTAT_REFRESH_TOKEN"

    /// Sent as `Authorization: Bearer` as long as the API accepts it.
    package var accessToken: Secret?
    /// Exchanged at the auth host for an access token when there is none or it was rejected.
    package var refreshToken: Secret?

    package init(accessToken: Secret? = nil, refreshToken: Secret? = nil) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
    }

    /// Reads both variables; blank values count as unset because CI systems often define a
    /// variable whose secret was never filled in.
    package static func fromEnvironment(_ environment: [String: String]) throws -> Credentials {
        func read(_ name: String) -> Secret? {
            guard let raw = environment[name] else { return nil }
            // A token pasted from a file usually brings its newline along.
            let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            return value.isEmpty ? nil : Secret(value)
        }
        let credentials = Credentials(accessToken: read(accessTokenVariable), refreshToken: read(refreshTokenVariable))
        guard credentials.accessToken != nil || credentials.refreshToken != nil else {
            throw PixelTagError.input(
                "no Adstat API token: set \(accessTokenVariable) to an access token, or \(refreshTokenVariable) to a refresh token (lasts 30 days, best for CI)"
            )
        }
        return credentials
    }

    var secrets: [Secret] { [accessToken, refreshToken].compactMap { $0 } }
}
