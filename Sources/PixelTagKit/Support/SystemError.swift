import Foundation

/// The system's own few words for a failed file operation ("No such file or directory"),
/// for messages: Foundation's descriptions ("The file “x” couldn’t be opened…") repeat the
/// path and read as a different error from the one pixeltag reports.
enum SystemError {
    static func reason(_ error: any Error) -> String {
        if let posix = error as? POSIXError { return Platform.reason(errno: posix.code.rawValue) }
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let underlying, underlying.domain == NSPOSIXErrorDomain { return Platform.reason(errno: Int32(underlying.code)) }
        return error.localizedDescription
    }

    static func reason(errno code: Int32) -> String { Platform.reason(errno: code) }
}
