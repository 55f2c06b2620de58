import FlyingFox
import FlyingSocks
import Foundation

/// A fake of the Adstat client API and auth exchange on 127.0.0.1, for tests and for trying
/// the CLI by hand (`adstat-fake`). Serves both hosts on one port: point `ADSTAT_API_URL` and
/// `ADSTAT_AUTH_URL` at `baseURL`.
public final class AdstatFake: Sendable {
    public let backend: FakeBackend
    public let port: UInt16
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }
    private let server: HTTPServer
    private let task: Task<Void, any Error>

    private init(backend: FakeBackend, port: UInt16, server: HTTPServer, task: Task<Void, any Error>) {
        self.backend = backend
        self.port = port
        self.server = server
        self.task = task
    }

    /// Starts listening; port 0 picks a free one (see `port`).
    public static func start(port: UInt16 = 0, account: FakeAccount = .demo,
                             log: (@Sendable (String) -> Void)? = nil) async throws -> AdstatFake {
        let backend = FakeBackend(account: account, log: log)
        let handler = FakeHandler(backend: backend)
        // The server's own handler timeout is long so a test's `.delay` is never cut short.
        let server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: port), timeout: 120, logger: .disabled, handler: handler)
        let task = Task { try await server.run() }
        // Generous: in a full parallel `swift test` on a loaded 2-core machine, CPU-bound suites
        // held the cooperative threads long enough for dozens of fakes to miss a 10 s limit
        // before listening; a loopback server that starts late hides nothing about the client.
        try await server.waitUntilListening(timeout: 60)
        guard case .ip4(_, let bound)? = await server.listeningAddress else {
            task.cancel()
            throw FakeStartError()
        }
        return AdstatFake(backend: backend, port: bound, server: server, task: task)
    }

    public func stop() async {
        await server.stop(timeout: 0)
        task.cancel()
    }

    /// Runs until the task is cancelled or the server fails.
    public func wait() async throws {
        try await task.value
    }

    /// The environment a `pixeltag` process needs to use this fake with `token`.
    public func environment(token: String? = FakeAccount.demoAccessToken, refreshToken: String? = nil) async -> [String: String] {
        var environment = [
            "ADSTAT_API_URL": baseURL.absoluteString,
            "ADSTAT_AUTH_URL": baseURL.absoluteString,
            "ADSTAT_ACCOUNT_ID": await backend.account.id,
            "ADSTAT_API_TOKEN": "",
            "ADSTAT_REFRESH_TOKEN": "",
        ]
        if let token { environment["ADSTAT_API_TOKEN"] = token }
        if let refreshToken { environment["ADSTAT_REFRESH_TOKEN"] = refreshToken }
        return environment
    }

    // Shorthands for the backend's controls.
    public var requests: [RecordedRequest] { get async { await backend.requests } }
    public func failNext(_ count: Int = 1, with fault: FakeFault, path: String? = nil, method: String? = nil) async {
        await backend.failNext(count, with: fault, path: path, method: method)
    }
    public func update(_ change: @Sendable (inout FakeAccount) -> Void) async { await backend.update(change) }
}

struct FakeStartError: Error, CustomStringConvertible {
    var description: String { "adstat-fake: the server did not report the port it listens on" }
}

struct FakeHandler: HTTPHandler {
    let backend: FakeBackend

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        await backend.handle(request)
    }
}
