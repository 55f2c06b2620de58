import Foundation
import Testing
@testable import PixelTagKit

/// A token only travels over HTTPS, or over plain HTTP to this machine: every way a base URL
/// can be given is checked before anything is sent.
@Suite struct TransportSecurityTests {
    @Test(arguments: [
        "HTTP://EXAMPLE.COM", "http://0.0.0.0:8089", "http://[::ffff:127.0.0.1]", "http://2130706433", "http://127.0.0.1@evil.example",
        "ftp://clientapi.adstat.pro", "file:///etc/passwd", "ws://127.0.0.1", "https://", "clientapi.adstat.pro",
    ])
    func aURLThatCouldSendTheTokenElsewhereOrInClearIsRefused(url: String) {
        #expect(throws: PixelTagError.self) { try AdstatConfiguration.validatedBaseURL(url, source: "--api-url") }
    }

    @Test(arguments: ["ADSTAT_API_URL", "ADSTAT_AUTH_URL"])
    func plainHTTPToARemoteHostFromTheEnvironmentStopsBeforeAnyRequest(variable: String) async throws {
        let result = try await ToolRunner.run(["types", "--verbose"], environment: [
            variable: "http://clientapi.adstat.pro", "ADSTAT_API_TOKEN": "PIXELTAG-SECRET-ACCESS-7f3e9d", "ADSTAT_REFRESH_TOKEN": "",
        ])
        #expect(result.status == 2)
        #expect(result.stderr == "error: \(variable) \"http://clientapi.adstat.pro\": plain http is allowed only for loopback addresses (127.0.0.1, ::1, localhost); use https://\n")
    }
}
