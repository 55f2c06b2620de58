import Foundation

/// What every site command starts from: the config, the site folder it or --site names, the
/// lock the config names, and the rules made of the two. One place, so inject, strip, explain
/// and verify read them alike.
package struct SiteSetup: Sendable {
    package var config: PixelTagConfig
    package var site: URL
    package var lock: LockFile
    package var rules: RuleSet

    /// The deploy context the rules are restricted to, nil without `contexts:`.
    package var context: ContextResolution? { rules.deployContext }

    /// - Parameters:
    ///   - siteOption: `--site`, which stands in for the config's `site:`.
    ///   - context: `--context`, which stands in for what the build host's variables say.
    ///   - environment: the process's environment, where build hosts say which context it is.
    package static func load(config file: URL, siteOption: String?, context: String?, environment: HostEnvironment) throws -> SiteSetup {
        let config = try PixelTagConfig.load(from: file)
        let site = try config.siteFolder(option: siteOption)
        let deployContext = try config.deployContext(option: context, environment: environment)
        let lock = try LockFile.load(from: config.lock)
        let rules = try RuleSet(config: config, lock: lock).restricted(to: deployContext)
        return SiteSetup(config: config, site: site, lock: lock, rules: rules)
    }

    /// For strip, which needs only which files are pages: blocks are found by their
    /// markers, so a site whose lock is gone (or never synced here) can still be stripped.
    package static func loadForStripping(config file: URL, siteOption: String?) throws -> SiteSetup {
        var config = try PixelTagConfig.load(from: file)
        let site = try config.siteFolder(option: siteOption)
        config.events = []
        config.base.consent = nil
        let nothing = LockFile(account: config.account ?? "", baseCode: BaseCode(codeSnippet: ""), events: [], types: [])
        return SiteSetup(config: config, site: site, lock: nothing, rules: try RuleSet(config: config, lock: nothing))
    }
}

extension BuildCache {
    package static func location(for config: PixelTagConfig) -> URL {
        config.file.deletingLastPathComponent().appendingPathComponent(FileNames.buildCache)
    }
}

extension SiteRunner.Options {
    /// An inject run keeps its build cache beside the config, valid for this config, lock,
    /// site and pixeltag version. Only inject uses one: strip has nothing to skip (a page
    /// without blocks is read once either way), and the runner trusts it only in place,
    /// never for --out or a dry run.
    /// A run in another deploy context writes other blocks: its pages are not the last run's.
    package mutating func useBuildCache(config: PixelTagConfig, site: URL, stripping: Bool, context: ContextResolution? = nil) {
        guard !stripping else { return }
        cache = BuildCache.location(for: config)
        cacheFingerprint = BuildCache.fingerprint(for: config, site: site)
        if let context { cacheFingerprint = BuildCache.fingerprint(of: [Array(cacheFingerprint.utf8), Array(context.reach.rawValue.utf8)]) }
    }
}
