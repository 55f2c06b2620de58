/// The variables a build host sets, read for the deploy context when `--context` is not
/// given. A value, not the process's environment, so every host's case is tested as a table;
/// the executable passes `ProcessInfo`'s. An empty variable counts as unset.
package struct HostEnvironment: Sendable {
    package var variables: [String: String]

    package init(_ variables: [String: String]) {
        self.variables = variables
    }

    /// A context read from a host's variables, and which variable said so.
    package struct Detected: Sendable, Equatable {
        package var context: DeployContext
        package var source: String
    }

    /// A host's variables are there but do not say enough: the message says what to do.
    package struct Problem: Error, Sendable, Equatable {
        package var message: String
        /// The config's `contexts.production-branch` would settle it.
        package var needsProductionBranch = false
    }

    /// Netlify's deploy contexts, by its names for them.
    private static let netlifyContexts: [String: DeployContext] = [
        "production": .production, "deploy-preview": .preview, "branch-deploy": .preview, "dev": .development,
    ]

    private func value(_ name: String) -> String? {
        variables[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The first host whose variables are set decides, deploy hosts before GitHub Actions (a
    /// workflow may run a host's CLI, whose variables are the more precise). nil when no
    /// host's variables are set.
    ///
    /// - Parameter productionBranch: `contexts.production-branch`, which Cloudflare Pages and
    ///   GitHub Actions need: they name the branch built, not whether it is production.
    package func detectContext(productionBranch: String?) throws(Problem) -> Detected? {
        // Netlify, "Build environment variables", read-only variables
        // (https://docs.netlify.com/configure-builds/environment-variables/): NETLIFY is
        // "Always true"; CONTEXT is "Name of the build's deploy context. It can be production,
        // deploy-preview, branch-deploy, or dev." CONTEXT alone is too common a name to trust.
        if value("NETLIFY") == "true", let context = value("CONTEXT") {
            guard let known = Self.netlifyContexts[context] else {
                throw Problem(
                    message:
                        "Netlify's CONTEXT is \"\(context)\", not one pixeltag knows (production, deploy-preview, branch-deploy, dev); pass --context production, preview or development"
                )
            }
            return Detected(context: known, source: "Netlify CONTEXT=\(context)")
        }
        // Vercel, "System environment variables"
        // (https://vercel.com/docs/environment-variables/system-environment-variables):
        // VERCEL_ENV is "The Environment that the app is deployed and running on. The value can
        // be either production, preview, or development."
        if let environment = value("VERCEL_ENV") {
            guard let known = DeployContext(rawValue: environment) else {
                throw Problem(
                    message:
                        "Vercel's VERCEL_ENV is \"\(environment)\", not production, preview or development; pass --context production, preview or development")
            }
            return Detected(context: known, source: "Vercel VERCEL_ENV=\(environment)")
        }
        // Cloudflare Pages, "Build configuration", environment variables
        // (https://developers.cloudflare.com/pages/configuration/build-configuration/#environment-variables):
        // CF_PAGES is 1 in a Pages build, CF_PAGES_BRANCH the branch being built; the
        // production branch is a project setting no variable carries, so the config names it
        // (as Cloudflare's own "Set build commands per branch" compares CF_PAGES_BRANCH,
        // https://developers.cloudflare.com/pages/how-to/build-commands-branches/).
        if value("CF_PAGES") == "1" {
            guard let branch = value("CF_PAGES_BRANCH") else {
                throw Problem(
                    message:
                        "Cloudflare Pages' CF_PAGES is 1 but CF_PAGES_BRANCH is not set, so the branch built is unknown; pass --context production, preview or development"
                )
            }
            guard let productionBranch else {
                throw Problem(
                    message:
                        "a Cloudflare Pages build of branch \"\(branch)\", but contexts.production-branch is not set, so pixeltag cannot tell production from a preview; add `production-branch: main` (your project's production branch) under contexts:",
                    needsProductionBranch: true)
            }
            return branch == productionBranch
                ? Detected(context: .production, source: "Cloudflare Pages CF_PAGES_BRANCH=\(branch)")
                : Detected(context: .preview, source: "Cloudflare Pages CF_PAGES_BRANCH=\(branch), not \(productionBranch)")
        }
        // GitHub Actions, "Variables reference", default environment variables
        // (https://docs.github.com/en/actions/reference/variables-reference): GITHUB_ACTIONS is
        // true in a workflow; GITHUB_REF is refs/heads/<branch> for a push, refs/pull/<n>/merge
        // for a pull_request, refs/tags/<tag> for a tag, but the base branch's ref for
        // pull_request_target, so GITHUB_EVENT_NAME settles pull requests first.
        if value("GITHUB_ACTIONS") == "true" {
            if let event = value("GITHUB_EVENT_NAME"), event.hasPrefix("pull_request") {
                return Detected(context: .preview, source: "GitHub Actions GITHUB_EVENT_NAME=\(event)")
            }
            guard let ref = value("GITHUB_REF") else { return nil }
            if ref.hasPrefix("refs/heads/") {
                guard let productionBranch else {
                    throw Problem(
                        message:
                            "a GitHub Actions build of \(ref), but contexts.production-branch is not set, so pixeltag cannot tell production from a preview; add `production-branch: main` (the branch that deploys your site) under contexts:",
                        needsProductionBranch: true)
                }
                if ref == "refs/heads/" + productionBranch {
                    return Detected(context: .production, source: "GitHub Actions GITHUB_REF=\(ref)")
                }
                return Detected(context: .preview, source: "GitHub Actions GITHUB_REF=\(ref), not refs/heads/\(productionBranch)")
            }
            return Detected(context: .preview, source: "GitHub Actions GITHUB_REF=\(ref)")
        }
        return nil
    }
}
