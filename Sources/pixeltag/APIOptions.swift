import ArgumentParser
import Foundation
import PixelTagKit

/// The options every command that talks to the Adstat API shares.
struct APIOptions: ParsableArguments {
    @Option(name: .customLong("api-url"), help: ArgumentHelp(
        "Base URL of the Adstat API (default: $ADSTAT_API_URL, else https://clientapi.adstat.pro). https only, except for loopback addresses.",
        valueName: "url"))
    var apiURL: String?

    @Option(help: ArgumentHelp(
        "Seconds the command may spend on the API in all, retries and their waits included; each attempt gets what is left (default: 30; e.g. --timeout 10).",
        valueName: "seconds"))
    var timeout: Double?

    @Option(help: ArgumentHelp("Adstat account id (default: $ADSTAT_ACCOUNT_ID).", valueName: "id"))
    var account: String?

    @Flag(help: "Print the API's objects as JSON (snake_case) instead of a table.")
    var json = false

    @Flag(help: "Trace requests, answers and retries on stderr (tokens are never shown).")
    var verbose = false

    /// Tokens come from ADSTAT_API_TOKEN or ADSTAT_REFRESH_TOKEN only: never from an option,
    /// which would end up in shell history and `ps`.
    func client() throws -> AdstatClient {
        try Self.client(apiURL: apiURL, timeout: timeout, verbose: verbose)
    }

    /// A client for these settings, its trace (with --verbose) on stderr; also verify
    /// --online's, whose options say the same things in words of their own.
    static func client(apiURL: String?, timeout: Double?, verbose: Bool) throws -> AdstatClient {
        var trace: (@Sendable (String) -> Void)?
        if verbose {
            trace = { line in Console.error("pixeltag: " + line) }
        }
        let configuration = try AdstatConfiguration.resolve(
            apiURL: apiURL, timeout: timeout, environment: ProcessInfo.processInfo.environment, trace: trace)
        return AdstatClient(configuration)
    }

    func accountID() throws -> String {
        try AccountChoice.resolve(option: account, environment: ProcessInfo.processInfo.environment)
    }
}
