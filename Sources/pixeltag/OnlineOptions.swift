import ArgumentParser
import Foundation
import PixelTagKit

/// `verify --online` and what it needs to reach the account: APIOptions' options in words
/// of their own, without `--json` (see `APIConnectionOptions`).
struct OnlineOptions: ParsableArguments, APIConnectionOptions {
    @Flag(help: ArgumentHelp(
        "Also compare the lock file with the live account: deleted, deactivated or renamed events a rule uses, a changed base code (needs ADSTAT_API_TOKEN or ADSTAT_REFRESH_TOKEN; e.g. pixeltag verify --online)."))
    var online = false

    @Option(help: ArgumentHelp("With --online: the Adstat account id (default: $ADSTAT_ACCOUNT_ID, else the config's account, else the lock's; e.g. --account 12345).", valueName: "id"))
    var account: String?

    @Option(name: .customLong("api-url"), help: ArgumentHelp(
        "With --online: base URL of the Adstat API (default: $ADSTAT_API_URL, else https://clientapi.adstat.pro; e.g. --api-url http://127.0.0.1:8089 for the fake).", valueName: "url"))
    var apiURL: String?

    @Option(help: ArgumentHelp("With --online: seconds the API checks may take in all, retries and their waits included (default: 30; e.g. --timeout 10).", valueName: "seconds"))
    var timeout: Double?

    @Flag(help: "With --online: trace API requests on stderr (tokens are never shown).")
    var verbose = false

    func validate() throws {
        if !online && (account != nil || apiURL != nil || timeout != nil || verbose) {
            throw ValidationError("--account, --api-url, --timeout and --verbose go with --online: pixeltag verify --online --account 12345")
        }
    }
}
