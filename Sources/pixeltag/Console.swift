import ArgumentParser
import Foundation
import PixelTagKit

/// Where commands write: results to stdout, diagnostics and prompts to stderr, so that
/// `pixeltag events list --json > events.json` captures only data.
enum Console {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Asks on stderr (stdout may be redirected) and reads one line from stdin.
    static func ask(_ prompt: String) -> String? {
        FileHandle.standardError.write(Data(prompt.utf8))
        return readLine()
    }

    static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }
}

extension AsyncParsableCommand {
    /// The one place a `PixelTagError` becomes `error: <message>` and its exit status; other
    /// errors (ArgumentParser's `ExitCode` among them) pass through untouched.
    func reportingErrors(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as PixelTagError {
            Console.error("error: \(error.message)")
            throw ExitCode(error.exitCode)
        }
    }
}
