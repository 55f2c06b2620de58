import Foundation
import Testing
@testable import PixelTagKit

@Suite struct ConfigurationTests {
    static let token = ["ADSTAT_API_TOKEN": "t"]

    @Test func theDefaultsAreTheDocumentedHostsAndThirtySeconds() throws {
        let configuration = try AdstatConfiguration.resolve(apiURL: nil, timeout: nil, environment: Self.token)
        #expect(configuration.apiURL.absoluteString == "https://clientapi.adstat.pro")
        #expect(configuration.authURL.absoluteString == "https://client.adstat.pro")
        #expect(configuration.timeout == 30)
    }

    @Test func theOptionWinsOverTheVariable() throws {
        let environment = Self.token.merging(["ADSTAT_API_URL": "https://env.example"]) { $1 }
        let configuration = try AdstatConfiguration.resolve(apiURL: "https://option.example", timeout: nil, environment: environment)
        #expect(configuration.apiURL.host == "option.example")
    }

    @Test func plainHTTPToARemoteHostIsRefused() {
        #expect(throws: PixelTagError.input(#"--api-url "http://clientapi.adstat.pro": plain http is allowed only for loopback addresses (127.0.0.1, ::1, localhost); use https://"#)) {
            try AdstatConfiguration.validatedBaseURL("http://clientapi.adstat.pro", source: "--api-url")
        }
    }

    @Test(arguments: ["http://127.0.0.1:8089", "http://127.1.2.3", "http://localhost:1", "http://[::1]:8089", "https://staging.example/prefix"])
    func loopbackHTTPAndAnyHTTPSAreAccepted(url: String) throws {
        _ = try AdstatConfiguration.validatedBaseURL(url, source: "--api-url")
    }

    @Test(arguments: ["http://127.0.0.1.evil.example", "http://1270.0.0.1", "http://10.0.0.1", "http://localhost.example"])
    func lookalikeLoopbackHostsAreRefused(url: String) {
        #expect(throws: PixelTagError.self) { try AdstatConfiguration.validatedBaseURL(url, source: "--api-url") }
    }

    @Test func aURLWithCredentialsIsRefused() {
        #expect(throws: PixelTagError.input("--api-url: the URL must not hold a user name or password; put the token in ADSTAT_API_TOKEN instead")) {
            try AdstatConfiguration.validatedBaseURL("https://user:pw@clientapi.adstat.pro", source: "--api-url")
        }
    }

    @Test func aNonPositiveTimeoutIsRefused() {
        #expect(throws: PixelTagError.input("--timeout 0.0: give a positive number of seconds, e.g. --timeout 30")) {
            try AdstatConfiguration.resolve(apiURL: nil, timeout: 0, environment: Self.token)
        }
    }

    @Test func theAccountComesFromTheOptionThenTheVariableThenTheConfig() throws {
        #expect(try AccountChoice.resolve(option: "1", environment: ["ADSTAT_ACCOUNT_ID": "2"], configured: "3") == "1")
        #expect(try AccountChoice.resolve(option: nil, environment: ["ADSTAT_ACCOUNT_ID": "2"], configured: "3") == "2")
        #expect(try AccountChoice.resolve(option: nil, environment: [:], configured: "3") == "3")
    }

    @Test func aMissingAccountSaysHowToGiveOne() {
        #expect(throws: PixelTagError.input("no account: pass --account ID or set ADSTAT_ACCOUNT_ID (the account id is in the adstat.pro dashboard)")) {
            try AccountChoice.resolve(option: nil, environment: ["ADSTAT_ACCOUNT_ID": ""])
        }
    }
}
