import Foundation

/// Which Adstat account a command works on.
package enum AccountChoice {
    package static let variable = "ADSTAT_ACCOUNT_ID"

    /// `--account`, else `ADSTAT_ACCOUNT_ID`, else the config's `account`: the nearer to the
    /// command, the more deliberate the choice.
    package static func resolve(option: String?, environment: [String: String], configured: String? = nil) throws -> String {
        for candidate in [option, environment[variable], configured] {
            if let value = candidate?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty { return value }
        }
        throw PixelTagError.input("no account: pass --account ID or set \(variable) (the account id is in the adstat.pro dashboard)")
    }
}
