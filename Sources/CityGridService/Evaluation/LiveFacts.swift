import CityGridAnalytics
import CityGridCore
import CityGridStore
import Foundation
import Synchronization

/// The fact table of a running CityGrid (实时事实表): loaded from the store once, then kept current
/// by every write the ``CityService`` makes, so a step is visible to evaluation as soon as it is
/// acknowledged. Reads and updates take one lock; an evaluation holds it for the milliseconds of its
/// scan.
public final class LiveFacts: Sendable {
    private let table: Mutex<CaseFacts>

    public init(_ facts: CaseFacts) {
        table = Mutex(facts)
    }

    /// Loads every case of the store (streaming; `progress` gets the count every 100,000 cases).
    /// Synchronous: call it from a command or at start-up, not from a request handler.
    public static func load(from store: any CityStore, city: CityModel, users: [User],
                            progress: (Int) -> Void = { _ in }) throws -> LiveFacts {
        var facts = CaseFacts(dimensions: FactDimensions(city: city, users: users))
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
