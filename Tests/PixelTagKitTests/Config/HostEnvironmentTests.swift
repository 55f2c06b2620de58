import Testing

@testable import PixelTagKit

/// Which deploy context each build host's variables mean, as a table: the environment a
/// host sets, and the context and source pixeltag reads from it. No process environment is
/// touched: `HostEnvironment` is a value.
@Suite struct HostEnvironmentTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var environment: [String: String]
        var context: DeployContext?
        var source: String?
        var testDescription: String { environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ") }
    }

    static let detected: [Case] = [
        // Netlify: CONTEXT, trusted only beside NETLIFY=true.
        Case(environment: ["NETLIFY": "true", "CONTEXT": "production"], context: .production, source: "Netlify CONTEXT=production"),
        Case(environment: ["NETLIFY": "true", "CONTEXT": "deploy-preview"], context: .preview, source: "Netlify CONTEXT=deploy-preview"),
        Case(environment: ["NETLIFY": "true", "CONTEXT": "branch-deploy"], context: .preview, source: "Netlify CONTEXT=branch-deploy"),
        Case(environment: ["NETLIFY": "true", "CONTEXT": "dev"], context: .development, source: "Netlify CONTEXT=dev"),
        Case(environment: ["CONTEXT": "production"], context: nil, source: nil),
        // Vercel: VERCEL_ENV.
        Case(environment: ["VERCEL": "1", "VERCEL_ENV": "production"], context: .production, source: "Vercel VERCEL_ENV=production"),
        Case(environment: ["VERCEL_ENV": "preview"], context: .preview, source: "Vercel VERCEL_ENV=preview"),
        Case(environment: ["VERCEL_ENV": "development"], context: .development, source: "Vercel VERCEL_ENV=development"),
        // Cloudflare Pages: the branch built against the configured production branch.
        Case(environment: ["CF_PAGES": "1", "CF_PAGES_BRANCH": "main"], context: .production, source: "Cloudflare Pages CF_PAGES_BRANCH=main"),
        Case(
            environment: ["CF_PAGES": "1", "CF_PAGES_BRANCH": "feature/pricing"], context: .preview,
            source: "Cloudflare Pages CF_PAGES_BRANCH=feature/pricing, not main"),
        Case(environment: ["CF_PAGES": "0", "CF_PAGES_BRANCH": "main"], context: nil, source: nil),
        // GitHub Actions: the ref, and pull requests by their event.
        Case(
            environment: ["GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push", "GITHUB_REF": "refs/heads/main"], context: .production,
            source: "GitHub Actions GITHUB_REF=refs/heads/main"),
        Case(
            environment: ["GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push", "GITHUB_REF": "refs/heads/mainline"], context: .preview,
            source: "GitHub Actions GITHUB_REF=refs/heads/mainline, not refs/heads/main"),
        Case(
            environment: ["GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_REF": "refs/pull/42/merge"], context: .preview,
            source: "GitHub Actions GITHUB_EVENT_NAME=pull_request"),
        // pull_request_target runs with the base branch's ref: the event says it is a pull request.
        Case(
            environment: ["GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request_target", "GITHUB_REF": "refs/heads/main"], context: .preview,
            source: "GitHub Actions GITHUB_EVENT_NAME=pull_request_target"),
        Case(
            environment: ["GITHUB_ACTIONS": "true", "GITHUB_REF": "refs/pull/42/merge"], context: .preview,
            source: "GitHub Actions GITHUB_REF=refs/pull/42/merge"),
        Case(
            environment: ["GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push", "GITHUB_REF": "refs/tags/v1.2"], context: .preview,
            source: "GitHub Actions GITHUB_REF=refs/tags/v1.2"),
        Case(environment: ["GITHUB_REF": "refs/heads/main"], context: nil, source: nil),
        Case(environment: ["GITHUB_ACTIONS": "true"], context: nil, source: nil),
        // Deploy hosts before the CI that may run their CLI.
        Case(
            environment: ["GITHUB_ACTIONS": "true", "GITHUB_REF": "refs/heads/main", "NETLIFY": "true", "CONTEXT": "deploy-preview"], context: .preview,
            source: "Netlify CONTEXT=deploy-preview"),
        // Nothing, and variables set but empty, say nothing.
        Case(environment: [:], context: nil, source: nil),
        Case(environment: ["NETLIFY": "", "CONTEXT": "", "VERCEL_ENV": "", "CF_PAGES": "", "GITHUB_ACTIONS": ""], context: nil, source: nil),
    ]

    @Test(arguments: detected)
    func aHostsVariablesNameTheContext(_ row: Case) throws {
        let detected = try HostEnvironment(row.environment).detectContext(productionBranch: "main")
        #expect(detected?.context == row.context)
        #expect(detected?.source == row.source)
    }

    static let problems: [(environment: [String: String], message: String)] = [
        (
            ["NETLIFY": "true", "CONTEXT": "preview-server"],
            "Netlify's CONTEXT is \"preview-server\", not one pixeltag knows (production, deploy-preview, branch-deploy, dev); pass --context production, preview or development"
        ),
        (
            ["VERCEL_ENV": "staging"],
            "Vercel's VERCEL_ENV is \"staging\", not production, preview or development; pass --context production, preview or development"
        ),
        (
            ["CF_PAGES": "1"],
            "Cloudflare Pages' CF_PAGES is 1 but CF_PAGES_BRANCH is not set, so the branch built is unknown; pass --context production, preview or development"
        ),
    ]

    @Test(arguments: problems)
    func aValueNoContextMatchesIsRefusedNotGuessed(_ row: (environment: [String: String], message: String)) {
        #expect(throws: HostEnvironment.Problem(message: row.message)) {
            try HostEnvironment(row.environment).detectContext(productionBranch: "main")
        }
    }

    @Test func aBranchBuildWithoutAProductionBranchAsksForOne() throws {
        for environment in [["CF_PAGES": "1", "CF_PAGES_BRANCH": "main"], ["GITHUB_ACTIONS": "true", "GITHUB_REF": "refs/heads/main"]] {
            let problem = #expect(throws: HostEnvironment.Problem.self) {
                try HostEnvironment(environment).detectContext(productionBranch: nil)
            }
            #expect(problem?.needsProductionBranch == true)
            #expect(problem?.message.contains("add `production-branch: main`") == true)
        }
        // A pull request is a preview whatever the production branch.
        let pull = try HostEnvironment(["GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_REF": "refs/pull/7/merge"])
            .detectContext(productionBranch: nil)
        #expect(pull?.context == .preview)
    }
}
