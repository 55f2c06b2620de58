import ArgumentParser
import Foundation
import PixelTagKit

/// What a command needs to make an Adstat API client. The API commands (`APIOptions`) and
/// verify --online (`OnlineOptions`) both have these options, with help of their own: verify's
/// say "With --online", need it, and come without `--json`, which would clash with
/// `--format`. ArgumentParser's help is fixed per property, so the two cannot share one
/// `@OptionGroup`; they share how the options become a client instead.
protocol APIConnectionOptions {
    var apiURL: String? { get }
    var timeout: Double? { get }
    var verbose: Bool { get }
}

extension APIConnectionOptions {
    /// Tokens come from ADSTAT_API_TOKEN or ADSTAT_REFRESH_TOKEN only: never from an option,
    /// which would end up in shell history and `ps`. With --verbose, the trace goes to stderr.
    func client() throws -> AdstatClient {
        var trace: (@Sendable (String) -> Void)?
        if verbose { trace = { line in Console.error("pixeltag: " + line) } }
        return try AdstatClient(apiURL: apiURL, timeout: timeout, environment: ProcessInfo.processInfo.environment, trace: trace)
    }
}

/// The options every command that talks to the Adstat API shares.
struct APIOptions: ParsableArguments, APIConnectionOptions {
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

    func accountID() throws -> String {
        try AccountChoice.resolve(option: account, environment: ProcessInfo.processInfo.environment)
    }
}
