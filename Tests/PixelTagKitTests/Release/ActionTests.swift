import Foundation
import Testing
import Yams
@testable import PixelTagKit

/// The composite GitHub Action (action.yml), run step by step as a runner would, with a
/// release archive served from a local folder (`PIXELTAG_RELEASES_URL`, the action's setting
/// for a mirror) that holds this build's pixeltag.
/// Serialized: each test runs several processes (bash, tar, pixeltag), and all at once they took
/// the CPU from suites that talk to in-process fakes under timeouts.
@Suite(.serialized) struct ActionTests {
    static let archiveName = "pixeltag-\(PixelTagKit.version)-linux-x86_64"

    /// A job's folders and a mirror holding a release archive of the built pixeltag.
    struct Job {
        let folder: TemporaryFolder
        let sample: SampleSiteCopy
        var runnerTemp: URL { folder.url.appendingPathComponent("runner-temp") }
        var releases: URL { folder.url.appendingPathComponent("releases") }
        var archive: URL { releases.appendingPathComponent("v\(PixelTagKit.version)/\(ActionTests.archiveName).tar.gz") }
        var environment: [String: String] { ["PIXELTAG_RELEASES_URL": "file://" + releases.path] }

        static func make() async throws -> Job {
            let job = Job(folder: try TemporaryFolder(), sample: try SampleSiteCopy())
            try await job.makeMirror()
            return job
        }

        private func makeMirror() async throws {
            try FileManager.default.createDirectory(at: runnerTemp, withIntermediateDirectories: true)
            let stage = folder.url.appendingPathComponent("stage/\(ActionTests.archiveName)")
            try FileManager.default.createDirectory(at: stage, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: ToolRunner.productsFolder.appendingPathComponent("pixeltag"), to: stage.appendingPathComponent("pixeltag"))
            try FileManager.default.createDirectory(at: archive.deletingLastPathComponent(), withIntermediateDirectories: true)
            let tar = try await ReleaseTools.run("/usr/bin/env", ["tar", "-czf", archive.path, "-C", stage.deletingLastPathComponent().path, ActionTests.archiveName])
            guard tar.status == 0 else { throw LocalActionRunner.Failure(description: tar.stderr) }
            let sum = try await ReleaseTools.run("/usr/bin/env", ["sha256sum", archive.lastPathComponent], in: archive.deletingLastPathComponent())
            try Data(sum.stdout.utf8).write(to: URL(fileURLWithPath: archive.path + ".sha256"))
        }

        func run(_ inputs: [String: String]) async throws -> LocalActionRunner.Run {
            try await LocalActionRunner(workspace: sample.url, runnerTemp: runnerTemp).run(inputs: inputs, environment: environment)
        }
    }

    @Test func actionYmlParsesAndNamesOnlyInputsStepsAndScriptsThatExist() async throws {
        let runner = try LocalActionRunner(workspace: FileManager.default.temporaryDirectory, runnerTemp: try TemporaryFolder().url)
        #expect((runner.action["runs"] as? [String: Any])?["using"] as? String == "composite")
        #expect(Set(runner.declaredInputs.keys).isSuperset(of: ["command", "config", "format", "version"]))
        let ids = runner.steps.compactMap { $0["id"] as? String }
        #expect(ids.count == runner.steps.count && Set(ids).count == ids.count, "every step has its own id")

        let text = try String(contentsOf: LocalActionRunner.actionFile, encoding: .utf8)
        let expressions = text.components(separatedBy: "${{").dropFirst().compactMap { $0.components(separatedBy: "}}").first?.trimmingCharacters(in: .whitespaces) }
        #expect(!expressions.isEmpty)
        for expression in expressions {
            let parts = expression.split(separator: ".").map(String.init)
            switch parts.first {
            case "inputs": #expect(runner.declaredInputs[parts[1]] != nil, "\(expression): no such input")
            case "steps": #expect(ids.contains(parts[1]) && parts.count == 4 && parts[2] == "outputs", "\(expression): no such step")
            case "github": #expect(LocalActionRunner.Context.github[parts[1]] != nil, "\(expression)")
            default: Issue.record("\(expression): an unexpected context")
            }
        }
        // A step may read only the outputs of steps before it.
        for (index, step) in runner.steps.enumerated() {
            let later = Set(ids.suffix(from: index))
            let text = "\(step["run"] ?? "") \(step["env"] ?? "")"
            for id in later { #expect(!text.contains("steps.\(id)."), "step \(ids[index]) reads step \(id), which runs later") }
        }
        for step in runner.steps {
            let run = try #require(step["run"] as? String)
            #expect(step["shell"] as? String == "bash", "a composite run step needs its shell")
            for script in run.components(separatedBy: "$GITHUB_ACTION_PATH/").dropFirst() {
                let path = String(script.prefix { !"\"' \n".contains($0) })
                #expect(FileManager.default.isExecutableFile(atPath: ToolRunner.packageRoot.appendingPathComponent(path).path), "\(path) is not an executable file")
            }
        }
    }

    @Test func verifyAnnotatesEachPageAndWritesTheJobSummaryAndFailsTheStep() async throws {
        let job = try await Job.make()
        let run = try await job.run(["command": "verify", "config": "pixeltag.yml"])
        #expect(run.steps.map(\.id) == ["libraries", "install", "run"])
        #expect(run.status == 1)
        #expect(run.outputs["exit-code"] == "1")
        #expect(run.outputs["path"] == job.runnerTemp.appendingPathComponent("pixeltag-\(PixelTagKit.version)").path)
        #expect(run.stdout.contains("::error file=public/checkout/thank-you/index.html,line=9,title=pixeltag verify%3A missing::"))
        #expect(run.summary.hasPrefix("## pixeltag verify\n"))
        #expect(run.summary.contains("| missing |"))
        #expect(run.installCalls.isEmpty, "this runner has libxml2 and libcurl")
    }

    @Test func aRunnerWithoutLibxml2GetsItInstalled() async throws {
        let job = try await Job.make()
        // A slim container's library cache: libcurl, no libxml2.
        let ldconfig = "#!/bin/sh\nprintf '\\tlibcurl.so.4 (libc6,x86-64) => /lib/x86_64-linux-gnu/libcurl.so.4\\n'\n"
        let run = try await LocalActionRunner(workspace: job.sample.url, runnerTemp: job.runnerTemp)
            .run(inputs: ["command": "verify"], environment: job.environment, commands: ["ldconfig": ldconfig])
        #expect(run.steps.first?.stdout == "pixeltag: installing libxml2\n")
        #expect(run.installCalls == ["apt-get update -qq", "apt-get install -y -qq libxml2"])
    }

    @Test func injectThenVerifyPassesAndTheSecondUseFetchesNothing() async throws {
        let job = try await Job.make()
        let inject = try await job.run(["command": "inject"])
        #expect(inject.status == 0, "\(inject.stdout)\(inject.stderr)")
        #expect(inject.stdout.contains(" changed, "))
        // Later in the same job: the binary is in RUNNER_TEMP already, so the mirror is not read.
        try FileManager.default.removeItem(at: job.releases)
        let verify = try await job.run(["command": "verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.summary.contains("All "))
        #expect(verify.summary.contains(" pages pass."))
    }

    @Test func sarifIsWrittenToTheFileTheReportOutputNames() async throws {
        let job = try await Job.make()
        let run = try await job.run(["command": "verify", "format": "sarif"])
        #expect(run.status == 1)
        #expect(run.outputs["report"] == "pixeltag-report.sarif")
        let sarif = try JSONSerialization.jsonObject(with: try Data(contentsOf: job.sample.url.appendingPathComponent("pixeltag-report.sarif"))) as? [String: Any]
        #expect(sarif?["version"] as? String == "2.1.0")
        #expect(run.summary.isEmpty, "only the github format writes the job summary")
    }

    @Test func anArchiveThatDoesNotMatchItsChecksumIsNotUsed() async throws {
        let job = try await Job.make()
        try Data("0000000000000000000000000000000000000000000000000000000000000000  \(Self.archiveName).tar.gz\n".utf8)
            .write(to: URL(fileURLWithPath: job.archive.path + ".sha256"))
        let run = try await job.run(["command": "verify"])
        #expect(run.steps.map(\.id) == ["libraries", "install"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("::error title=pixeltag::file://\(job.archive.path) does not match its SHA-256 file"))
        #expect(!FileManager.default.fileExists(atPath: job.runnerTemp.appendingPathComponent("pixeltag-\(PixelTagKit.version)/pixeltag").path))
    }

    /// The runner leaves the action's repository unnamed in a composite action's steps; the
    /// action finds it in the folder the runner keeps it in, and fetches that one's release.
    @Test func theArchiveComesFromTheReleasesOfTheRepositoryTheActionWasUsedFrom() async throws {
        let job = try await Job.make()
        let actionPath = job.folder.url.appendingPathComponent("_actions/acme/pixeltag/v9.9.9")
        try FileManager.default.createDirectory(at: actionPath.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: actionPath, withDestinationURL: ToolRunner.packageRoot)
        let runner = try LocalActionRunner(workspace: job.sample.url, runnerTemp: job.runnerTemp, actionPath: actionPath)
        let run = try await runner.run(inputs: ["version": "9.9.9"])
        #expect(run.steps.map(\.id) == ["libraries", "install"])
        #expect(run.stdout.contains("pixeltag: no release archive at https://github.com/acme/pixeltag/releases/download/v9.9.9/pixeltag-9.9.9-linux-x86_64.tar.gz ("))
        #expect(run.stdout.contains("::error title=pixeltag::pixeltag 9.9.9 has no release archive for linux-x86_64, and this action's source is version \(PixelTagKit.version), so it cannot build it either; set version: to a published release, or leave it empty\n"))
    }

    @Test func anUnknownCommandFailsWithAnAnnotationAndStatus2() async throws {
        let job = try await Job.make()
        let run = try await job.run(["command": "deploy"])
        #expect(run.status == 2)
        #expect(run.stdout.contains("::error title=pixeltag::command: \"deploy\" is neither inject nor verify"))
    }
}

/// Scripts/pixeltag.sh, the wrapper the static-host recipes (Netlify, Cloudflare Pages,
/// Vercel) call after the site generator, against the same local mirror.
@Suite(.serialized) struct HostWrapperTests {
    static let script = ToolRunner.packageRoot.appendingPathComponent("Scripts/pixeltag.sh").path

    func wrapper(_ arguments: [String], job: ActionTests.Job) async throws -> ToolRunner.Result {
        let environment = ProcessInfo.processInfo.environment.merging(job.environment) { $1 }
            .merging(["PIXELTAG_VERSION": PixelTagKit.version, "PIXELTAG_HOME": job.runnerTemp.appendingPathComponent("home").path, "NO_COLOR": "1"]) { $1 }
        return try await ReleaseTools.run("/bin/sh", [Self.script] + arguments, environment: environment, in: job.sample.url)
    }

    @Test func theFirstRunFetchesAndChecksTheArchiveAndLaterRunsReuseIt() async throws {
        let job = try await ActionTests.Job.make()
        let inject = try await wrapper(["inject", "--config", "pixeltag.yml"], job: job)
        #expect(inject.status == 0, "\(inject.output)")
        #expect(inject.stdout.contains(" changed, "))
        try FileManager.default.removeItem(at: job.releases)
        let verify = try await wrapper(["verify", "--config", "pixeltag.yml"], job: job)
        #expect(verify.status == 0, "\(verify.output)")
    }

    @Test func anArchiveThatDoesNotMatchItsChecksumIsNotRun() async throws {
        let job = try await ActionTests.Job.make()
        try Data("0000000000000000000000000000000000000000000000000000000000000000  \(ActionTests.archiveName).tar.gz\n".utf8)
            .write(to: URL(fileURLWithPath: job.archive.path + ".sha256"))
        let result = try await wrapper(["inject"], job: job)
        #expect(result.status == 2)
        #expect(result.stderr.hasSuffix("pixeltag.sh: \(ActionTests.archiveName).tar.gz does not match its SHA-256 file; not using it\n"))
    }
}
