import Foundation

/// One run of the browser suite, shared by every test in it: pixeltag injects copies of the
/// fixture sites (`Tests/Browser/sites/*` and sample-site), then `Tests/Browser/driver.py`
/// loads every page in headless Chromium, takes its steps and writes down what happened.
///
/// Each site is worked on three ways, and each page has an id `VARIANT/SITE/PATH`:
/// `once` (injected once: what the goldens show), `twice` (injected twice: must look the
/// same in the browser) and `broken` (an injected page damaged by hand on purpose:
/// the checks must catch it).
struct BrowserRun: Sendable {
    static let browserFolder = ToolRunner.packageRoot.appendingPathComponent("Tests/Browser")
    static let driver = browserFolder.appendingPathComponent("driver.py")
    static let needs = "needs chromium and Playwright for Python (apt-get install chromium; pip install playwright)"

    /// Whether `driver.py --probe` finds Playwright and a chromium that starts. Asked on a
    /// thread of its own and awaited: a condition that blocked would hold cooperative
    /// threads (one per suite asking at once) that the in-process fakes of other suites need.
    static let isAvailable: Task<Bool, Never> = Task {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(returning: (try? run(["python3", driver.path, "--probe"]))?.status == 0)
            }
        }
    }

    /// What `pixeltag inject` said for one site.
    struct Injection: Sendable {
        var status: Int32
        var output: String
    }

    var browser: String
    var pages: [String: PageRecording]
    /// By `VARIANT/SITE`, the last inject run on it.
    var injections: [String: Injection]
    /// By page id, the page's bytes as served, and as the fixture had them before inject.
    var served: [String: Data]
    var original: [String: Data]

    func page(_ id: String) throws -> PageRecording {
        guard let page = pages[id] else { throw BrowserRunError("no page \(id) in the browser run") }
        if let failure = page.failure { throw BrowserRunError("\(id): the driver could not record it: \(failure)") }
        return page
    }

    /// The 1-based lines of a served page that its pixeltag blocks take, markers included.
    func blockLines(_ id: String) -> [ClosedRange<Int>] {
        guard let bytes = served[id] else { return [] }
        var ranges: [ClosedRange<Int>] = [], start: Int?
        for (number, line) in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.contains("<!-- pixeltag:begin ") { start = number + 1 }
            if line.contains("<!-- pixeltag:end -->"), let first = start {
                ranges.append(first...(number + 1))
                start = nil
            }
        }
        return ranges
    }

    /// What must hold on every page (`PageRecording.problems`).
    func problems(_ id: String) throws -> [String] {
        try page(id).problems(blockLines: blockLines(id))
    }

    /// The ids of one variant's pages, sorted.
    func ids(in variant: String) -> [String] {
        pages.keys.filter { $0.hasPrefix(variant + "/") }.sorted()
    }

    /// The run, made once for the whole test process and awaited by every test.
    static let shared: Task<BrowserRun, any Error> = Task {
        try await withCheckedThrowingContinuation { continuation in
            // Copying, injecting and the browser block: not on a cooperative thread.
            Thread.detachNewThread { continuation.resume(with: Result { try make() }) }
        }
    }

    struct Site {
        var name: String
        /// The folder holding pixeltag.yml (its pages in `public/`).
        var folder: URL
        var steps: URL
    }

    static var sites: [Site] {
        let sample = Site(name: "sample", folder: ToolRunner.packageRoot.appendingPathComponent("sample-site"),
                          steps: browserFolder.appendingPathComponent("sample-site.steps.json"))
        let fixtures = browserFolder.appendingPathComponent("sites")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? [])
            .filter { FileManager.default.fileExists(atPath: fixtures.appendingPathComponent("\($0)/pixeltag.yml").path) }
            .sorted()
        return [sample] + names.map {
            Site(name: $0, folder: fixtures.appendingPathComponent($0), steps: fixtures.appendingPathComponent("\($0)/steps.json"))
        }
    }

    private static func make() throws -> BrowserRun {
        // PIXELTAG_BROWSER_KEEP=DIR keeps the injected sites, the plan and the recording there.
        let keep = ProcessInfo.processInfo.environment["PIXELTAG_BROWSER_KEEP"].map { URL(fileURLWithPath: $0) }
        let temporary = keep == nil ? try TemporaryFolder() : nil
        if let keep {
            try? FileManager.default.removeItem(at: keep)
            try FileManager.default.createDirectory(at: keep, withIntermediateDirectories: true)
        }
        defer { withExtendedLifetime(temporary) {} }
        let work = keep ?? temporary!.url
        var injections: [String: Injection] = [:]
        var plan = Plan()
        var served: [String: Data] = [:], original: [String: Data] = [:]

        for site in sites {
            let steps = try Self.steps(at: site.steps)
            for (variant, runs) in [("once", 1), ("twice", 2)] {
                let copy = work.appendingPathComponent("\(variant)/\(site.name)")
                try copyFixture(site.folder, to: copy)
                // The fixtures share one lock beside them (`lock: ../pixeltag.lock.json`).
                let sharedLock = site.folder.deletingLastPathComponent().appendingPathComponent("pixeltag.lock.json")
                let copiedLock = copy.deletingLastPathComponent().appendingPathComponent("pixeltag.lock.json")
                if FileManager.default.fileExists(atPath: sharedLock.path), !FileManager.default.fileExists(atPath: copiedLock.path) {
                    try FileManager.default.copyItem(at: sharedLock, to: copiedLock)
                }
                for _ in 0..<runs {
                    let result = try run([ToolRunner.productsFolder.appendingPathComponent("pixeltag").path, "inject", "--no-cache",
                                          "--config", copy.appendingPathComponent("pixeltag.yml").path],
                                         environment: try hostEnvironment(of: site))
                    injections["\(variant)/\(site.name)"] = Injection(status: result.status, output: result.output)
                }
                let root = copy.appendingPathComponent("public")
                plan.roots["\(variant)/\(site.name)"] = root.path
                for path in try pages(under: root) {
                    let id = "\(variant)/\(site.name)/\(path)"
                    plan.pages.append(.init(id: id, root: "\(variant)/\(site.name)", path: path, steps: steps[path] ?? []))
                    served[id] = try Data(contentsOf: root.appendingPathComponent(path))
                    original[id] = try Data(contentsOf: site.folder.appendingPathComponent("public/\(path)"))
                }
            }
            // Pages listed in the site's gpc.json are loaded once more, injected once, by a
            // browser that sends Global Privacy Control: variant `gpc`.
            let gpcList = site.folder.appendingPathComponent("gpc.json")
            if FileManager.default.fileExists(atPath: gpcList.path) {
                for path in try JSONDecoder().decode([String].self, from: Data(contentsOf: gpcList)) {
                    plan.pages.append(.init(id: "gpc/\(site.name)/\(path)", root: "once/\(site.name)", path: path, steps: steps[path] ?? [], gpc: true))
                }
            }
            for url in try loaderURLs(in: site.folder) { plan.pixelScripts.insert(url) }
        }

        // Injected pages damaged by hand: what the suite exists to catch.
        let broken = work.appendingPathComponent("broken")
        try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
        plan.roots["broken"] = broken.path
        for damage in BrokenInjection.allCases {
            let source = try served.value(for: "once/\(damage.source)")
            let page = try damage.apply(to: String(decoding: source, as: UTF8.self))
            try Data(page.utf8).write(to: broken.appendingPathComponent(damage.rawValue + ".html"))
            let siteHeaders = work.appendingPathComponent("once/\(damage.source.split(separator: "/")[0])/public/_headers")
            if let headers = try? String(contentsOf: siteHeaders, encoding: .utf8), let rule = damage.headersRule(siteHeaders: headers) {
                let file = broken.appendingPathComponent("_headers")
                let before = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
                try Data((before + rule).utf8).write(to: file)
            }
            let id = "broken/\(damage.rawValue).html"
            let site = damage.source.split(separator: "/").first.map(String.init) ?? ""
            let steps = try Self.steps(at: sites.first { $0.name == site }?.steps)
            plan.pages.append(.init(id: id, root: "broken", path: damage.rawValue + ".html",
                                    steps: steps[String(damage.source.dropFirst(site.count + 1))] ?? []))
            served[id] = Data(page.utf8)
        }

        plan.jobs = Int(ProcessInfo.processInfo.environment["PIXELTAG_BROWSER_JOBS"] ?? "") ?? 4
        let planFile = work.appendingPathComponent("plan.json"), output = work.appendingPathComponent("recording.json")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(plan).write(to: planFile)
        let result = try run(["python3", driver.path, planFile.path, output.path])
        guard result.status == 0 else {
            throw BrowserRunError("driver.py failed (status \(result.status)): \(result.output.suffix(2000))")
        }
        let recording = try JSONDecoder().decode(Recording.self, from: Data(contentsOf: output))
        return BrowserRun(browser: recording.browser, pages: recording.pages, injections: injections,
                          served: served, original: original)
    }

    /// The steps file of a site: page path to the steps taken on it after it loaded.
    static func steps(at file: URL?) throws -> [String: [Step]] {
        guard let file, FileManager.default.fileExists(atPath: file.path) else { return [:] }
        do {
            return try JSONDecoder().decode([String: [Step]].self, from: Data(contentsOf: file))
        } catch {
            throw BrowserRunError("\(file.path): not a steps file (page path: [{\"click\": SELECTOR} or {\"press\": KEY, \"in\": SELECTOR}]): \(error)")
        }
    }

    /// A copy of a fixture site without what a local run may have left in it.
    private static func copyFixture(_ folder: URL, to copy: URL) throws {
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        for item in try FileManager.default.contentsOfDirectory(atPath: folder.path) where item != ".pixeltag-cache" {
            try FileManager.default.copyItem(at: folder.appendingPathComponent(item), to: copy.appendingPathComponent(item))
        }
    }

    /// Every .html and .htm file under `root`, relative to it, sorted.
    private static func pages(under root: URL) throws -> [String] {
        let walker = FileManager.default.enumerator(atPath: root.path)
        var paths: [String] = []
        while let path = walker?.nextObject() as? String {
            if path.hasSuffix(".html") || path.hasSuffix(".htm") { paths.append(path) }
        }
        return paths.sorted()
    }

    /// The scripts the base code in a site's lock loads (the real loader's URL), which the
    /// driver answers with its stub.
    private static func loaderURLs(in site: URL) throws -> [String] {
        let lockURL = [site.appendingPathComponent("pixeltag.lock.json"),
                       site.deletingLastPathComponent().appendingPathComponent("pixeltag.lock.json")]
            .first { FileManager.default.fileExists(atPath: $0.path) }
        guard let lockURL else { return [] }
        let lock = try JSONDecoder().decode(LockBase.self, from: Data(contentsOf: lockURL))
        let pattern = try NSRegularExpression(pattern: #"https://[^'"\s]+\.js"#)
        let code = lock.base_code.code_snippet
        return pattern.matches(in: code, range: NSRange(code.startIndex..., in: code)).compactMap {
            Range($0.range, in: code).map { String(code[$0]) }
        }
    }

    private struct LockBase: Decodable {
        struct Base: Decodable { var code_snippet: String }
        var base_code: Base
    }

    struct Step: Codable, Sendable, Equatable {
        var click: String?
        var press: String?
        var `in`: String?
        /// The browser's back button (`history.back()`).
        var back: Bool?
        /// An element to wait for after the step: the page a client-side router shows.
        var waitFor: String?
    }

    private struct Plan: Encodable {
        struct Page: Encodable {
            var id: String
            var root: String
            var path: String
            var steps: [Step]
            var gpc = false
        }

        var roots: [String: String] = [:]
        var pixelScripts: Set<String> = ["https://telegram.org/js/pixel.js"]
        var jobs = 4
        var pages: [Page] = []
    }

    private struct Recording: Decodable {
        var browser: String
        var pages: [String: PageRecording]
    }

    /// Runs a program to its end on the calling thread (never a cooperative one), niced and
    /// with its output going to a file rather than a pipe: the browser must take neither the
    /// CPU nor a Dispatch worker (which reading a pipe holds) from the in-process fake
    /// servers that other suites talk to under timeouts meanwhile.
    /// A site's `host.json`: the variables a deploy host sets (e.g. Netlify's `CONTEXT`),
    /// as inject sees them when that host builds the site. Other sites get none of them.
    static func hostEnvironment(of site: Site) throws -> [String: String] {
        let file = site.folder.appendingPathComponent("host.json")
        // Empty is unset to pixeltag: the runner's own host variables stay out of the picture.
        let hosts = ["NETLIFY", "CONTEXT", "VERCEL_ENV", "CF_PAGES", "CF_PAGES_BRANCH", "GITHUB_ACTIONS", "GITHUB_EVENT_NAME", "GITHUB_REF"]
        var environment = Dictionary(uniqueKeysWithValues: hosts.map { ($0, "") })
        guard FileManager.default.fileExists(atPath: file.path) else { return environment }
        for (name, value) in try JSONDecoder().decode([String: String].self, from: Data(contentsOf: file)) {
            environment[name] = value
        }
        return environment
    }

    static func run(_ arguments: [String], environment extra: [String: String] = [:]) throws -> ToolRunner.Result {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("pixeltag-browser-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let output = try FileHandle(forWritingTo: log)
        defer { try? output.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["nice", "-n", "19"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment.merge(extra) { $1 }
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        try process.run()
        process.waitUntilExit()
        let text = String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self)
        return ToolRunner.Result(status: process.terminationStatus, stdout: text, stderr: "")
    }
}

struct BrowserRunError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension Dictionary where Key == String {
    func value(for key: String) throws -> Value {
        guard let value = self[key] else { throw BrowserRunError("no \(key)") }
        return value
    }
}
