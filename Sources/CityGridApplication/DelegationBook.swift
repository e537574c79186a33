import CityGridCore
import CityGridStore
import Foundation
import Synchronization

/// The delegations of power as this process last read them (授权簿): every request's caller gains
/// the powers their organisations hold from it, so it is read from the store at most every
/// ``timeToLive`` (another server's grant or revocation is seen that late), and at once after a grant
/// or revocation made here. Whether a grant is in force is decided at each request's own time, so
/// a grant ends at its end to the second, however old the copy.
final class DelegationBook: Sendable {
    private let held = Mutex<(delegations: [Delegation], readAt: Date?)>(([], nil))
    let timeToLive: TimeInterval

    init(timeToLive: TimeInterval = 5) {
        self.timeToLive = timeToLive
    }

    /// Every delegation, read again from `store` when the copy is older than the time to live.
    func delegations(from store: any DelegationStore, at now: Date) async throws -> [Delegation] {
        let (copy, readAt) = held.withLock { ($0.delegations, $0.readAt) }
        if let readAt, now.timeIntervalSince(readAt) < timeToLive, now >= readAt { return copy }
        let fresh = try await store.delegations()
        held.withLock { $0 = (fresh, now) }
        return fresh
    }

    /// Forgets the copy: the next caller reads the store.
    func forget() {
        held.withLock { $0.readAt = nil }
    }
}
