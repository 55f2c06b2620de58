import Foundation

/// The process's umask, read without changing it: `umask(2)` can only be read by setting
/// it, and setting it, even for an instant, would race with other threads creating files.
enum ProcessUmask {
    /// nil when it cannot be read without setting it (not Linux).
    static let value: mode_t? = {
        #if os(Linux)
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Umask:") }),
              let mask = mode_t(line.dropFirst("Umask:".count).trimmingCharacters(in: .whitespaces), radix: 8)
        else { return nil }
        return mask
        #else
        return nil
        #endif
    }()

    /// Whether a file created with `mode` comes out with fewer bits (or whether that is unknown).
    static func clears(_ mode: mode_t) -> Bool {
        guard let value else { return true }
        return mode & value != 0
    }
}
