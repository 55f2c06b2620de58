import Foundation
import Yams

/// Runs the steps of the repository's composite action (action.yml) the way a GitHub runner
/// does, as far as this action uses it: each `run` written to a script and run with
/// `bash --noprofile --norc -eo pipefail`, `${{ … }}` expressions replaced by the inputs (their
/// defaults filled in), the `github` context and earlier steps' outputs, and the files a runner
/// hands each step: GITHUB_OUTPUT (read back after the step), GITHUB_PATH (prepended to PATH for
/// later steps), GITHUB_STEP_SUMMARY, GITHUB_ENV, and the RUNNER_TEMP folder.
///
/// An expression naming a context, input or step the action does not have is an error, so a
/// typo in action.yml fails here rather than on a user's runner.
///
/// The steps never install anything on this machine: `apt-get`, `dnf` and `sudo` are stand-ins
/// first on PATH that only record how they were called (`installCalls`).
struct LocalActionRunner {
    struct StepResult {
        var id: String
        var status: Int32
        var stdout: String
        var stderr: String
        var outputs: [String: String]
    }

    struct Run {
        var steps: [StepResult]
        /// The action's outputs, as its `outputs:` section maps them.
        var outputs: [String: String]
        var summary: String
        var path: [String]
        /// Each call of apt-get, dnf or sudo, as `apt-get install -y …`.
        var installCalls: [String]
        /// The status of the last step run (the first that failed, if any).
        var status: Int32 { steps.last?.status ?? 0 }
        var stdout: String { steps.map(\.stdout).joined() }
        var stderr: String { steps.map(\.stderr).joined() }
    }

    typealias Failure = ReleaseTools.Failure

    static let actionFile = ToolRunner.packageRoot.appendingPathComponent("action.yml")

    let action: [String: Any]
    /// The job's folders: RUNNER_TEMP and the files the runner hands each step live here.
    let runnerTemp: URL
    let workspace: URL
    let summaryFile: URL
    /// Where the runner keeps the action: this checkout, or a link to it named as a runner
    /// names it (.../_actions/OWNER/NAME/REF).
    let actionPath: URL

    init(workspace: URL, runnerTemp: URL, actionPath: URL = ToolRunner.packageRoot) throws {
        let text = try String(contentsOf: Self.actionFile, encoding: .utf8)
        guard let action = try Yams.load(yaml: text) as? [String: Any] else { throw Failure(description: "action.yml is not a mapping") }
        self.action = action
        self.workspace = workspace
        self.runnerTemp = runnerTemp
        self.actionPath = actionPath
        summaryFile = runnerTemp.appendingPathComponent("step-summary.md")
        _ = FileManager.default.createFile(atPath: summaryFile.path, contents: nil)
    }

    var declaredInputs: [String: [String: Any]] { (action["inputs"] as? [String: [String: Any]]) ?? [:] }
    var steps: [[String: Any]] { ((action["runs"] as? [String: Any])?["steps"] as? [[String: Any]]) ?? [] }

    /// Runs every step in order, stopping after the first that fails, as a runner does.
    /// `environment` is the job's (a workflow's `env:`), on top of this process's; `commands`
    /// are more stand-ins, by name and shell script.
    func run(inputs: [String: String], environment: [String: String] = [:], commands: [String: String] = [:]) async throws -> Run {
        let stand = runnerTemp.appendingPathComponent("stand-ins")
        let calls = runnerTemp.appendingPathComponent("install-calls")
        try FileManager.default.createDirectory(at: stand, withIntermediateDirectories: true)
        let recorder = "#!/bin/sh\necho \"$(basename \"$0\") $*\" >> '\(calls.path)'\n"
        for (name, script) in ["apt-get": recorder, "dnf": recorder, "sudo": recorder].merging(commands, uniquingKeysWith: { $1 }) {
            let file = stand.appendingPathComponent(name)
            try Data(script.utf8).write(to: file)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path)
        }
        for name in inputs.keys where declaredInputs[name] == nil {
            throw Failure(description: "action.yml has no input \(name)")
        }
        var values: [String: String] = [:]
        for (name, spec) in declaredInputs { values[name] = inputs[name] ?? (spec["default"].map { "\($0)" } ?? "") }

        var results: [StepResult] = []
        var outputs: [String: [String: String]] = [:]
        var addedPath: [String] = []
        for (index, step) in steps.enumerated() {
            let id = (step["id"] as? String) ?? "step\(index)"
            let context = Context(inputs: values, steps: outputs)
            guard let script = step["run"] as? String else { throw Failure(description: "step \(id) has no run: (only run steps are simulated)") }
            let scriptFile = runnerTemp.appendingPathComponent("step-\(index).sh")
            try Data(try context.substitute(script).utf8).write(to: scriptFile)
            let outputFile = runnerTemp.appendingPathComponent("output-\(index)")
            let pathFile = runnerTemp.appendingPathComponent("path-\(index)")
            for file in [outputFile, pathFile] { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }

            var env = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            env["PATH"] = ([stand.path] + addedPath.reversed() + [env["PATH"] ?? "/usr/bin:/bin"]).joined(separator: ":")
            env["CI"] = "true"
            env["GITHUB_ACTIONS"] = "true"
            env["GITHUB_ACTION_PATH"] = actionPath.path
            // Empty in a composite action's steps (actions/runner#2525).
            env["GITHUB_ACTION_REPOSITORY"] = ""
            env["GITHUB_WORKSPACE"] = workspace.path
            env["GITHUB_OUTPUT"] = outputFile.path
            env["GITHUB_PATH"] = pathFile.path
            env["GITHUB_ENV"] = runnerTemp.appendingPathComponent("env-\(index)").path
            env["GITHUB_STEP_SUMMARY"] = summaryFile.path
            env["RUNNER_TEMP"] = runnerTemp.path
            env["RUNNER_OS"] = "Linux"
            env["RUNNER_ARCH"] = "X64"
            env["NO_COLOR"] = "1"
            for (name, value) in (step["env"] as? [String: Any]) ?? [:] {
                env[name] = try context.substitute("\(value)")
            }
            let shell = (step["shell"] as? String) ?? ""
            guard shell == "bash" else { throw Failure(description: "step \(id): shell \(shell) is not simulated (bash only)") }
            let result = try await ReleaseTools.run("/usr/bin/env", ["bash", "--noprofile", "--norc", "-eo", "pipefail", scriptFile.path],
                                              environment: env, in: workspace)
            let stepOutputs = try Self.readOutputs(outputFile)
            outputs[id] = stepOutputs
            addedPath += try String(contentsOf: pathFile, encoding: .utf8).split(separator: "\n").map(String.init)
            results.append(StepResult(id: id, status: result.status, stdout: result.stdout, stderr: result.stderr, outputs: stepOutputs))
            if result.status != 0 { break }
        }
        let context = Context(inputs: values, steps: outputs)
        var actionOutputs: [String: String] = [:]
        for (name, spec) in (action["outputs"] as? [String: [String: Any]]) ?? [:] {
            actionOutputs[name] = try context.substitute((spec["value"] as? String) ?? "")
        }
        let summary = try String(contentsOf: summaryFile, encoding: .utf8)
        let installCalls = ((try? String(contentsOf: calls, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        return Run(steps: results, outputs: actionOutputs, summary: summary, path: addedPath, installCalls: installCalls)
    }

    /// `name=value` lines and `name<<DELIMITER` blocks, as the runner reads GITHUB_OUTPUT.
    static func readOutputs(_ file: URL) throws -> [String: String] {
        var outputs: [String: String] = [:]
        var lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")[...]
        while let line = lines.popFirst() {
            if let range = line.range(of: "<<"), !line[..<range.lowerBound].contains("=") {
                let delimiter = String(line[range.upperBound...])
                var value: [String] = []
                while let next = lines.popFirst(), next != delimiter { value.append(next) }
                outputs[String(line[..<range.lowerBound])] = value.joined(separator: "\n")
            } else if let equals = line.firstIndex(of: "=") {
                outputs[String(line[..<equals])] = String(line[line.index(after: equals)...])
            }
        }
        return outputs
    }

    /// The contexts an expression may read.
    struct Context {
        var inputs: [String: String]
        var steps: [String: [String: String]]
        static let github = ["action_path": ToolRunner.packageRoot.path]

        /// Replaces each `${{ a.b.c }}`; only plain property paths, which is all the action uses.
        func substitute(_ text: String) throws -> String {
            var out = ""
            var rest = text[...]
            while let open = rest.range(of: "${{") {
                out += rest[..<open.lowerBound]
                guard let close = rest[open.upperBound...].range(of: "}}") else { throw Failure(description: "unclosed ${{ in \(text)") }
                out += try value(of: rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces))
                rest = rest[close.upperBound...]
            }
            return out + rest
        }

        func value(of expression: String) throws -> String {
            let parts = expression.split(separator: ".").map(String.init)
            switch parts.first {
            case "inputs" where parts.count == 2:
                guard let value = inputs[parts[1]] else { throw Failure(description: "${{ \(expression) }}: no such input") }
                return value
            case "github" where parts.count == 2:
                guard let value = Self.github[parts[1]] else { throw Failure(description: "${{ \(expression) }}: not simulated") }
                return value
            case "steps" where parts.count == 4 && parts[2] == "outputs":
                // A step that did not run (an earlier one failed) has no outputs: empty, as on a runner.
                return steps[parts[1]]?[parts[3]] ?? ""
            default:
                throw Failure(description: "${{ \(expression) }}: not an inputs, github or steps expression")
            }
        }
    }
}
