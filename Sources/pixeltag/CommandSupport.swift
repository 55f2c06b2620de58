import ArgumentParser
import Foundation
import PixelTagKit

/// Options every site command shares: which config, and where the built site is.
struct SiteOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The pixeltag config file. Paths in it are relative to its folder.", valueName: "file"))
    var config: String = "pixeltag.yml"

    @Option(name: .long, help: ArgumentHelp("The folder of built HTML, instead of the config's `site:` (e.g. --site public).", valueName: "dir"))
    var site: String?

    /// The config, the site folder it or --site names, the lock and the rules.
    func load() throws -> (config: PixelTagConfig, site: URL, lock: LockFile, rules: RuleSet) {
        let config = try PixelTagConfig.load(from: URL(fileURLWithPath: config))
        let folder = try config.siteFolder(option: site)
        let lock = try LockFile.load(from: config.lock)
        return (config, folder, lock, try RuleSet(config: config, lock: lock))
    }
}

/// Options of the commands that rewrite pages.
struct RewriteOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Write the whole site to this folder instead of changing it in place (e.g. --out dist).", valueName: "dir"))
    var out: String?

    @Flag(name: .long, help: "Write nothing; list the pages that would change (e.g. pixeltag inject --dry-run).")
    var dryRun = false

    @Flag(name: .long, help: "With --dry-run, print a unified diff of each page that would change (pixeltag inject --dry-run --diff).")
    var diff = false

    @Option(name: .long, help: ArgumentHelp("Pages processed at once (default: the number of cores), e.g. --jobs 4.", valueName: "n"))
    var jobs: Int?

    @Option(name: .long, help: ArgumentHelp("Only part i of n of the pages, for a CI matrix (e.g. --shard 2/4); each page's part depends on its path alone.", valueName: "i/n"))
    var shard: String?

    @Flag(name: .long, help: "Read every page, ignoring the build cache (.pixeltag-cache beside the config) that lets a re-run skip pages untouched since the last one.")
    var noCache = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, e.g. --jobs 4") }
        if diff && !dryRun { throw ValidationError("--diff goes with --dry-run: pixeltag inject --dry-run --diff") }
    }

    func runSite(_ siteOptions: SiteOptions, verb: String, strip: Bool) async throws {
        let (config, site, _, rules) = try siteOptions.load()
        var options = SiteRunner.Options(site: site, out: out.map { URL(fileURLWithPath: $0) })
        options.dryRun = dryRun
        options.keepBytes = diff
        if let jobs { options.jobs = jobs }
        if let shard { options.shard = try Shard(parsing: shard) }
        if !strip && !noCache {
            options.cache = config.file.deletingLastPathComponent().appendingPathComponent(".pixeltag-cache")
            options.cacheFingerprint = BuildCache.fingerprint(for: config, site: site)
        }
        let runner = SiteRunner(rules: rules, options: options, strip: strip)
        let dryRun = self.dryRun
        let summary = try await runner.run { page in
            switch page.status {
            case .failed: Console.error("error: \(page.path): \(page.message ?? "failed")")
            case .skipped: Console.error("warning: \(page.path): skipped, \(page.message ?? "")")
            case .changed where dryRun:
                // One print per page: pages finish on several threads at once.
                var text = "would change \(page.path)\n"
                if let before = page.before, let after = page.after { text += UnifiedDiff.render(before, after, path: page.path) }
                print(text, terminator: "")
            default: break
            }
        }
        print("pixeltag \(verb): \(summary.line)\(dryRun ? " (dry run: nothing written)" : "")")
        if summary.failed > 0 { throw ExitCode(3) }
    }
}
