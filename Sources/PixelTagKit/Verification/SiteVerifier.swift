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

    /// The verdicts, one per page, in no particular order (the report sorts them).
    public func run() async throws -> [PageVerdict] {
        let walker = try SiteWalker(site: site, removingLeftovers: false)
        let sitePath = site.path
        let rules = verifier.rules
        return try await withThrowingTaskGroup(of: [PageVerdict].self) { group in
            // Workers pull pages from the walk, as inject's do: no list of the site's paths.
            for _ in 0..<max(1, jobs) {
                group.addTask {
                    var verdicts: [PageVerdict] = []
                    while case let batch = walker.next(upTo: SiteRunner.batchSize), !batch.isEmpty {
                        for case .file(let path) in batch where rules.isPage(path) {
                            verdicts.append(self.check(path, in: sitePath))
                        }
                    }
                    return verdicts
                }
            }
            var all: [PageVerdict] = []
            for try await verdicts in group { all.append(contentsOf: verdicts) }
            return all
        }
    }

    private func check(_ path: String, in sitePath: String) -> PageVerdict {
        do {
            // As inject does: it never writes through a link, so it never checks one either.
            guard let page = try SiteFiles.readPage(atPath: sitePath + "/" + path) else {
                return PageVerdict(path: path, status: .skipped, message: "a symbolic link; pixeltag does not write through links")
            }
            return verifier.verify(page.bytes, path: path)
        } catch {
            let reason = (error as? PixelTagError)?.message ?? error.localizedDescription
            return PageVerdict(path: path, status: .error, message: "cannot read (\(reason))")
        }
    }
}
