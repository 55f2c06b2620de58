import AdstatFake
import Foundation

// A fake Adstat API on 127.0.0.1 with a demo account, for trying pixeltag by hand:
//   swift run adstat-fake [--port 8089] [--busy N] [--slow SECONDS] [--timestamps]
// then paste the printed exports into another shell and run `pixeltag events list`.
// --busy and --slow make it misbehave, to see retries and --timeout at work (and for tests
// that want the fake in a process of its own). --timestamps starts each request's line with
// the Unix time, so a test can time a command from its first request, not its process's start.

var port: UInt16 = 8089
var busy = 0
var slow: Int?
var timestamps = false
var arguments = CommandLine.arguments.dropFirst()
@MainActor func number(after option: String, _ range: ClosedRange<Int>) -> Int {
    guard let value = arguments.popFirst(), let number = Int(value), range.contains(number) else {
        FileHandle.standardError.write(Data("adstat-fake: \(option) needs a number from \(range.lowerBound) to \(range.upperBound)\n".utf8))
        exit(2)
    }
    return number
}
while let argument = arguments.popFirst() {
    switch argument {
    case "--port":
        port = UInt16(number(after: "--port", 0...65535))
    case "--busy":
        busy = number(after: "--busy", 0...1000)
    case "--slow":
        slow = number(after: "--slow", 0...3600)
    case "--timestamps":
        timestamps = true
    case "-h", "--help":
        print("""
            usage: adstat-fake [--port N] [--busy N] [--slow SECONDS] [--timestamps]
              --port N          the port (default 8089; 0 picks a free one)
              --busy N          answer the first N requests 503 with Retry-After: 1
              --slow SECONDS    answer every request after those only after SECONDS
              --timestamps      start each request's line (on stderr) with the Unix time
            """)
        exit(0)
    default:
        FileHandle.standardError.write(Data("adstat-fake: unknown argument \(argument); try --help\n".utf8))
        exit(2)
    }
}

do {
    let stamped = timestamps
    let fake = try await AdstatFake.start(port: port, account: .demo) { line in
        let time = stamped ? String(format: "%.3f ", Date().timeIntervalSince1970) : ""
        FileHandle.standardError.write(Data("\(time)adstat-fake: \(line)\n".utf8))
    }
    if busy > 0 { await fake.failNext(busy, with: .status(503, retryAfter: "1")) }
    if let slow { await fake.failNext(Int.max, with: .delay(.seconds(slow))) }
    let environment = await fake.environment(token: FakeAccount.demoAccessToken)
    print("adstat-fake: serving demo account \(environment["ADSTAT_ACCOUNT_ID"]!) on \(fake.baseURL.absoluteString)")
    print("In another shell (the token is the fake's demo token, not a real one):")
    for name in ["ADSTAT_API_URL", "ADSTAT_AUTH_URL", "ADSTAT_ACCOUNT_ID", "ADSTAT_API_TOKEN"] {
        print("  export \(name)=\(environment[name]!)")
    }
    print("  pixeltag events list")
    print("Or use the refresh token instead: unset ADSTAT_API_TOKEN; export ADSTAT_REFRESH_TOKEN=\(FakeAccount.demoRefreshToken)")
    print("Stop with Ctrl-C.")
    fflush(nil)  // flushes stdout, so a script reading the exports sees them before any request
    try await fake.wait()
} catch {
    FileHandle.standardError.write(Data("adstat-fake: \(error)\n".utf8))
    exit(1)
}
