/// A token or other credential.
///
/// Every way Swift turns a value into text (`print`, interpolation, `dump`, `debugPrint`,
/// a debugger's mirror) shows "<redacted>", so a token cannot reach output or an error message
/// by accident. Only the HTTP layer reads `value`, to put it in a header.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let value: String

    public init(_ value: String) {
        self.value = value
    }

    public static let placeholder = "<redacted>"

    public var description: String { Self.placeholder }
    public var debugDescription: String { Self.placeholder }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
