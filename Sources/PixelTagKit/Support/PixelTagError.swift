/// An error that stops a command, written as one line of advice for the person who ran it.
///
/// Every failure pixeltag reports goes through this type so the executable can print the
/// message and exit with the right code, never a stack trace.
package struct PixelTagError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, which also decides the exit status.
    package enum Kind: Sendable, Equatable {
        /// Bad command line, config or lock file: the user has to edit something.
        case input
        /// A file could not be read or written.
        case io
        /// The Adstat API or the network failed.
        case api
    }

    package var kind: Kind
    package var message: String

    package init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    package static func input(_ message: String) -> PixelTagError { .init(.input, message) }
    package static func io(_ message: String) -> PixelTagError { .init(.io, message) }
    package static func api(_ message: String) -> PixelTagError { .init(.api, message) }

    /// 0 is success and 1 is "verify found problems"; everything that could not run is 2 and up.
    package var exitCode: Int32 {
        switch kind {
        case .input: 2
        case .io: 3
        case .api: 4
        }
    }

    package var description: String { message }
}
