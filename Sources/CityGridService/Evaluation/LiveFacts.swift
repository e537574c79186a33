import CityGridAnalytics
import CityGridCore
import CityGridStore
import Foundation
import Synchronization

/// The fact table of a running CityGrid (实时事实表): loaded from the store once, then kept current
/// by every write the ``CityService`` makes (reports, steps, the clock's alerts), so a step is
/// visible to evaluation as soon as it is acknowledged. An announcement older than the row is
/// ignored. Writes by another process on the same database (`citygrid case act` beside a running
/// server) are seen through the store's change log when it follows it
/// (``followingChanges(_:interval:expected:onError:progress:)``). Reads and updates take one lock; an evaluation holds
/// it for the milliseconds of its scan.
public final class LiveFacts: Sendable {
    private let table: Mutex<CaseFacts>

    public init(_ facts: CaseFacts) {
        table = Mutex(facts)
    }

    /// Loads every case of the store (streaming; `progress` gets the count every 100,000 cases);
    /// `expected`, the store's case count, sizes the columns once. Synchronous: call it from a
    /// command or at start-up, not from a request handler.
    public static func load(from store: any CityStore, city: CityModel, users: [User], expected: Int = 0,
                            progress: (Int) -> Void = { _ in }) throws -> LiveFacts {
        var facts = CaseFacts(dimensions: FactDimensions(city: city, users: users))
        if expected > 0 { facts.reserveCapacity(expected + expected / 16) }
        var n = 0
        try store.forEachCase { c in
            facts.upsert(c)
            n += 1
            if n % 100_000 == 0 { progress(n) }
        }
        facts.clusterByMonth()
        return LiveFacts(facts)
    }

    public func apply(_ cases: [Case]) {
        table.withLock { facts in for c in cases { facts.upsert(c) } }
    }

    /// Runs `body` on the current table, under the lock.
    public func read<T>(_ body: (CaseFacts) throws -> T) rethrows -> T {
        try table.withLock { try body($0) }
    }

    public var count: Int { read { $0.count } }
}
