import Foundation
import Testing

/// Proven in a real browser: pages pixeltag injected, loaded by headless Chromium from a
/// server on 127.0.0.1, clicked and submitted, with every `tgp(...)` call recorded by a stub
/// of the Pixel Tag loader (see `Tests/Browser/README.md`). The whole suite shares one
/// browser run (`BrowserRun.shared`); each test reads the part it is about.
@Suite(.enabled(Comment(rawValue: BrowserRun.needs)) { await BrowserRun.isAvailable.value })
enum BrowserTests {
    /// The page `SITE/PATH` as injected once (or in another variant).
    static func page(_ path: String, _ variant: String = "once") async throws -> PageRecording {
        try await BrowserRun.shared.value.page("\(variant)/\(path)")
    }

    static let initCall = "tgp('init', 'pixel_Br0wsr')"

    static func event(_ id: String) -> String { "tgp('event', '\(id)')" }
}

extension BrowserTests {
    /// Every page against its golden transcript, and what must hold on every page.
    @Suite struct EveryPage {
        @Test func everyPageLooksInTheBrowserAsItsGoldenFileSays() async throws {
            let run = try await BrowserRun.shared.value
            for id in run.ids(in: "once") {
                if let difference = try BrowserGolden.difference(try run.page(id), id: id) {
                    Issue.record(Comment(rawValue: difference))
                }
            }
            let goldens = FileManager.default.enumerator(atPath: BrowserGolden.folder.path)?.allObjects as? [String] ?? []
            let orphans = goldens.filter { $0.hasSuffix(".txt") && run.pages["once/" + $0.dropLast(4)] == nil }
            #expect(orphans.isEmpty, "golden files of no page: remove them")
        }

        /// Errors of the page's own code (sample-site's checkout page calls a payment script
        /// that is refused here) are in the goldens, not counted against injected code.
        @Test func injectedCodeCausesNoConsoleErrorNorPageError() async throws {
            let run = try await BrowserRun.shared.value
            for id in run.ids(in: "once") + run.ids(in: "twice") {
                #expect(try run.page(id).injectedCodeErrors(blockLines: run.blockLines(id)) == [], "\(id)")
            }
        }

        @Test func everyBlockIsAScriptThatRanAndInitComesOnceBeforeAnyEvent() async throws {
            let run = try await BrowserRun.shared.value
            for id in run.ids(in: "once") + run.ids(in: "twice") {
                #expect(try run.problems(id) == [], "\(id)")
            }
        }

        @Test func requestsThatWouldLeaveTheMachineAreRefusedAndCounted() async throws {
            let run = try await BrowserRun.shared.value
            var refused: [String] = []
            for id in run.ids(in: "once") {
                for step in try run.page(id).steps {
                    refused += step.refused.map { "\(id) \(step.name): \($0)" }
                }
            }
            #expect(refused == [
                "once/sample/checkout/index.html load: https://pay.northwindnotes.example/v2/checkout.js",
                "once/sample/signup/index.html click a[href^='https://app.northwindnotes.example']: https://app.northwindnotes.example/login",
            ])
        }

        @Test func aSecondInjectChangesNothingInTheBrowser() async throws {
            let run = try await BrowserRun.shared.value
            let once = run.ids(in: "once")
            #expect(once.map { "twice" + $0.dropFirst(4) } == run.ids(in: "twice"))
            for id in once {
                let twice = "twice" + id.dropFirst(4)
                #expect(run.served[twice] == run.served[id], "\(twice): the second inject changed the bytes")
                let difference = BrowserGolden.difference(try run.page(twice).transcript, golden: try run.page(id).transcript, id: twice)
                #expect(difference == nil, Comment(rawValue: difference ?? ""))
            }
        }
    }
}
