import CityGridStore
import Foundation
import Testing

/// ``LeaseStore``: one holder at a time, expiry, renewal, release.
@Suite struct LeaseContractTests {
    @Test(arguments: StoreKind.allCases) func aLeaseHasOneHolderUntilItEnds(_ kind: StoreKind) async throws {
        let open = try kind.open()
        let store = open.store
        let t0 = ContractCity.t0
        #expect(try await store.acquireLease("clock", holder: "a", now: t0, duration: 30))
        #expect(!(try await store.acquireLease("clock", holder: "b", now: t0.addingTimeInterval(29.998), duration: 30)))
        // Another name is another lease.
        #expect(try await store.acquireLease("export", holder: "b", now: t0, duration: 30))
        // The holder renews; the end moves.
        #expect(try await store.acquireLease("clock", holder: "a", now: t0.addingTimeInterval(20), duration: 30))
        #expect(!(try await store.acquireLease("clock", holder: "b", now: t0.addingTimeInterval(40), duration: 30)))
        // Expired at its end: another takes it.
        #expect(try await store.acquireLease("clock", holder: "b", now: t0.addingTimeInterval(50), duration: 30))
        #expect(!(try await store.acquireLease("clock", holder: "a", now: t0.addingTimeInterval(51), duration: 30)))
    }

    @Test(arguments: StoreKind.allCases) func onlyTheHolderReleases(_ kind: StoreKind) async throws {
        let open = try kind.open()
        let store = open.store
        let t0 = ContractCity.t0
        #expect(try await store.acquireLease("clock", holder: "a", now: t0, duration: 300))
        try await store.releaseLease("clock", holder: "b")
        #expect(!(try await store.acquireLease("clock", holder: "b", now: t0, duration: 300)))
        try await store.releaseLease("clock", holder: "a")
        #expect(try await store.acquireLease("clock", holder: "b", now: t0, duration: 300))
    }

    @Test(arguments: StoreKind.allCases) func ofConcurrentContendersOneHoldsTheLease(_ kind: StoreKind) async throws {
        let open = try kind.open()
        let store = open.store
        let t0 = ContractCity.t0
        let holders = try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<12 { group.addTask { try await store.acquireLease("clock", holder: "h\(i)", now: t0, duration: 60) } }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(holders == 1)
    }
}
