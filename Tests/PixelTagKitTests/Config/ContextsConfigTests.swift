import Foundation
import Testing

@testable import PixelTagKit

/// `contexts:` in the config: what it accepts, the one-line errors for what it does not, and
/// which context a run ends up in from --context or the host's variables.
@Suite struct ContextsConfigTests {
    let file = URL(fileURLWithPath: "/site/pixeltag.yml")

    func config(_ yaml: String) throws -> PixelTagConfig {
        try PixelTagConfig.parse(yaml, file: file)
    }

    func message(_ yaml: String) -> String? {
        do {
            _ = try config(yaml)
            return nil
        } catch {
            return (error as? PixelTagError)?.message ?? "\(error)"
        }
    }

    @Test func withoutTheSectionThereIsNoContext() throws {
        let plain = try config("site: public\n")
        #expect(plain.contexts == nil)
        #expect(try plain.deployContext(option: nil, environment: HostEnvironment(["NETLIFY": "true", "CONTEXT": "deploy-preview"])) == nil)
    }

    @Test func theSectionDefaultsToEverythingForProductionAndNothingElsewhere() throws {
        let contexts = try #require(try config("contexts: {}\n").contexts)
        #expect(contexts.productionBranch == nil)
        #expect(contexts.reach == [.production: .everything, .preview: .nothing, .development: .nothing])
    }

    @Test func eachContextTakesAllBaseOrNone() throws {
        let contexts = try #require(try config("contexts:\n  production-branch: trunk\n  preview: base\n  development: all\n  production: all\n").contexts)
        #expect(contexts.productionBranch == "trunk")
        #expect(contexts.reach == [.production: .everything, .preview: .baseOnly, .development: .everything])
    }

    @Test func anUnknownKeySuggestsTheRightOne() {
        #expect(
            message("contexts:\n  preveiw: none\n")
                == "/site/pixeltag.yml:2:3: unknown key \"preveiw\" in contexts; did you mean \"preview\"? (allowed: production-branch, production, preview, development)"
        )
        #expect(
            message("contexts:\n  production_branch: main\n")
                == "/site/pixeltag.yml:2:3: unknown key \"production_branch\" in contexts; did you mean \"production-branch\"? (allowed: production-branch, production, preview, development)"
        )
    }

    @Test func aHostsNameForAContextSaysWhichOfPixeltagsItIs() {
        #expect(
            message("contexts:\n  deploy-preview: base\n")
                == "/site/pixeltag.yml:2:3: contexts: \"deploy-preview\" is Netlify's name for pixeltag's preview context; write `preview:` instead")
    }

    @Test func anUnknownValueListsWhatEachMeans() {
        #expect(
            message("contexts:\n  preview: nothing\n")
                == "/site/pixeltag.yml:2:12: contexts.preview: unknown value \"nothing\" (all: base code and events, base: base code only, none: no pixeltag block)"
        )
        #expect(
            message("contexts:\n  preview: bse\n")
                == "/site/pixeltag.yml:2:12: contexts.preview: unknown value \"bse\"; did you mean \"base\"? (all: base code and events, base: base code only, none: no pixeltag block)"
        )
    }

    @Test func theProductionBranchIsABranchNameNotARef() {
        #expect(
            message("contexts:\n  production-branch: refs/heads/main\n")
                == "/site/pixeltag.yml:2:22: contexts.production-branch is a branch name as git shows it, e.g. main, not \"refs/heads/main\"")
    }

    @Test func theSectionIsAMapping() {
        #expect(
            message("contexts: preview\n")
                == "/site/pixeltag.yml:1:11: contexts must be a mapping of keys (production-branch, production, preview, development)")
    }

    // MARK: - Which context a run uses

    let section = "contexts:\n  production-branch: main\n  preview: base\n"
    let nowhere = HostEnvironment([:])

    @Test func theOptionWinsOverTheHostAndNamesItself() throws {
        let resolved = try #require(try config(section).deployContext(option: "production", environment: HostEnvironment(["VERCEL_ENV": "preview"])))
        #expect(
            resolved == ContextResolution(context: .production, source: "--context production", reach: .everything, origin: "/site/pixeltag.yml:1, default"))
        #expect(resolved.line == "context: production (from --context production) → base code and events (/site/pixeltag.yml:1, default)")
    }

    @Test func netlifysWordsAreTakenByTheOption() throws {
        let resolved = try #require(try config(section).deployContext(option: "deploy-preview", environment: nowhere))
        #expect(resolved.context == .preview)
        #expect(resolved.line == "context: preview (from --context deploy-preview) → base code only, no events (/site/pixeltag.yml:3)")
    }

    @Test func theHostsVariablesDecideWithoutTheOption() throws {
        let resolved = try #require(
            try config(section).deployContext(option: nil, environment: HostEnvironment(["CF_PAGES": "1", "CF_PAGES_BRANCH": "fix-typo"])))
        #expect(
            resolved.line == "context: preview (from Cloudflare Pages CF_PAGES_BRANCH=fix-typo, not main) → base code only, no events (/site/pixeltag.yml:3)")
    }

    @Test func anUnknownOptionSuggestsAContext() {
        #expect(
            throws: PixelTagError.input(
                "--context preveiw: no such deploy context; did you mean \"preview\"? (production, preview or development; Netlify's deploy-preview, branch-deploy and dev are taken too)"
            )
        ) {
            try config(section).deployContext(option: "preveiw", environment: nowhere)
        }
    }

    /// Neither production (a preview would count its visits) nor development (a production
    /// build on another host would ship without its pixel, and verify would pass it).
    @Test func noContextAtAllIsRefusedNotGuessed() throws {
        let error = #expect(throws: PixelTagError.self) { try config(section).deployContext(option: nil, environment: nowhere) }
        #expect(
            error?.message
                == "/site/pixeltag.yml:1: contexts: no --context, and no build host's variables say which deploy context this is (Netlify CONTEXT, Vercel VERCEL_ENV, Cloudflare Pages CF_PAGES, GitHub Actions GITHUB_REF); pass --context production for the site visitors see, or --context development for a build that sends nothing"
        )
        #expect(error?.exitCode == 2)
    }

    @Test func aBranchBuildWithoutAProductionBranchPointsAtTheSection() {
        #expect(
            throws: PixelTagError.input(
                "/site/pixeltag.yml:1: a GitHub Actions build of refs/heads/main, but contexts.production-branch is not set, so pixeltag cannot tell production from a preview; add `production-branch: main` (the branch that deploys your site) under contexts:"
            )
        ) {
            try config("contexts:\n  preview: base\n").deployContext(
                option: nil, environment: HostEnvironment(["GITHUB_ACTIONS": "true", "GITHUB_REF": "refs/heads/main"]))
        }
    }

    @Test func theOptionWithoutTheSectionIsRefused() throws {
        let error = #expect(throws: PixelTagError.self) { try config("site: public\n").deployContext(option: "preview", environment: nowhere) }
        #expect(error?.message.hasPrefix("/site/pixeltag.yml: --context preview, but the config has no `contexts:` section") == true)
    }
}
