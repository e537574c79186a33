import CityGridCore
import CityGridService
import CityGridSQLite
import CityGridStore
import Foundation
import Synchronization
import Testing

/// The clock's lease: with two servers on one database only the holder scans, and the lease passes
/// to the other when the holder stops renewing.
@Suite struct ClockServiceTests {
    @Test func aLeaseIsHeldByOneHolderUntilItExpires() async throws {
        let f = try await Fixture()
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(try await f.store.acquireLease("x", holder: "a", now: t0, duration: 10))
        #expect(try await !f.store.acquireLease("x", holder: "b", now: t0.addingTimeInterval(5), duration: 10))
        #expect(try await f.store.acquireLease("x", holder: "a", now: t0.addingTimeInterval(9), duration: 10), "renewed to t0 + 19")
        #expect(try await !f.store.acquireLease("x", holder: "b", now: t0.addingTimeInterval(18), duration: 10))
        #expect(try await f.store.acquireLease("x", holder: "b", now: t0.addingTimeInterval(19), duration: 10), "expired: taken over")
        #expect(try await !f.store.acquireLease("x", holder: "a", now: t0.addingTimeInterval(20), duration: 10))
        try await f.store.releaseLease("x", holder: "a")  // not a's: nothing happens
        #expect(try await !f.store.acquireLease("x", holder: "a", now: t0.addingTimeInterval(21), duration: 10))
        try await f.store.releaseLease("x", holder: "b")
        #expect(try await f.store.acquireLease("x", holder: "a", now: t0.addingTimeInterval(21), duration: 10), "released: free at once")
        #expect(try await f.store.acquireLease("y", holder: "b", now: t0, duration: 10), "leases are by name")
    }

    @Test func onlyTheHolderScansAndTheLeasePassesWhenItStopsRenewing() async throws {
        let f = try await Fixture()
        let now = Date()
        var ids: [CaseID] = []
        for grid in 0..<3 { ids.append(try await f.service.report(f.report(grid: grid), by: f.actor(role: .intakeOperator), at: now).id) }
        // Two servers: each its own store on the one file, its own service and clock.
        let otherService = try await CityService.open(try SQLiteCityStore(path: f.folder + "/city.sqlite"))
        let a = ClockService(watcher: ClockWatcher(service: f.service), holder: "a", interval: .seconds(60), leaseDuration: 180)
        let b = ClockService(watcher: ClockWatcher(service: otherService), holder: "b", interval: .seconds(60), leaseDuration: 180)

        var t = now.addingTimeInterval(10 * 86_400)
        let first = try #require(try await a.tick(at: t))
        #expect(first.warned + first.escalated == 3)
        #expect(try await b.tick(at: t) == nil, "a holds the lease")
        t.addTimeInterval(60)
        #expect(try await a.tick(at: t) == ClockWatcher.Scan(), "renewed; nothing new is due")
        #expect(try await b.tick(at: t) == nil)
        // a stops renewing; until its lease runs out b still waits, then b takes over.
        t.addTimeInterval(179)
        #expect(try await b.tick(at: t) == nil)
        t.addTimeInterval(1)
        #expect(try await b.tick(at: t) == ClockWatcher.Scan(), "b holds the lease and scans")
        #expect(try await a.tick(at: t) == nil, "a, back, no longer holds it")
        // Every case raised its alert exactly once.
        for id in ids {
            let events = try await f.store.events(caseID: id)
            #expect(events.filter { $0.action == .escalate || $0.action == .warn }.count == 1)
        }
    }

    @Test func runScansUntilCancelledAndGivesTheLeaseUp() async throws {
        let f = try await Fixture()
        let scans = Mutex(0)
        let clock = ClockService(watcher: ClockWatcher(service: f.service), holder: "a", interval: .milliseconds(20), leaseDuration: 30,
                                 onScan: { _ in scans.withLock { $0 += 1 } })
        let running = Task { try await clock.run() }
        let end = Date().addingTimeInterval(10)
        while scans.withLock({ $0 }) < 2, Date() < end { try await Task.sleep(for: .milliseconds(10)) }
        #expect(scans.withLock { $0 } >= 2, "a scans round after round")
        #expect(try await !f.store.acquireLease(ClockService.leaseName, holder: "b", now: Date(), duration: 1))
        running.cancel()
        try await running.value
        #expect(try await f.store.acquireLease(ClockService.leaseName, holder: "b", now: Date(), duration: 1))
    }
}
