import AdstatFake
import Foundation
import Testing
@testable import PixelTagKit

/// `--timeout` is the command's deadline, not each attempt's: retries, their waits and token
/// exchanges all spend from the same seconds.
@Suite struct DeadlineTests {
    @Test func anAttemptThatTimesOutHasUsedTheWholeDeadlineSoItIsNotRetried() async throws {
        try await withFake(timeout: 1) { h in
            await h.fake.failNext(10, with: .delay(.seconds(30)))
            let error = await pixelTagError { _ = try await h.client.eventTypes() }
            #expect(error == .api("cannot fetch the event types: no answer from \(h.fake.baseURL.absoluteString) within 1 s; try again, or allow longer with --timeout"))
            #expect(h.waits.all.isEmpty, "no retry was scheduled")
            // (On a loaded machine the one request may not even have reached the fake in time.)
            #expect(await h.requests.count <= 1)
        }
    }

    @Test func aRetryAfterLongerThanWhatIsLeftFailsAtOnceAndSaysSo() async throws {
        try await withFake(retry: RetryPolicy(maxRetryAfter: .seconds(600)), timeout: 30) { h in
            await h.fake.failNext(with: .status(429, retryAfter: "120"))
            let error = await pixelTagError { _ = try await h.client.eventTypes() }
            #expect(error == .api("cannot fetch the event types: the API is busy (HTTP 429) and asks to wait 120 s before trying again, more than is left of --timeout 30 s; try again later, or allow longer with --timeout"))
            #expect(await h.requests.count == 1)
            #expect(h.waits.all.isEmpty)
        }
    }

    @Test func aBackoffThatWouldOutlastTheDeadlineIsNotWaited() async throws {
        try await withFake(retry: RetryPolicy(maxAttempts: 4, baseDelay: .seconds(100), maxDelay: .seconds(100), jitter: 1...1), timeout: 30) { h in
            await h.fake.failNext(with: .status(503))
            let error = await pixelTagError { _ = try await h.client.eventTypes() }
            #expect(error == .api("cannot fetch the event types: the API failed (HTTP 503: Service Unavailable); try again later"))
            #expect(await h.requests.count == 1)
            #expect(h.waits.all.isEmpty)
        }
    }

    @Test func theTokenExchangeSpendsFromTheSameDeadline() async throws {
        try await withFake(credentials: Credentials(refreshToken: FakeHarness.refreshToken), timeout: 0.5) { h in
            await h.fake.failNext(with: .delay(.seconds(5)), path: "/api/v2/access-token")
            let error = await pixelTagError { _ = try await h.client.eventTypes() }
            #expect(error == .api("cannot get an access token: no answer from \(h.fake.baseURL.absoluteString) within 0.5 s; try again, or allow longer with --timeout"))
            #expect(await h.apiRequests.isEmpty)
        }
    }
}

/// The built tool, as a person runs it: the deadline holds with real waits between attempts.
/// The fake runs in a process of its own (`adstat-fake --busy 1 --slow 30`): in a full parallel
/// `swift test` on a loaded machine, an in-process fake shared the test process's few
/// cooperative threads with CPU-bound suites and at times accepted nothing within the 5 s.
@Suite(.serialized) struct DeadlineCommandTests {
    /// A quick 503 asking for a second's wait, then answers that take 30 s: the old per-attempt
    /// timeout took over 20 s here (retries, each with its own 5 s).
    @Test func aFiveSecondDeadlineHoldsWithinASecondRetriesIncluded() async throws {
        let fake = try await FakeProcess.start(["--busy", "1", "--slow", "30", "--timestamps"])
        defer { fake.stop() }
        let environment = ["ADSTAT_API_URL": fake.url, "ADSTAT_AUTH_URL": fake.url, "ADSTAT_ACCOUNT_ID": "12345",
                           "ADSTAT_API_TOKEN": FakeAccount.demoAccessToken, "ADSTAT_REFRESH_TOKEN": ""]
        let result = try await ToolRunner.run(["events", "list", "--timeout", "5", "--verbose"], environment: environment)
        // Timed from the fake's answer to the first request (the command's clock starts just
        // before it), not from the process's start, which a loaded machine can delay by seconds,
        // to the process's exit as the thread waiting for it saw it.
        let started = try #require(result.started), ended = try #require(result.exited)
        let firstAnswer = try #require(fake.firstRequestTime(), "the fake logged no request")
        let elapsed = ended.timeIntervalSince(firstAnswer)
        #expect(firstAnswer >= started)
        #expect(result.status == 4)
        #expect(result.stderr.contains("(attempt 2 of 4)"), "the 503 was retried: \(result.stderr)")
        let last = result.stderr.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last == "error: cannot list the events of account 12345: no answer from \(fake.url) within 5 s (2 attempts); try again, or allow longer with --timeout")
        #expect(ended.timeIntervalSince(started) >= 5, "gave up before its deadline")
        // Within a second, beyond what this machine now takes to run the tool at all: in a full
        // parallel run at load 40, even `pixeltag --version` takes seconds to start and end.
        let version = try await ToolRunner.run(["--version"])
        let overhead = try #require(version.exited).timeIntervalSince(try #require(version.started))
        #expect(elapsed < 6 + overhead, "took \(elapsed) s from the first answer; the tool alone takes \(overhead) s here")
    }
}

/// `adstat-fake` from the build, started with `arguments` on a free port.
struct FakeProcess {
    let process: Process
    let url: String
    let log: URL

    static func start(_ arguments: [String]) async throws -> FakeProcess {
        let process = Process()
        process.executableURL = ToolRunner.productsFolder.appendingPathComponent("adstat-fake")
        process.arguments = ["--port", "0"] + arguments
        let out = Pipe()
        process.standardOutput = out
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("adstat-fake-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        // Its first line: "adstat-fake: serving demo account 12345 on http://127.0.0.1:PORT".
        let first: String = try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                var line = Data()
                while let byte = try? out.fileHandleForReading.read(upToCount: 1), let character = byte.first, character != 0x0A {
                    line.append(character)
                }
                continuation.resume(returning: String(decoding: line, as: UTF8.self))
            }
        }
        guard let url = first.split(separator: " ").last.map(String.init), url.hasPrefix("http://127.0.0.1:") else {
            process.terminate()
            throw ReleaseTools.Failure(description: "adstat-fake did not start: \(first)")
        }
        return FakeProcess(process: process, url: url, log: log)
    }

    /// With `--timestamps`: when the fake answered its first request.
    func firstRequestTime() -> Date? {
        guard let text = try? String(contentsOf: log, encoding: .utf8) else { return nil }
        return text.split(separator: "\n").lazy
            .compactMap { line in line.split(separator: " ").first.flatMap { Double($0) } }
            .first.map { Date(timeIntervalSince1970: $0) }
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: log)
    }
}
