import AdstatFake
import Foundation
import Testing
@testable import PixelTagKit

@Suite struct LockSynchronizerTests {
    @Test func theFirstSyncWritesTheLockWithBaseCodeEventsAndTypes() async throws {
        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent("pixeltag.lock.json")
        try await withFake { h in
            let outcome = try await LockSynchronizer(client: h.client).sync(account: "12345", lock: url)
            #expect(outcome.changes == [.lockCreated])
            #expect(outcome.wrote)
            let lock = try LockFile.load(from: url)
            #expect(lock.account == "12345")
            #expect(lock.baseCode.tgPixelId == "pixel_12345")
            #expect(lock.events.map(\.id) == ["evt_purchase", "evt_signup"])
            #expect(lock.types.map(\.type) == ["custom", "lead", "page_view", "purchase"])
        }
    }

    @Test func syncFetchesBaseCodeEventsAndTypes() async throws {
        let folder = try TemporaryFolder()
        try await withFake { h in
            _ = try await LockSynchronizer(client: h.client).sync(account: "12345", lock: folder.url.appendingPathComponent("l.json"))
            #expect(Set(await h.requests.map(\.description)) == [
                "GET /api/pixel_events/12345/code_snippet", "GET /api/pixel_events/?account_id=12345", "GET /api/pixel_events/types",
            ])
        }
    }

    @Test func syncSendsItsThreeRequestsConcurrently() async throws {
        let folder = try TemporaryFolder()
        try await withFake { h in
            // Each request waits until all three are in flight; one at a time, they would fail.
            await h.fake.failNext(3, with: .gather(3))
            let outcome = try await LockSynchronizer(client: h.client).sync(account: "12345", lock: folder.url.appendingPathComponent("l.json"))
            #expect(outcome.wrote)
        }
    }

    @Test func aSecondSyncWithoutRemoteChangesLeavesTheFileByteIdenticalAndUntouched() async throws {
        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent("pixeltag.lock.json")
        try await withFake { h in
            let sync = LockSynchronizer(client: h.client)
            _ = try await sync.sync(account: "12345", lock: url)
            let before = try Data(contentsOf: url)
            // An old mtime, so any rewrite would show.
            let old = Date(timeIntervalSince1970: 1_000_000_000)
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: url.path)
            let outcome = try await sync.sync(account: "12345", lock: url)
            #expect(outcome.changes.isEmpty)
            #expect(!outcome.wrote)
            #expect(try Data(contentsOf: url) == before)
            let mtime = try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date
            #expect(mtime == old)
        }
    }

    @Test func eventsFiringOrGainingAdsDoNotMakeTheLockStale() async throws {
        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent("l.json")
        try await withFake { h in
            let sync = LockSynchronizer(client: h.client)
            _ = try await sync.sync(account: "12345", lock: url)
            await h.fake.update { account in
                account.events[1].lastTriggeredAt = "2026-01-01T00:00:00+00:00"
                account.events[1].adsCount = 7
            }
            let outcome = try await sync.sync(account: "12345", lock: url, check: true)
            #expect(!outcome.isStale)
        }
    }

    @Test func theChangeReportNamesEveryKindOfChange() async throws {
        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent("l.json")
        try await withFake { h in
            let sync = LockSynchronizer(client: h.client)
            _ = try await sync.sync(account: "12345", lock: url)
            await h.fake.update { account in
                account.events[0].title = "Big purchase"
                account.events[0].codeSnippet = "<script>tgp('event', 'new');</script>"
                account.events[0].status = "inactive"
                account.events.remove(at: 1)
                account.events.append(FakeEvent(id: "evt_new", title: "New"))
                account.baseCode.codeSnippet = "<script>changed</script>"
                account.types.append(FakeEventType(type: "subscribe", label: "Subscribe"))
            }
            let outcome = try await sync.sync(account: "12345", lock: url)
            #expect(outcome.changes == [
                .baseCodeChanged,
                .eventAdded(id: "evt_new", title: "New"),
                .eventRenamed(id: "evt_purchase", from: "Purchase", to: "Big purchase"),
                .snippetChanged(id: "evt_purchase", title: "Big purchase"),
                .statusChanged(id: "evt_purchase", title: "Big purchase", from: "active", to: "inactive"),
                .eventRemoved(id: "evt_signup", title: "Sign-up"),
                .typesChanged(added: ["subscribe"], removed: []),
            ])
            #expect(outcome.changes.map(\.description) == [
                "~ base code changed",
                "+ event evt_new \"New\" added",
                "~ event evt_purchase renamed: \"Purchase\" -> \"Big purchase\"",
                "~ event evt_purchase \"Big purchase\": code snippet changed",
                "~ event evt_purchase \"Big purchase\": status active -> inactive",
                "- event evt_signup \"Sign-up\" removed",
                "~ event types changed: added subscribe",
            ])
            #expect(try LockFile.load(from: url).events.map(\.id) == ["evt_new", "evt_purchase"])
        }
    }

    @Test func checkModeReportsStaleWithoutWriting() async throws {
        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent("l.json")
        try await withFake { h in
            let sync = LockSynchronizer(client: h.client)
            _ = try await sync.sync(account: "12345", lock: url)
            let before = try Data(contentsOf: url)
            await h.fake.update { $0.events[0].title = "Renamed" }
            let outcome = try await sync.sync(account: "12345", lock: url, check: true)
            #expect(outcome.isStale)
            #expect(!outcome.wrote)
            #expect(try Data(contentsOf: url) == before)
        }
    }

    @Test func checkModeOnAMissingLockIsStaleAndCreatesNothing() async throws {
        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent("l.json")
        try await withFake { h in
            let outcome = try await LockSynchronizer(client: h.client).sync(account: "12345", lock: url, check: true)
            #expect(outcome.changes == [.lockCreated])
            #expect(!FileManager.default.fileExists(atPath: url.path))
        }
    }

    @Test func anUnreadableLockIsReplaced() async throws {
        let folder = try TemporaryFolder()
        try folder.write("{ not json", to: "l.json")
        let url = folder.url.appendingPathComponent("l.json")
        try await withFake { h in
            let outcome = try await LockSynchronizer(client: h.client).sync(account: "12345", lock: url)
            #expect(outcome.changes == [.lockReplaced(reason: "\(url.path): not a valid lock file: not JSON")])
            #expect(try LockFile.load(from: url).events.count == 2)
        }
    }

    @Test func aFailedFetchLeavesTheLockAsItWas() async throws {
        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent("l.json")
        try await withFake { h in
            let sync = LockSynchronizer(client: h.client)
            _ = try await sync.sync(account: "12345", lock: url)
            let before = try Data(contentsOf: url)
            await h.fake.update { $0.events[0].title = "Renamed" }
            await h.fake.failNext(with: .status(403), path: "/api/pixel_events/types")
            let error = await pixelTagError { _ = try await sync.sync(account: "12345", lock: url) }
            #expect(error?.kind == .api)
            #expect(try Data(contentsOf: url) == before)
        }
    }
}
