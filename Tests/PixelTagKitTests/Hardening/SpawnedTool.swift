import Foundation
import PixelTagKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The built `pixeltag` started with posix_spawn, so a test can SIGKILL it at a moment of its
/// choosing: the child stays unreaped (a zombie) until `wait()`, so its pid cannot be reused
/// and the signal can never reach another process, however late it comes.
struct SpawnedTool {
    let pid: pid_t

    /// Starts `pixeltag arguments` with output discarded.
    static func start(_ arguments: [String]) throws -> SpawnedTool {
        let path = ToolRunner.productsFolder.appendingPathComponent("pixeltag").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard status == 0 else { throw PixelTagError.io("cannot start \(path): \(String(cString: strerror(status)))") }
        return SpawnedTool(pid: pid)
    }

    func killNow() { _ = kill(pid, SIGKILL) }

    /// Reaps the process; its exit status, or nil when a signal ended it.
    @discardableResult
    func wait() -> Int32? {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signaled = (status & 0x7F) != 0
        return signaled ? nil : (status >> 8) & 0xFF
    }
}
