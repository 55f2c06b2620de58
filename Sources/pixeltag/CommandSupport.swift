import ArgumentParser
import Foundation
import PixelTagKit

/// Options every site command shares: which config, and where the built site is.
struct SiteOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The pixeltag config file. Paths in it are relative to its folder.", valueName: "file"))
    var config: String = FileNames.config

    @Option(name: .long, help: ArgumentHelp("The folder of built HTML, instead of the config's `site:` (e.g. --site public).", valueName: "dir"))
    var site: String?

    /// The config, the site folder it or --site names, the lock and the rules, for the deploy
    /// context, which is said first (on stderr: stdout may be a report) when the config has one.
    func load(_ deploy: ContextOptions) throws -> (config: PixelTagConfig, site: URL, lock: LockFile, rules: RuleSet) {
        let setup = try SiteSetup.load(config: URL(fileURLWithPath: config), siteOption: site, context: deploy.context,
                                       environment: HostEnvironment(ProcessInfo.processInfo.environment))
        if let context = setup.context { Console.error(context.line) }
        return (setup.config, setup.site, setup.lock, setup.rules)
    }

    /// For strip, which needs only which files are pages (see `SiteSetup.loadForStripping`).
    func loadWithoutLock() throws -> (config: PixelTagConfig, site: URL, rules: RuleSet) {
        let setup = try SiteSetup.loadForStripping(config: URL(fileURLWithPath: config), siteOption: site)
        return (setup.config, setup.site, setup.rules)
    }
}

/// Options of the commands that rewrite pages.
struct RewriteOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Write the whole site to this folder instead of changing it in place (e.g. --out dist).", valueName: "dir"))
    var out: String?

    @Flag(name: .long, help: "With --out, remove the files in that folder that the site does not have and pixeltag did not write (without it, such files stop the run), e.g. --out dist --delete-extra.")
    var deleteExtra = false

    @Flag(name: .long, help: "Write nothing; list the pages that would change, in path order.")
    var dryRun = false

    @Flag(name: .long, help: "With --dry-run, print a unified diff of each page that would change.")
    var diff = false

    @Option(name: .long, help: ArgumentHelp("Pages processed at once (default: the number of cores), e.g. --jobs 4.", valueName: "n"))
    var jobs: Int?

    @Option(name: .long, help: ArgumentHelp("Only part i of n of the pages, for a CI matrix (e.g. --shard 2/4); each page's part depends on its path alone.", valueName: "i/n"))
    var shard: String?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, e.g. --jobs 4") }
        if diff && !dryRun { throw ValidationError("--diff goes with --dry-run: add --dry-run") }
        if deleteExtra && out == nil { throw ValidationError("--delete-extra goes with --out: it clears the --out folder of files the site does not have") }
    }

    /// - Parameter inject: inject's own options; nil strips.
    func runSite(_ siteOptions: SiteOptions, verb: String, inject: InjectOptions?) async throws {
        // strip needs no lock (it removes whatever pixeltag wrote); inject's headers rule does.
        let (config, site, lock, rules): (PixelTagConfig, URL, LockFile?, RuleSet) = try inject.map { inject in
            let all = try siteOptions.load(inject.deploy)
            return (all.config, all.site, all.lock, all.rules)
        } ?? { let some = try siteOptions.loadWithoutLock(); return (some.config, some.site, nil, some.rules) }()
        var options = SiteRunner.Options(site: site, out: out.map { URL(fileURLWithPath: $0) })
        options.dryRun = dryRun
        options.keepBytes = diff
        if let jobs { options.jobs = jobs }
        if let shard { options.shard = try Shard(parsing: shard) }
        let strict = inject.map { $0.strict || config.strict } ?? false
        options.strict = strict
        options.deleteExtra = deleteExtra
        if inject?.noCache != true { options.useBuildCache(config: config, site: site, stripping: inject == nil, context: rules.deployContext) }
        let runner = SiteRunner(rules: rules, options: options, strip: inject == nil)
        let dryRun = self.dryRun
        // Pages finish on several threads in no set order: their lines are kept and printed
        // sorted by path, so two runs print the same.
        let log = PageLog()
        let folder = site.displayPath(of: "")
        let shown: @Sendable (String) -> String = { folder + $0 }
        let summary = try await runner.run { page in
            var errors: [String] = []
            var changes = ""
            switch page.status {
            case .failed: errors.append("error: \(shown(page.path)): \(page.message ?? "failed")")
            case .skipped: errors.append("warning: \(shown(page.path)): skipped, \(page.message ?? "")")
            case .changed where dryRun:
                changes = "would change \(shown(page.path))\n"
                if let before = page.before, let after = page.after { changes += UnifiedDiff.render(before, after, path: shown(page.path)) }
            default: break
            }
            for notice in page.notices { errors.append("warning: \(shown(page.path)):\(notice.line ?? 0): \(notice.message)") }
            log.add(page.path, out: changes, errors: errors)
        }
        // Removed before any page was written: said first.
        if let out {
            for path in summary.removedFromOut {
                Console.out("\(dryRun ? "would remove" : "removed") \(URL(fileURLWithPath: out).appendingPathComponent(path).relativePathForDisplay) (not in the site)\n")
            }
        }
        log.print()
        for notice in summary.notices {
            let place = [notice.file, notice.line.map(String.init)].compactMap { $0 }.joined(separator: ":")
            Console.error("\(strict ? "error" : "warning"): \(place): \(notice.message)")
        }
        try await updateHeadersFile(config: config, site: site, lock: lock, rules: rules, strip: inject == nil)
        print("pixeltag \(verb): \(summary.line)\(dryRun ? " (dry run: nothing written)" : "")")
        if summary.pagesInSite == 0 {
            let globs = rules.include.map(\.pattern).joined(separator: ", ")
            throw PixelTagError.input("\(site.relativePathForDisplay): no pages (no file matches pages.include: \(globs)); build the site first, or check `site:` and `pages.include` in \(config.displayPath)")
        }
        // Pages that could not be handled outrank what strict refuses: the input is fine there.
        if summary.failed > summary.refused { throw ExitCode(3) }
        if summary.refused > 0 || (strict && !summary.notices.isEmpty) { throw ExitCode(2) }
    }
}

extension RewriteOptions {
    /// pixeltag's rule in the headers file of `csp.headers`: inject writes the policy with the
    /// sources of the blocks now on the pages, strip takes it out.
    func updateHeadersFile(config: PixelTagConfig, site: URL, lock: LockFile?, rules: RuleSet, strip: Bool) async throws {
        guard let file = SiteCSP.headersFile(config, site: site, out: out.map { URL(fileURLWithPath: $0) }) else { return }
        var rule: String?
        if !strip, let lock {
            // A shard or a dry run left other pages as they were: ask what inject leaves on each.
            let pages = out.map { URL(fileURLWithPath: $0) } ?? site
            let planned = shard != nil || dryRun
            let sources = try await SiteCSP.sources(rules: rules, lock: lock, site: planned ? site : pages, planned: planned)
            rule = SiteCSP.headersRule(config, sources: sources)
        }
        if try SiteCSP.update(headers: file, rule: rule, dryRun: dryRun) {
            Console.out("\(dryRun ? "would change" : strip ? "removed pixeltag's Content-Security-Policy from" : "wrote the Content-Security-Policy into") \(file.relativePathForDisplay)\n")
        }
    }
}

/// inject's own options, beside the ones it shares with strip.
struct InjectOptions: ParsableArguments {
    @Flag(name: .long, help: "Read every page, ignoring the build cache (\(FileNames.buildCache) beside the config) that lets a re-run skip pages untouched since the last one.")
    var noCache = false

    @Flag(name: .long, help: "Fail on what is otherwise a warning: a rule, glob or annotation that placed nothing, an event inactive in the lock, code pasted by hand that inject would double (also `strict: true` in the config).")
    var strict = false

    @OptionGroup var deploy: ContextOptions
}

/// Per-page lines, kept from the workers' threads and printed sorted by the page's path.
final class PageLog: @unchecked Sendable {
    private var entries: [(path: String, out: String, errors: [String])] = []
    private let lock = NSLock()

    func add(_ path: String, out: String, errors: [String]) {
        guard !out.isEmpty || !errors.isEmpty else { return }
        lock.withLock { entries.append((path, out, errors)) }
    }

    func print() {
        let sorted = lock.withLock { entries.sorted { $0.path < $1.path } }
        for entry in sorted {
            if !entry.out.isEmpty { Console.out(entry.out) }
            for line in entry.errors { Console.error(line) }
        }
    }
}
