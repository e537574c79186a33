import CityGridCore
import CityGridStore
import Synchronization

/// A whole ``CityStore`` in memory (内存存储), with the same observable behaviour as the SQLite
/// store: the same ids, case numbers, events, version checks, follow-ups, change log entries,
/// configuration versions, refusals and failures, and values read back in the same stored form
/// (times to the second, boundaries to 7 decimals). For tests, demos and benchmarks that need no
/// file; the contract test suite runs unchanged against it and SQLite.
///
/// Every method is one critical section over ``InMemoryState`` under a mutex, which is the store's
/// transaction: it sees one consistent state and its changes are seen whole or not at all (a write
/// checks everything that can refuse it before it changes anything, or works on a copy). Nothing
/// outlives the process.
public final class InMemoryCityStore: CityStore {
    let state = Mutex(InMemoryState())

    /// An empty store: no city, configuration version 0, an empty change log.
    public init() {}

    /// Runs `body` as one transaction: if it throws, the state is as it was before. Copies the
    /// state for the rollback, so only the rare writes that cannot check first use it.
    func transaction<T: Sendable>(_ body: (inout InMemoryState) throws -> T) throws -> T {
        try state.withLock { state in
            let saved = state
            do {
                return try body(&state)
            } catch {
                state = saved
                throw error
            }
        }
    }

    /// Runs `body` on the state (a read, or a write that checks before it changes anything).
    func locked<T: Sendable>(_ body: (inout InMemoryState) throws -> T) throws -> T {
        try state.withLock { state in try body(&state) }
    }
}
