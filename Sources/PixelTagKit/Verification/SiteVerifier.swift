import Foundation

/// `pixeltag verify` over a whole site: every page checked, several at a time, nothing
/// written (not even the leftovers of a killed inject are removed).
public struct SiteVerifier: Sendable {
    public let verifier: PageVerifier
    public let site: URL
    public var jobs = ProcessInfo.processInfo.activeProcessorCount

    public init(rules: RuleSet, lock: LockFile, site: URL) {
        verifier = PageVerifier(rules: rules, lock: lock)
        self.site = site
    }

    /// The verdicts, sorted by path.
    public func run() async throws -> [PageVerdict] {
        let pages = try SiteFiles.list(in: site, removingLeftovers: false).filter(verifier.rules.isPage)
        var verdicts: [PageVerdict] = []
        verdicts.reserveCapacity(pages.count)
        await withTaskGroup(of: PageVerdict.self) { group in
            var next = pages.makeIterator()
            for _ in 0..<max(1, jobs) {
                guard let path = next.next() else { break }
                group.addTask { self.check(path) }
            }
            while let verdict = await group.next() {
                verdicts.append(verdict)
                if let path = next.next() { group.addTask { self.check(path) } }
            }
        }
        return verdicts.sorted { $0.path < $1.path }
    }

    private func check(_ path: String) -> PageVerdict {
        let url = site.appendingPathComponent(path)
        // As inject does: it never writes through a link, so it never checks one either.
        if SiteFiles.isSymbolicLink(url) {
            return PageVerdict(path: path, status: .skipped, message: "a symbolic link; pixeltag does not write through links")
        }
        do {
            return verifier.verify(try SiteFiles.read(url), path: path)
        } catch {
            let reason = (error as? PixelTagError)?.message ?? error.localizedDescription
            return PageVerdict(path: path, status: .error, message: "cannot read (\(reason))")
        }
    }
}
