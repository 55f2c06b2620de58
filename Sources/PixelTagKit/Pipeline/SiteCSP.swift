import Foundation

/// The Content-Security-Policy of a whole site: what its blocks need, and pixeltag's rule in
/// the headers file of `csp.headers`.
package enum SiteCSP {
    /// What the blocks of every page need. `planned` asks what inject would leave on each
    /// page (one parse a page, for `pixeltag csp` before or after inject); otherwise the
    /// blocks the pages carry are read (after inject, a marker search a page). The click and
    /// submit listener differs with the rules that reach a page, so pages are the only
    /// source of its hashes.
    package static func sources(rules: RuleSet, lock: LockFile, site: URL, planned: Bool) async throws -> PixelSources {
        let sitePath = site.path
        let injector = PageInjector(rules: rules)
        let tallies = try await SitePipeline(site: site, mode: .collect).run(tally: { Set<PixelSources.InlineScript>() }) { entry, scripts in
            guard case .file(let path) = entry, rules.isPage(path) else { return }
            // Links and unreadable pages hold no block a browser gets from this site.
            guard case .page(let page) = SitePipeline.read(sitePath + "/" + path, limit: .max) else { return }
            var bytes = page.bytes
            if planned {
                switch injector.process(bytes, path: path) {
                case .changed(let output): bytes = output
                case .unchanged: break
                case .skipped, .failed: return
                }
            }
            scripts.formUnion(PixelSources.scripts(inPage: bytes))
        }
        // A deploy context that gets nothing loads no pixel: its host is not needed either.
        return PixelSources(scripts: tallies.reduce(into: []) { $0.formUnion($1) },
                            baseCode: rules.deployContext?.reach == .nothing ? "" : lock.baseCode.codeSnippet)
    }

    /// pixeltag's rule for the headers file: the site's policy with the blocks' sources.
    package static func headersRule(_ config: PixelTagConfig, sources: PixelSources) -> String? {
        guard let policy = config.csp.policy else { return nil }
        return "\(config.csp.path)\n  Content-Security-Policy: \(sources.merged(into: policy))"
    }

    /// The headers file to write: the configured one, or its twin in `out` when it lies in
    /// the site and inject writes the site elsewhere.
    package static func headersFile(_ config: PixelTagConfig, site: URL, out: URL?) -> URL? {
        guard let headers = config.csp.headers else { return nil }
        guard let out else { return headers }
        let sitePath = site.standardizedFileURL.path + "/", path = headers.standardizedFileURL.path
        return path.hasPrefix(sitePath) ? out.appendingPathComponent(String(path.dropFirst(sitePath.count))) : headers
    }

    /// Writes pixeltag's rule into the headers file (nil removes it, as strip does); returns
    /// whether the file changed. A file that held only pixeltag's rule is removed with it.
    @discardableResult
    package static func update(headers url: URL, rule: String?, dryRun: Bool = false) throws -> Bool {
        let exists = FileManager.default.fileExists(atPath: url.path)
        guard exists || rule != nil else { return false }
        let old: String
        do {
            old = exists ? try String(contentsOf: url, encoding: .utf8) : ""
        } catch {
            throw PixelTagError.input("\(url.relativePathForDisplay): cannot read the headers file as UTF-8 text; fix it or remove csp.headers")
        }
        let new: String
        do {
            new = try HeadersFile.replacingOwnRule(in: old, with: rule)
        } catch {
            throw PixelTagError.input("\(url.relativePathForDisplay): \(error.message)")
        }
        guard new != old, !dryRun else { return new != old }
        if new.isEmpty && rule == nil {
            try FileManager.default.removeItem(at: url)
        } else {
            try AtomicFile.write(Data(new.utf8), to: url)
        }
        return true
    }

    /// The headers file a verify checks pages against, read; nil when there is none yet.
    package static func readHeaders(_ config: PixelTagConfig) throws -> HeadersFile? {
        guard let url = config.csp.headers, FileManager.default.fileExists(atPath: url.path) else { return nil }
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw PixelTagError.input("\(url.relativePathForDisplay): cannot read the headers file as UTF-8 text; fix it or remove csp.headers")
        }
        return HeadersFile(parsing: text)
    }
}
