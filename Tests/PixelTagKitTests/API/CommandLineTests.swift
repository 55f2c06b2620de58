import AdstatFake
import Foundation
import Testing
@testable import PixelTagKit

/// The built `pixeltag` binary against the fake, as a person or CI would run it.
///
/// Serialized: `ToolRunner.run` blocks a Dispatch worker while it reads the process's output,
/// and a dozen of them at once starved the in-process fake and URLSession until their
/// 30-second timeouts.
@Suite(.serialized) struct CommandLineTests {
    static let token = "RECOGNISABLE-TOKEN-8c2a71"

    /// Runs `pixeltag` with the fake's environment (and `extra` on top).
    func pixeltag(_ arguments: [String], fake: AdstatFake, extra: [String: String] = [:], in folder: URL? = nil) async throws -> ToolRunner.Result {
        let environment = await fake.environment().merging(extra) { $1 }
        return try await ToolRunner.runAsync("pixeltag", arguments, in: folder, environment: environment)
    }

    func withFakeServer(_ account: FakeAccount = .demo, _ body: (AdstatFake) async throws -> Void) async throws {
        let fake = try await AdstatFake.start(account: account)
        do { try await body(fake) } catch { await fake.stop(); throw error }
        await fake.stop()
    }

    @Test func eventsListPrintsATable() async throws {
        try await withFakeServer { fake in
            let result = try await pixeltag(["events", "list"], fake: fake)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.hasPrefix("ID            TITLE     TYPE      STATUS    ADS  LAST TRIGGERED\n"))
            #expect(result.stdout.contains("evt_signup    Sign-up   lead      inactive  0    never"))
        }
    }

    @Test func eventsListJsonPrintsTheAPIObjects() async throws {
        try await withFakeServer { fake in
            let result = try await pixeltag(["events", "list", "--json"], fake: fake)
            #expect(result.status == 0)
            let objects = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
            #expect(objects?.first?["tg_event_id"] as? String == "tg_evt_purchase")
            #expect(objects?.count == 2)
        }
    }

    @Test func typesAndCodeSucceed() async throws {
        try await withFakeServer { fake in
            let types = try await pixeltag(["types"], fake: fake)
            #expect(types.status == 0)
            #expect(types.stdout.contains("page_view  Page View"))
            let code = try await pixeltag(["code"], fake: fake)
            #expect(code.status == 0)
            #expect(code.stdout.contains("'dataLayer','pixel_12345');\n</script>\n"))
        }
    }

    @Test func createWithAnUnknownTypeListsTheValidOnesAndPostsNothing() async throws {
        try await withFakeServer { fake in
            let result = try await pixeltag(["events", "create", "--title", "T", "--type", "bogus"], fake: fake)
            #expect(result.status == 2)
            #expect(result.stderr == "error: unknown event type \"bogus\"; valid types: custom, lead, page_view, purchase\n")
            #expect(await fake.requests.map(\.method) == ["GET"])
        }
    }

    @Test func createWithAMistypedTypeSuggestsTheNearestAndPostsNothing() async throws {
        try await withFakeServer { fake in
            let result = try await pixeltag(["events", "create", "--title", "T", "--type", "purchse"], fake: fake)
            #expect(result.status == 2)
            #expect(result.stderr == "error: unknown event type \"purchse\" (did you mean purchase?); valid types: custom, lead, page_view, purchase\n")
            #expect(await fake.requests.map(\.method) == ["GET"])
        }
    }

    @Test func createThenRenameShowTheEvent() async throws {
        try await withFakeServer { fake in
            let created = try await pixeltag(["events", "create", "--title", "Purchase", "--type", "purchase", "--json"], fake: fake)
            #expect(created.status == 0, "\(created.stderr)")
            #expect(created.stdout.contains(#""id" : "evt_1001""#))
            let renamed = try await pixeltag(["events", "rename", "evt_1001", "--title", "Bought"], fake: fake)
            #expect(renamed.status == 0)
            #expect(renamed.stdout.contains("evt_1001  Bought"))
        }
    }

    @Test func deleteWithoutYesAndWithoutATerminalRefusesAndSendsNothing() async throws {
        try await withFakeServer { fake in
            let result = try await pixeltag(["events", "delete", "evt_signup"], fake: fake)
            #expect(result.status == 2)
            #expect(result.stderr.contains("pass --yes"))
            #expect(await fake.requests.isEmpty)
        }
    }

    @Test func deleteWithYesDeletes() async throws {
        try await withFakeServer { fake in
            let result = try await pixeltag(["events", "delete", "evt_signup", "--yes"], fake: fake)
            #expect(result.status == 0)
            #expect(await fake.requests.map(\.description) == ["DELETE /api/pixel_events/12345/events/evt_signup"])
        }
    }

    @Test func aMissingTokenExitsTwoNamingBothVariables() async throws {
        try await withFakeServer { fake in
            let result = try await pixeltag(["types"], fake: fake, extra: ["ADSTAT_API_TOKEN": ""])
            #expect(result.status == 2)
            #expect(result.stderr == "error: no Adstat API token: set ADSTAT_API_TOKEN to an access token, or ADSTAT_REFRESH_TOKEN to a refresh token (lasts 30 days, best for CI)\n")
        }
    }

    @Test func aRejectedTokenNeverAppearsInVerboseOutputAndExitsFour() async throws {
        try await withFakeServer { fake in
            let result = try await pixeltag(["events", "list", "--verbose"], fake: fake,
                                            extra: ["ADSTAT_API_TOKEN": Self.token, "ADSTAT_REFRESH_TOKEN": "REFRESH-" + Self.token])
            #expect(result.status == 4)
            #expect(result.stderr.contains("authorization: Bearer <redacted>"))
            #expect(result.stderr.contains("error: cannot get an access token"))
            #expect(!result.output.contains(Self.token))
        }
    }

    @Test func plainHTTPToARemoteHostExitsTwo() async throws {
        try await withFakeServer { fake in
            let result = try await pixeltag(["types", "--api-url", "http://example.com"], fake: fake)
            #expect(result.status == 2)
            #expect(result.stderr.contains("plain http is allowed only for loopback addresses"))
        }
    }

    @Test func anOutageExitsFourWithOneLine() async throws {
        try await withFakeServer { fake in
            await fake.failNext(with: .status(403))
            let result = try await pixeltag(["code"], fake: fake)
            #expect(result.status == 4)
            #expect(result.stderr.hasPrefix("error: cannot fetch the base code of account 12345: the token's user lacks permission"))
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
    }

    @Test func syncWritesTheLockThenCheckPassesUntilTheAccountChanges() async throws {
        let folder = try TemporaryFolder()
        try await withFakeServer { fake in
            let first = try await pixeltag(["sync"], fake: fake, in: folder.url)
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout == "+ lock file created\nwrote pixeltag.lock.json (1 change)\n")
            let fresh = try await pixeltag(["sync", "--check"], fake: fake, in: folder.url)
            #expect(fresh.status == 0)
            #expect(fresh.stdout == "pixeltag.lock.json is up to date (2 events)\n")

            await fake.update { $0.events[0].title = "Renamed" }
            let stale = try await pixeltag(["sync", "--check"], fake: fake, in: folder.url)
            #expect(stale.status == 1)
            #expect(stale.stdout == "~ event evt_purchase renamed: \"Purchase\" -> \"Renamed\"\n")
            #expect(stale.stderr == "pixeltag.lock.json is stale; run `pixeltag sync` to update it\n")
        }
    }

    /// A site whose rules name both of the demo account's events by title.
    func siteNamingEventsByTitle(_ folder: TemporaryFolder) throws {
        try folder.write("""
            account: "12345"
            site: public
            events:
              - event: Purchase
                pages: ["index.html"]
              - event: Sign-up
                pages: ["index.html"]
            """, to: "pixeltag.yml")
        try folder.write("<!doctype html><html><head><title>t</title></head><body><p>hi</p></body></html>\n", to: "public/index.html")
    }

    @Test func syncNamesTheRulesThatNameARenamedOrDeletedEventAndWhatToWrite() async throws {
        let folder = try TemporaryFolder()
        try siteNamingEventsByTitle(folder)
        try await withFakeServer { fake in
            #expect(try await pixeltag(["sync"], fake: fake, in: folder.url).status == 0)
            #expect(try await pixeltag(["events", "rename", "evt_purchase", "--title", "Order"], fake: fake, in: folder.url).status == 0)
            #expect(try await pixeltag(["events", "delete", "evt_signup", "--yes"], fake: fake, in: folder.url).status == 0)
            let sync = try await pixeltag(["sync"], fake: fake, in: folder.url)
            #expect(sync.status == 0, "\(sync.stderr)")
            #expect(sync.stderr == """
                warning: pixeltag.yml:4: event "Purchase" was renamed on the account to "Order" (id evt_purchase); write "Order" or the id evt_purchase instead
                warning: pixeltag.yml:6: event "Sign-up" (id evt_signup) was deleted on the account; remove what names it, or create the event again (`pixeltag events create`) and run `pixeltag sync`

                """)
            // The lock remembers: a second sync, with nothing new on the account, says it again.
            let again = try await pixeltag(["sync"], fake: fake, in: folder.url)
            #expect(again.stdout == "pixeltag.lock.json is up to date (1 event)\n")
            #expect(again.stderr == sync.stderr)
        }
    }

    @Test func injectAfterSyncSaysTheEventARuleNamesWasRenamedAndToWhat() async throws {
        let folder = try TemporaryFolder()
        try siteNamingEventsByTitle(folder)
        try await withFakeServer { fake in
            #expect(try await pixeltag(["sync"], fake: fake, in: folder.url).status == 0)
            #expect(try await pixeltag(["events", "rename", "evt_purchase", "--title", "Order"], fake: fake, in: folder.url).status == 0)
            #expect(try await pixeltag(["sync"], fake: fake, in: folder.url).status == 0)
            let inject = try await pixeltag(["inject"], fake: fake, in: folder.url)
            #expect(inject.status == 2)
            #expect(inject.stderr == "error: pixeltag.yml:4: event \"Purchase\" was renamed on the account to \"Order\" (id evt_purchase); write \"Order\" or the id evt_purchase instead\n")
            #expect(try folder.read("public/index.html") == Data("<!doctype html><html><head><title>t</title></head><body><p>hi</p></body></html>\n".utf8))
        }
    }

    @Test func injectStillAdvisesSyncWhenTheLockCannotTellWhatBecameOfAName() async throws {
        let folder = try TemporaryFolder()
        try siteNamingEventsByTitle(folder)
        try await withFakeServer { fake in
            // The rename happened before the first sync: the lock never held "Purchase".
            #expect(try await pixeltag(["events", "rename", "evt_purchase", "--title", "Order"], fake: fake, in: folder.url).status == 0)
            #expect(try await pixeltag(["sync"], fake: fake, in: folder.url).status == 0)
            let inject = try await pixeltag(["inject"], fake: fake, in: folder.url)
            #expect(inject.status == 2)
            #expect(inject.stderr.hasPrefix("error: pixeltag.yml:4: no event \"Purchase\" in pixeltag.lock.json; "))
            #expect(inject.stderr.contains("pixeltag sync"))
        }
    }

    @Test func syncWritesTheLockNamedByLock() async throws {
        let folder = try TemporaryFolder()
        try await withFakeServer { fake in
            let result = try await pixeltag(["sync", "--lock", "site/custom.lock.json", "--account", "12345"], fake: fake,
                                            extra: ["ADSTAT_ACCOUNT_ID": ""], in: folder.url)
            #expect(result.status == 3, "the folder does not exist")
            try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("site"), withIntermediateDirectories: true)
            let retry = try await pixeltag(["sync", "--lock", "site/custom.lock.json", "--account", "12345"], fake: fake,
                                           extra: ["ADSTAT_ACCOUNT_ID": ""], in: folder.url)
            #expect(retry.status == 0)
            #expect(try LockFile.decode(folder.read("site/custom.lock.json"), path: "l").account == "12345")
        }
    }

    @Test func syncTakesTheAccountAndLockFromTheConfig() async throws {
        let folder = try TemporaryFolder()
        try folder.write("account: \"12345\"\nlock: locks/site.lock.json\n", to: "cfg/pixeltag.yml")
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("cfg/locks"), withIntermediateDirectories: true)
        try await withFakeServer { fake in
            let result = try await pixeltag(["sync", "--config", "cfg/pixeltag.yml"], fake: fake,
                                            extra: ["ADSTAT_ACCOUNT_ID": ""], in: folder.url)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(try LockFile.decode(folder.read("cfg/locks/site.lock.json"), path: "l").account == "12345")
        }
    }

    @Test func everyAPICommandHasHelpWithAnExample() async throws {
        for command in [["types"], ["code"], ["events"], ["events", "list"], ["events", "create"], ["events", "rename"], ["events", "delete"], ["sync"]] {
            let result = try await ToolRunner.runAsync("pixeltag", command + ["--help"])
            #expect(result.status == 0)
            #expect(result.stdout.contains("Example:"), "\(command)")
        }
    }
}
