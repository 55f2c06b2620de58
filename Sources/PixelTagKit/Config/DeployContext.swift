import Yams

/// Where a build is going to be served. With `contexts:` in the config, a build's context
/// decides what pixeltag writes, so that previews and branch deploys send no events into the
/// account's statistics.
package enum DeployContext: String, Sendable, CaseIterable {
    /// The site visitors see.
    case production
    /// Deploy previews of pull requests and branch deploys: pages people review, not visit.
    case preview
    /// A build on someone's machine (`netlify dev`, `vercel dev`, a local run).
    case development

    /// The context a name stands for: pixeltag's own three, or Netlify's words for them, so
    /// that `--context "$CONTEXT"` works in a netlify.toml build command.
    package init?(named name: String) {
        switch name {
        case "deploy-preview", "branch-deploy": self = .preview
        case "dev": self = .development
        default: self.init(rawValue: name)
        }
    }

    /// Every name `init(named:)` takes, for advice.
    static let names = allCases.map(\.rawValue) + ["deploy-preview", "branch-deploy", "dev"]
}

extension PixelTagConfig {
    /// `contexts:`: what each deploy context gets, and the branch that deploys production on
    /// hosts that name only a branch (Cloudflare Pages, GitHub Actions).
    package struct Contexts: Sendable, Equatable {
        /// What a context's pages get.
        package enum Reach: String, Sendable, CaseIterable {
            /// The base code and every event, annotation and listener: what a config without
            /// `contexts:` writes.
            case everything = "all"
            /// The base code alone: the pixel loads, no event fires.
            case baseOnly = "base"
            /// No pixeltag block at all; inject removes those an earlier build left.
            case nothing = "none"

            /// For the line inject and verify print.
            var phrase: String {
                switch self {
                case .everything: "base code and events"
                case .baseOnly: "base code only, no events"
                case .nothing: "no pixeltag blocks"
                }
            }
        }

        package var productionBranch: String?
        /// Production gets everything, the others nothing, unless the section says otherwise.
        package var reach: [DeployContext: Reach] = [.production: .everything, .preview: .nothing, .development: .nothing]
    }
}

/// The deploy context a run uses, where it came from, and what it lets pages get.
package struct ContextResolution: Sendable, Equatable {
    package var context: DeployContext
    /// Where the context came from, as the printed line says it: `--context preview`,
    /// `Netlify CONTEXT=deploy-preview`.
    package var source: String
    package var reach: PixelTagConfig.Contexts.Reach
    /// Where the config says what the context gets (`pixeltag.yml:14`), or the config's
    /// path when the section leaves it at its default.
    package var origin: String

    /// The line inject, verify, explain and csp print first:
    /// `context: preview (from Netlify CONTEXT=deploy-preview) → no pixeltag blocks (pixeltag.yml:14)`.
    package var line: String {
        "context: \(context.rawValue) (from \(source)) → \(reach.phrase) (\(origin))"
    }

    /// Why a block of this kind is not on the context's pages, or nil when it may be.
    package func withholds(_ kind: Block.Kind) -> String? {
        switch (reach, kind) {
        case (.everything, _), (.baseOnly, .base): return nil
        case (.baseOnly, _): return "the \(context.rawValue) context gets the base code only (\(origin))"
        case (.nothing, _): return "the \(context.rawValue) context gets no pixeltag block (\(origin))"
        }
    }
}

extension PixelTagConfig {
    /// The deploy context of this run: `--context` when given, else what the build host's
    /// variables say. nil without `contexts:`, where every build gets everything as before.
    ///
    /// With `contexts:` and neither, the run is refused rather than guessed: taken for
    /// production, a preview would count its visits; taken for development, a production
    /// build on a host pixeltag does not know would ship without its pixel, and verify would
    /// pass it. One flag settles it.
    package func deployContext(option: String?, environment: HostEnvironment) throws -> ContextResolution? {
        guard let contexts else {
            guard let option else { return nil }
            throw PixelTagError.input(
                "\(displayPath): --context \(option), but the config has no `contexts:` section saying what each context gets; add one (README, \"Deploy contexts\"), e.g. `contexts: {production-branch: main, preview: none}`"
            )
        }
        let origin = origin(of: "contexts")
        func resolved(_ context: DeployContext, _ source: String) -> ContextResolution {
            let key = "contexts.\(context.rawValue)"
            return ContextResolution(
                context: context, source: source, reach: contexts.reach[context] ?? .nothing,
                origin: lines[key] == nil ? "\(origin), default" : self.origin(of: key))
        }
        if let option {
            guard let context = DeployContext(named: option) else {
                throw PixelTagError.input(
                    "--context \(option): no such deploy context\(Suggestion.phrase(for: option, in: DeployContext.names)) (production, preview or development; Netlify's deploy-preview, branch-deploy and dev are taken too)"
                )
            }
            return resolved(context, "--context \(option)")
        }
        do {
            guard let detected = try environment.detectContext(productionBranch: contexts.productionBranch) else {
                throw PixelTagError.input(
                    "\(origin): contexts: no --context, and no build host's variables say which deploy context this is (Netlify CONTEXT, Vercel VERCEL_ENV, Cloudflare Pages CF_PAGES, GitHub Actions GITHUB_REF); pass --context production for the site visitors see, or --context development for a build that sends nothing"
                )
            }
            return resolved(detected.context, detected.source)
        } catch let problem as HostEnvironment.Problem {
            throw PixelTagError.input(problem.needsProductionBranch ? "\(origin): \(problem.message)" : problem.message)
        }
    }
}

extension ConfigReader {
    /// The line a key is written on in a mapping (a value's own line is that of its first key
    /// when it is a mapping itself).
    func line(ofKey name: String, in node: Node) -> Int? {
        guard case .mapping(let mapping) = node else { return nil }
        return mapping.keys.first { $0.string == name }?.mark?.line
    }

    /// `contexts:` as a mapping of `production-branch` and a reach per context.
    func contexts(_ node: Node, lines: inout [String: Int]) throws -> PixelTagConfig.Contexts {
        var contexts = PixelTagConfig.Contexts()
        let keys = ["production-branch"] + DeployContext.allCases.map(\.rawValue)
        if case .mapping(let mapping) = node {
            // A host's own word for a context: say which of pixeltag's it is.
            for key in mapping.keys {
                guard let name = key.string, !keys.contains(name), let context = DeployContext(named: name) else { continue }
                throw error(at: key, "contexts: \"\(name)\" is Netlify's name for pixeltag's \(context.rawValue) context; write `\(context.rawValue):` instead")
            }
        }
        let fields = try mapping(node, allowed: keys, what: "contexts")
        if let branch = fields["production-branch"] {
            let text = try string(branch, key: "contexts.production-branch")
            guard !text.hasPrefix("refs/"), !text.contains(where: \.isWhitespace) else {
                throw error(at: branch, "contexts.production-branch is a branch name as git shows it, e.g. main, not \"\(text)\"")
            }
            contexts.productionBranch = text
            lines["contexts.production-branch"] = branch.mark?.line
        }
        for context in DeployContext.allCases {
            guard let value = fields[context.rawValue] else { continue }
            let key = "contexts.\(context.rawValue)"
            let text = try string(value, key: key)
            guard let reach = PixelTagConfig.Contexts.Reach(rawValue: text) else {
                let names = PixelTagConfig.Contexts.Reach.allCases.map(\.rawValue)
                throw error(
                    at: value,
                    "\(key): unknown value \"\(text)\"\(Suggestion.phrase(for: text, in: names)) (all: base code and events, base: base code only, none: no pixeltag block)"
                )
            }
            contexts.reach[context] = reach
            lines[key] = value.mark?.line
        }
        return contexts
    }
}
