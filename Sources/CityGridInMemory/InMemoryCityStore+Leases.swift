import CityGridStore
import Foundation

/// Leases (租约) in memory: a compare-and-set under the store's lock, expiry to the millisecond.
extension InMemoryCityStore {
    public func acquireLease(_ name: String, holder: String, now: Date, duration: TimeInterval) async throws -> Bool {
        let nowMs = Self.milliseconds(now)
        let untilMs = Self.milliseconds(now.addingTimeInterval(duration))
        return try locked { state in
            if let lease = state.leases[name], lease.holder != holder, lease.expiresAtMs > nowMs { return false }
            state.leases[name] = InMemoryState.Lease(holder: holder, expiresAtMs: untilMs)
            return true
        }
    }

    public func releaseLease(_ name: String, holder: String) async throws {
        try locked { state in
            if state.leases[name]?.holder == holder { state.leases[name] = nil }
        }
    }

    /// A time in milliseconds, rounded down, as leases keep it.
    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }
}
