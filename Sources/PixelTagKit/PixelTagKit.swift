/// PixelTagKit holds all of pixeltag's behaviour; the `pixeltag` executable only parses
/// arguments and prints.
package enum PixelTagKit {
    /// The one place the version is written: `pixeltag --version`, the User-Agent, the build
    /// cache's fingerprint and the release archive's name (Scripts/build-release.sh) read it.
    package static let version = "0.1.0"

    /// `pixeltag --version`: the version and the libxml2 it runs on, which decides how pages
    /// are tokenized and so belongs in every bug report.
    package static var versionLine: String {
        "\(version) (libxml2 \(LibXMLParser.runtimeVersion))"
    }
}
