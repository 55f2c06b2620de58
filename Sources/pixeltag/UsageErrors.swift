import ArgumentParser
import Foundation

extension PixelTag {
    /// The entry point, instead of ArgumentParser's own, for one reason: ArgumentParser exits
    /// 64 (EX_USAGE) on a usage error, and pixeltag's exit statuses put every kind of bad
    /// input at 2 (README, "Exit status"). Help, `--version` and every other status pass
    /// through as ArgumentParser has them.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}
