import Foundation
import Testing
@testable import PixelTagKit

/// The release archive Scripts/build-release.sh makes (`.ci/run` runs it before the tests),
/// checked as a user without a Swift toolchain gets it. These tests build nothing: a release
/// build takes minutes, so without the archive they skip, saying how to make it.
@Suite(.serialized) struct ReleaseBinaryTests {
    static let archiveName = "pixeltag-\(PixelTagKit.version)-linux-x86_64"
    static let archive = ToolRunner.packageRoot.appendingPathComponent("dist/\(archiveName).tar.gz")
    static let isBuilt = FileManager.default.fileExists(atPath: archive.path)
    static let needsArchive = Comment(rawValue: "needs the release archive dist/\(archiveName).tar.gz (Scripts/build-release.sh makes it)")

    /// What the binary may need from the system, as the README's "Install the binary" says:
    /// glibc, the C++ runtime every Linux image has, libcurl (URLSession's transport) and libxml2.
    static let systemLibraries: Set<String> = [
        "libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "ld-linux-x86-64.so.2",
        "libstdc++.so.6", "libgcc_s.so.1", "libcurl.so.4", "libxml2.so.2", "libz.so.1",
    ]

    /// The archive unpacked into a folder of its own.
    struct Unpacked {
        let folder: TemporaryFolder
        var root: URL { folder.url.appendingPathComponent(ReleaseBinaryTests.archiveName) }
        var binary: URL { root.appendingPathComponent("pixeltag") }

        static func make() async throws -> Unpacked {
            let unpacked = Unpacked(folder: try TemporaryFolder())
            let tar = try await ReleaseTools.run("/usr/bin/env", ["tar", "-xzf", ReleaseBinaryTests.archive.path, "-C", unpacked.folder.url.path])
            guard tar.status == 0 else { throw ReleaseTools.Failure(description: "tar: \(tar.stderr)") }
            return unpacked
        }
    }

    /// This environment without the Swift toolchain: PATH without any folder that has `swift`
    /// in it, no LD_LIBRARY_PATH, nothing else but a home.
    static func withoutToolchain(home: URL) -> [String: String] {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").filter { folder in
            !["swift", "swiftc"].contains { FileManager.default.fileExists(atPath: "\(folder)/\($0)") }
        }
        return ["PATH": path.joined(separator: ":"), "LD_LIBRARY_PATH": "", "HOME": home.path, "NO_COLOR": "1"]
    }

    @Test(.enabled(if: isBuilt, needsArchive))
    func theArchiveMatchesItsSHA256File() async throws {
        let archive = Self.archive
        let check = try await ReleaseTools.run("/usr/bin/env", ["sha256sum", "-c", archive.lastPathComponent + ".sha256"],
                                         in: archive.deletingLastPathComponent())
        #expect(check.status == 0, "\(check.output)")
        #expect(check.stdout == "\(archive.lastPathComponent): OK\n")
    }

    @Test(.enabled(if: isBuilt, needsArchive))
    func theBinaryNeedsNoSwiftLibraryOnlySystemOnes() async throws {
        let unpacked = try await Unpacked.make()
        let dynamic = try await ReleaseTools.run("/usr/bin/env", ["readelf", "-d", unpacked.binary.path])
        #expect(dynamic.status == 0, "\(dynamic.stderr)")
        let needed = Set(dynamic.stdout.split(separator: "\n").filter { $0.contains("(NEEDED)") }.compactMap { line in
            line.split(separator: "[").last?.split(separator: "]").first.map(String.init)
        })
        #expect(!needed.isEmpty)
        #expect(needed.isSubset(of: Self.systemLibraries), "needs \(needed.subtracting(Self.systemLibraries).sorted())")
        // SwiftPM writes RUNPATH $ORIGIN (the binary's own folder); nothing may point into a toolchain.
        let searchPaths = dynamic.stdout.split(separator: "\n").filter { $0.contains("PATH)") }
            .flatMap { $0.split(separator: "[").last?.split(separator: "]").first?.split(separator: ":") ?? [] }
        #expect(searchPaths.allSatisfy { $0 == "$ORIGIN" }, "search paths \(searchPaths)")

        let home = try TemporaryFolder()
        let ldd = try await ReleaseTools.run("/usr/bin/env", ["ldd", unpacked.binary.path], environment: Self.withoutToolchain(home: home.url).merging(["PATH": "/usr/bin:/bin"]) { $1 })
        #expect(ldd.status == 0, "\(ldd.output)")
        #expect(!ldd.stdout.contains("not found"), "\(ldd.stdout)")
        #expect(!ldd.stdout.lowercased().contains("swift"), "\(ldd.stdout)")
    }

    @Test(.enabled(if: isBuilt, needsArchive))
    func theBinaryRunsWithoutTheToolchainAndInjectsAsTheBuiltOneDoes() async throws {
        let unpacked = try await Unpacked.make()
        let environment = Self.withoutToolchain(home: unpacked.folder.url)
        let version = try await ReleaseTools.run(unpacked.binary.path, ["--version"], environment: environment)
        #expect(version.status == 0, "\(version.output)")
        let libxml2 = try #require(try await VersionTests.loadedLibxml2(of: unpacked.binary))
        #expect(version.stdout == "\(PixelTagKit.version) (libxml2 \(libxml2))\n")

        let sample = try SampleSiteCopy()
        let released = sample.url.appendingPathComponent("released"), built = sample.url.appendingPathComponent("built")
        let inject = try await ReleaseTools.run(unpacked.binary.path, ["inject", "--config", sample.config, "--out", released.path], environment: environment)
        #expect(inject.status == 0, "\(inject.output)")
        let reference = try await ToolRunner.runAsync("pixeltag", ["inject", "--config", sample.config, "--out", built.path])
        #expect(reference.status == 0)
        #expect(try SampleSiteCopy.snapshot(of: released) == SampleSiteCopy.snapshot(of: built))
        let verify = try await ReleaseTools.run(unpacked.binary.path, ["verify", "--config", sample.config, "--site", released.path], environment: environment)
        #expect(verify.status == 0, "\(verify.output)")
    }

    @Test(.enabled(if: isBuilt, needsArchive))
    func theArchiveCarriesShellCompletionsAndAManPage() async throws {
        let unpacked = try await Unpacked.make()
        let bash = unpacked.root.appendingPathComponent("completions/pixeltag.bash")
        let syntax = try await ReleaseTools.run("/usr/bin/env", ["bash", "-n", bash.path])
        #expect(syntax.status == 0, "\(syntax.output)")
        #expect(try String(contentsOf: bash, encoding: .utf8).contains("complete -o filenames -F _pixeltag pixeltag"))
        #expect(try String(contentsOf: unpacked.root.appendingPathComponent("completions/_pixeltag"), encoding: .utf8).hasPrefix("#compdef pixeltag"))
        #expect(try String(contentsOf: unpacked.root.appendingPathComponent("completions/pixeltag.fish"), encoding: .utf8).contains("complete -c 'pixeltag'"))
        let manual = try String(contentsOf: unpacked.root.appendingPathComponent("man/pixeltag.1"), encoding: .utf8)
        #expect(manual.contains(".Nm pixeltag"))
        #expect(manual.contains("inject"))
    }
}
