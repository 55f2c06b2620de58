/// Hands out the access token for each request, exchanging the refresh token when needed.
///
/// Concurrent requests (sync sends three at once) share one exchange instead of each
/// starting their own, and a token the API rejected is replaced at most by one new exchange.
actor TokenProvider {
    typealias Exchange = @Sendable (Secret) async throws -> Secret

    private let credentials: Credentials
    private let exchange: Exchange
    private var accessTokenRejected = false
    private var exchanged: Task<Secret, any Error>?

    init(credentials: Credentials, exchange: @escaping Exchange) {
        self.credentials = credentials
        self.exchange = exchange
    }

    func token() async throws -> (Secret, TokenSource) {
        if let access = credentials.accessToken, !accessTokenRejected {
            return (access, .accessVariable)
        }
        guard let refresh = credentials.refreshToken else {
            // Only reachable after the access token was rejected with no refresh token to fall back on.
            throw PixelTagError.input("no usable Adstat API token: set \(Credentials.accessTokenVariable) or \(Credentials.refreshTokenVariable)")
        }
        let task: Task<Secret, any Error>
        if let exchanged {
            task = exchanged
        } else {
            let exchange = self.exchange
            task = Task { try await exchange(refresh) }
            exchanged = task
        }
        do {
            return (try await task.value, .exchanged)
        } catch {
            // A failed exchange is not cached: the next caller may try again.
            if exchanged == task { exchanged = nil }
            throw error
        }
    }

    /// Records that the API answered 401 to `token`; true when a different token can be had.
    func reject(_ token: Secret) async -> Bool {
        if token == credentials.accessToken {
            accessTokenRejected = true
            return credentials.refreshToken != nil
        }
        guard credentials.refreshToken != nil else { return false }
        // Another request may already have replaced the rejected token.
        if let pending = exchanged, let current = try? await pending.value, current == token, exchanged == pending {
            exchanged = nil
        }
        return true
    }
}
