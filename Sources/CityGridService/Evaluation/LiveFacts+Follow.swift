import CityGridAnalytics
import CityGridCore
import CityGridStore

extension LiveFacts {
    /// Loads the store's cases and follows the service's later writes, synchronously: for start-up,
    /// before any request or clock scan can write (a write between the load and the subscription
    /// would be missed). People are indexed as they appear in cases. Sees this process's writes only;
    /// ``followingChanges(_:interval:expected:onError:progress:)`` also sees other processes'.
    public static func following(_ service: CityService, expected: Int = 0, progress: (Int) -> Void = { _ in }) throws -> LiveFacts {
        let live = try load(from: service.store, city: service.city, users: [], expected: expected, progress: progress)
        service.changes.listen { [live] cases in live.apply(cases) }
        return live
    }

    /// Loads the store's cases and keeps them current from two sources: the service's in-process
    /// announcements (applied before a report or a step is answered, as with
    /// ``following(_:expected:progress:)``) and the store's change log, through the returned
    /// ``ChangeFollower``, so that cases changed by another process on the same database (`citygrid
    /// case act`, `citygrid clock`, a second server) are applied within the follower's interval.
    ///
    /// Run the follower (``ChangeFollower/run()``, e.g. in the application's service group) for the
    /// second source; other consumers (a caller cache, a configuration reloader) may subscribe to it
    /// too before it runs. The log's cursor is read before the load, so a change committed during the
    /// load is applied again afterwards (harmless: a case older than the row is ignored).
    public static func followingChanges(_ service: CityService, interval: Duration = .milliseconds(200), expected: Int = 0,
                                        onError: @escaping @Sendable (any Error) -> Void = { _ in },
                                        progress: (Int) -> Void = { _ in }) async throws -> (LiveFacts, ChangeFollower) {
        let cursor = try await service.store.lastChangeSequence()
        let live = try following(service, expected: expected, progress: progress)
        let follower = ChangeFollower(store: service.store, after: cursor, interval: interval, onError: onError)
        follower.listen(to: service.changes)
        live.follow(follower, store: service.store)
        return (live, follower)
    }

    /// Applies the cases named by `follower`'s entries, read again from `store`; a case the table
    /// already holds at the entry's version (this process's own writes, applied when they were
    /// announced) is not read again.
    public func follow(_ follower: ChangeFollower, store: any CityStore) {
        follower.onEntries { [self] entries in
            var newest: [Int64: Int] = [:]
            for entry in entries where entry.kind.isCase {
                guard let id = entry.caseID else { continue }
                newest[id] = max(newest[id] ?? 0, entry.caseVersion ?? Int.max)
            }
            let behind = read { facts in
                newest.filter { id, version in facts.row(ofCase: id).map { Int(facts.version[$0]) < version } ?? true }.keys.sorted()
            }
            if !behind.isEmpty { apply(try await store.cases(ids: behind)) }
        }
    }
}
