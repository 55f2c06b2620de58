import ArgumentParser
import Foundation
import PixelTagKit

extension ReportFormat: ExpressibleByArgument {}

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that every page has its Pixel Tag code, as inject would leave it; writes nothing.",
        discussion: """
            A page passes when `pixeltag inject` would not change it and no copy of the code \
            was pasted into it by hand. Findings: missing, stale, misplaced, duplicate, extra, \
            unmarked; with --online also deleted, deactivated, renamed, changed (the lock file \
            against the live account).

            Exit status: 0 every page passes, 1 something needs fixing, 2 bad input, 3 a page \
            could not be checked, 4 the Adstat API failed (--online).

            Examples:
              pixeltag verify
              pixeltag verify --config site/pixeltag.yml --format github
              pixeltag verify --format junit --output pixeltag-junit.xml
              pixeltag verify --format sarif --output pixeltag.sarif
              pixeltag verify --online
              pixeltag verify --context preview   # expects what contexts.preview gets
            """
    )

    @OptionGroup var site: SiteOptions

    @Option(help: ArgumentHelp("text, json, github (workflow annotations), junit, or sarif for GitHub code scanning (e.g. --format sarif --output pixeltag.sarif).", valueName: "format"))
    var format: ReportFormat = .text

    @Option(help: ArgumentHelp("Write the report to this file instead of stdout, and print only the summary line (e.g. --output pixeltag-junit.xml).", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("Pages checked at once (default: the number of cores; e.g. --jobs 4).", valueName: "n"))
    var jobs: Int?

    @Flag(help: "Fail on what is otherwise a warning: a rule, glob or annotation that placed nothing, an event inactive in the lock (also `strict: true` in the config).")
    var strict = false

    @OptionGroup var online: OnlineOptions

    @OptionGroup var deploy: ContextOptions

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, e.g. --jobs 4") }
    }

    func run() async throws {
        try await reportingErrors {
            let (config, folder, lock, rules) = try site.load(deploy)
            var verifier = SiteVerifier(rules: rules, lock: lock, site: folder)
            if let jobs { verifier.jobs = jobs }
            if let headers = try SiteCSP.readHeaders(config), let url = config.csp.headers {
                verifier.verifier.checkPolicies(of: headers, named: url.relativePathForDisplay)
            }
            verifier.keepsPassedPages = format.listsEveryPage
            let strict = self.strict || config.strict
            verifier.strict = strict
            let outcome = try await verifier.run()
            if outcome.pageCount == 0 {
                let globs = rules.include.map(\.pattern).joined(separator: ", ")
                throw PixelTagError.input("\(folder.relativePathForDisplay): no pages (no file matches pages.include: \(globs)); build the site first, or check `site:` and `pages.include` in \(config.displayPath)")
            }
            var lockFindings: [Finding] = []
            if online.online {
                let environment = ProcessInfo.processInfo.environment
                let account = try AccountChoice.resolve(option: online.account, environment: environment, configured: config.account ?? lock.account)
                lockFindings = try await LockDrift(config: config, rules: rules).check(lock: lock, account: account, client: online.client())
            }
            let report = VerificationReport(
                site: folder.relativePathForDisplay, lock: config.lock.relativePathForDisplay, config: config.displayPath,
                pages: outcome.pages, passedNotListed: outcome.passedNotKept, lockFindings: lockFindings, online: online.online,
                configFindings: outcome.notices, strict: strict
            )
            try write(report)
            if report.exitCode != 0 { throw ExitCode(report.exitCode) }
        }
    }

    private func write(_ report: VerificationReport) throws {
        let environment = ProcessInfo.processInfo.environment
        if let output {
            // The summary line even when the file cannot be written: the log still says how the pages are.
            defer { Console.out(report.summaryLine + "\n") }
            try AtomicFile.write(Data(format.render(report).utf8), toNewOrExisting: URL(fileURLWithPath: output))
        } else {
            // Colour only for a person at a terminal, and never against their NO_COLOR.
            let colors = format == .text && isatty(STDOUT_FILENO) == 1 && (environment["NO_COLOR"] ?? "").isEmpty
            Console.out(format.render(report, colors: colors))
        }
        if format == .github, let path = environment["GITHUB_STEP_SUMMARY"], !path.isEmpty {
            do {
                try MarkdownSummary.append(report, toFile: path)
            } catch let error as PixelTagError {
                Console.error("warning: \(error.message)")
            }
        }
    }
}
