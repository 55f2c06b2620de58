/// The largest page pixeltag handles. Offsets into a page are kept as 32-bit numbers (half the
/// memory for the offset map of a converted page) and libxml2 takes an `int` length, so a
/// limit well below 2 GiB keeps every conversion (up to three UTF-8 bytes per input byte)
/// in range; 256 MiB is far beyond any real page and still fits a small CI machine.
package enum PageLimits {
    package static let maxPageBytes = 256 << 20

    /// The per-page error for a page over `limit` bytes.
    package static func tooLarge(_ size: Int, limit: Int = maxPageBytes) -> String {
        "\(megabytes(size)) is larger than the \(megabytes(limit)) pixeltag handles; left untouched (list it in pages.exclude if it is not a page)"
    }

    static func megabytes(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MB" : "\(bytes) bytes"
    }
}
