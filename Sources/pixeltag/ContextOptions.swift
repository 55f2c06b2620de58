import ArgumentParser

/// `--context`, for the commands that read the rules (inject, verify, explain, csp): which
/// deploy context the build is for, when `contexts:` in the config gives contexts different blocks.
struct ContextOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The deploy context the build is for, production, preview or development, instead of what the build host's variables say (Netlify CONTEXT, Vercel VERCEL_ENV, Cloudflare Pages CF_PAGES_BRANCH, GitHub Actions GITHUB_REF); `contexts:` in the config says what each gets, e.g. --context preview.",
            valueName: "name"))
    var context: String?
}
