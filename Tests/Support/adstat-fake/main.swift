import AdstatFake
import Foundation

// A fake Adstat API on 127.0.0.1 with a demo account, for trying pixeltag by hand:
//   swift run adstat-fake [--port 8089]
// then paste the printed exports into another shell and run `pixeltag events list`.

var port: UInt16 = 8089
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--port":
        guard let value = arguments.popFirst(), let number = UInt16(value) else {
            FileHandle.standardError.write(Data("adstat-fake: --port needs a number from 0 to 65535\n".utf8))
            exit(2)
        }
        port = number
    case "-h", "--help":
        print("usage: adstat-fake [--port N]   (default 8089; 0 picks a free port)")
        exit(0)
    default:
        FileHandle.standardError.write(Data("adstat-fake: unknown argument \(argument); try --help\n".utf8))
        exit(2)
    }
}

do {
    let fake = try await AdstatFake.start(port: port, account: .demo) { line in
        FileHandle.standardError.write(Data("adstat-fake: \(line)\n".utf8))
    }
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
