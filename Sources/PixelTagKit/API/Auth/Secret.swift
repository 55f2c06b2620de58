/// A token or other credential.
///
/// Every way Swift turns a value into text (`print`, interpolation, `dump`, `debugPrint`,
/// a debugger's mirror) shows "<redacted>", so a token cannot reach output or an error message
/// by accident. Only the HTTP layer reads `value`, to put it in a header.
package struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let value: String

    package init(_ value: String) {
        self.value = value
    }

    package static let placeholder = "<redacted>"

    package var description: String { Self.placeholder }
    package var debugDescription: String { Self.placeholder }
    package var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
