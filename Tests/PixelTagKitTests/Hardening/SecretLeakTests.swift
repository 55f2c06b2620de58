import AdstatFake
import Foundation
import Testing
@testable import PixelTagKit

/// Every API command, on success and on every kind of failure, with and without `--verbose`,
/// run as the built binary with recognisable tokens: neither token, nor an access token
/// exchanged for the refresh token, may appear in stdout, stderr or any file the command
/// leaves (the lock file, `sync --json`'s report).
@Suite(.serialized) struct SecretLeakTests {
    static let access = "PIXELTAG-SECRET-ACCESS-7f3e9d"
    static let refresh = "PIXELTAG-SECRET-REFRESH-2b8c41"
    /// The fake hands out `fake-access-N` when it exchanges a refresh token.
    static let exchanged = "fake-access-"

    /// Every command that talks to the API, in an order where each one's state is there.
    static let commands: [[String]] = [
        ["types"], ["code"], ["events", "list"], ["events", "create", "--title", "T", "--type", "custom"],
        ["events", "rename", "evt_purchase", "--title", "R"], ["events", "delete", "evt_signup", "--yes"],
        ["sync"], ["sync", "--check"],
    ]

    enum Tokens: CaseIterable {
        case access, refresh, rejectedAccessThenRefresh

        /// What the command is given, or gets: a server may echo any text, but only these
        /// are the command's to hide.
        var secrets: [String] {
            switch self {
            case .access: [SecretLeakTests.access]
            case .refresh: [SecretLeakTests.refresh, SecretLeakTests.exchanged]
            case .rejectedAccessThenRefresh: [SecretLeakTests.access, SecretLeakTests.refresh, SecretLeakTests.exchanged]
            }
        }
    }

    func environment(_ tokens: Tokens, fake: AdstatFake) async -> [String: String] {
        switch tokens {
        case .access: await fake.environment(token: Self.access)
        case .refresh: await fake.environment(token: nil, refreshToken: Self.refresh)
        case .rejectedAccessThenRefresh: await fake.environment(token: Self.access, refreshToken: Self.refresh)
        }
    }

    /// A fake that accepts the access token (unless it is to be rejected) and the refresh token.
    func startFake(_ tokens: Tokens) async throws -> AdstatFake {
        var account = FakeAccount.demo
        account.accessTokens = tokens == .rejectedAccessThenRefresh ? [] : [Self.access]
        account.refreshTokens = [Self.refresh]
        return try await AdstatFake.start(account: account)
    }

    /// Where each secret showed up: in the output or in a file of `folder`.
    func leaks(_ result: ToolRunner.Result, of secrets: [String], in folder: TemporaryFolder, command: [String]) throws -> [String] {
        var places = [("stdout", result.stdout), ("stderr", result.stderr)]
        let walker = FileManager.default.enumerator(atPath: folder.url.path)!
        while let path = walker.nextObject() as? String {
            if let data = try? folder.read(path) { places.append((path, String(decoding: data, as: UTF8.self))) }
        }
        return places.flatMap { place, text in
            secrets.filter(text.contains).map { "\(command.joined(separator: " ")): \($0) in \(place)" }
        }
    }

    func run(_ command: [String], tokens: Tokens, in folder: TemporaryFolder,
             fault: FakeFault? = nil, expect status: Int32?) async throws -> (ToolRunner.Result, [String]) {
        let fake = try await startFake(tokens)
        if let fault { await fake.failNext(with: fault, path: "/api/pixel_events") }
        let result: ToolRunner.Result
        do {
            result = try await ToolRunner.runAsync("pixeltag", command, in: folder.url, environment: await environment(tokens, fake: fake))
        } catch {
            await fake.stop()
            throw error
        }
        await fake.stop()
        if let status { #expect(result.status == status, "\(command): \(result.stderr)") }
        return (result, try leaks(result, of: tokens.secrets, in: folder, command: command))
    }

    @Test func noCommandShowsOrWritesATokenWhenItSucceeds() async throws {
        var leaks: [String] = [], runs = 0
        for tokens in Tokens.allCases {
            for flags in [[], ["--verbose"], ["--verbose", "--json"]] {
                let folder = try TemporaryFolder()
                for command in Self.commands {
                    leaks += try await run(command + flags, tokens: tokens, in: folder, expect: 0).1
                    runs += 1
                }
                #expect(FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("pixeltag.lock.json").path))
            }
        }
        print("SecretLeakTests: \(runs) successful runs, \(leaks.count) leaks")
        #expect(leaks.isEmpty, "\(leaks)")
    }

    @Test func noCommandShowsATokenWhenTheAPIRefusesOrFails() async throws {
        let echo = #"{"detail": "token \#(Self.access) / \#(Self.refresh) is not valid here"}"#
        let faults: [(FakeFault, Tokens, Int32)] = [
            (.status(401, body: echo), .access, 4),
            (.status(401, body: echo), .rejectedAccessThenRefresh, 0),
            (.status(403, body: echo), .refresh, 4),
            (.status(500, body: echo), .access, 4),
            (.status(500, body: "<html>\(Self.access)</html>"), .rejectedAccessThenRefresh, 4),
        ]
        var leaks: [String] = [], runs = 0
        for (fault, tokens, status) in faults {
            let folder = try TemporaryFolder()
            for command in Self.commands where command != ["sync", "--check"] {
                // Creating an event reads the types first; its POST is what the fault hits there.
                leaks += try await run(command + ["--verbose"], tokens: tokens, in: folder, fault: fault, expect: status).1
                runs += 1
            }
        }
        print("SecretLeakTests: \(runs) failing runs, \(leaks.count) leaks")
        #expect(leaks.isEmpty, "\(leaks)")
    }

    @Test func noCommandShowsATokenWhenNothingAnswers() async throws {
        let folder = try TemporaryFolder()
        // Port 9 (discard) on loopback: nothing listens, so the connection is refused at once.
        let environment = ["ADSTAT_API_URL": "http://127.0.0.1:9", "ADSTAT_AUTH_URL": "http://127.0.0.1:9",
                           "ADSTAT_ACCOUNT_ID": "12345", "ADSTAT_API_TOKEN": "", "ADSTAT_REFRESH_TOKEN": Self.refresh]
        for command in [["types", "--verbose"], ["sync", "--verbose", "--json"]] {
            let result = try await ToolRunner.runAsync("pixeltag", command, in: folder.url, environment: environment)
            #expect(result.status == 4)
            #expect(result.stderr.contains("cannot connect"))
            #expect(try leaks(result, of: [Self.refresh, Self.exchanged], in: folder, command: command).isEmpty)
        }
    }

    @Test func verboseTracesMethodURLStatusAndTimeWithTheTokenRedacted() async throws {
        let folder = try TemporaryFolder()
        let (result, leaks) = try await run(["types", "--verbose"], tokens: .rejectedAccessThenRefresh, in: folder, expect: 0)
        #expect(leaks.isEmpty)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("pixeltag: > GET http://127.0.0.1:") && $0.hasSuffix("/api/pixel_events/types (attempt 1 of 4)") })
        #expect(lines.contains("pixeltag: > authorization: Bearer <redacted> (ADSTAT_API_TOKEN)"))
        #expect(lines.contains("pixeltag: > refresh_token: <redacted>"))
        #expect(lines.contains { $0.hasPrefix("pixeltag: < 401, ") && $0.hasSuffix(" ms") })
        #expect(lines.contains { $0.hasPrefix("pixeltag: < 200, ") && $0.hasSuffix(" ms") })
    }
}
