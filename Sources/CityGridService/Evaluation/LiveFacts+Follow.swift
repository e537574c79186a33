import CityGridAnalytics
import CityGridCore
import CityGridStore
import Foundation
import Synchronization

extension LiveFacts {
    /// Loads the fact table (from `snapshot` plus replay when it is usable, else from every case)
    /// and follows the service's later writes. For start-up, before requests: a write between the
    /// load and the subscription is picked up by a catch-up with the store right after subscribing.
    /// People are indexed as they appear in cases.
    public static func following(_ service: CityService, snapshot: String?, expected: Int? = nil,
                                 readMode: FactSnapshotFile.ReadMode = .mapped,
                                 progress: @Sendable (_ loaded: Int, _ total: Int) -> Void = { _, _ in }) async throws -> (LiveFacts, FactsLoadReport) {
        let (live, report) = try await load(from: service.store, city: service.city, users: [], snapshot: snapshot,
                                            expected: expected, readMode: readMode, progress: progress)
        service.changes.listen { [live] cases in live.apply(cases) }
        try await live.catchUp(from: service.store)
        return (live, report)
    }

    /// ``following(_:snapshot:expected:readMode:progress:)`` without a snapshot, for synchronous
    /// callers (the server's router when it is given no table). Blocks the calling thread until the
    /// table is loaded; the load runs on a thread of its own, so this is safe even on a thread of
    /// Swift's cooperative pool. Prefer the asynchronous form.
    public static func following(_ service: CityService) throws -> LiveFacts {
        try BlockingBridge.run { try await following(service, snapshot: nil).0 }
    }
}

/// Runs asynchronous work to its end from synchronous code (阻塞桥接): the work's task prefers an
/// executor on a dispatch queue of its own, so it needs none of the cooperative pool's threads,
/// which the blocked caller may be holding.
enum BlockingBridge {
    static func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let done = DispatchSemaphore(value: 0)
        let result = Mutex<Result<T, any Error>?>(nil)
        Task(executorPreference: QueueTaskExecutor()) {
            let outcome: Result<T, any Error>
            do { outcome = .success(try await body()) } catch { outcome = .failure(error) }
            result.withLock { $0 = outcome }
            done.signal()
        }
        done.wait()
        return try result.withLock { $0! }.get()
    }

    /// A task executor running jobs one at a time on a serial dispatch queue.
    final class QueueTaskExecutor: TaskExecutor {
        private let queue = DispatchQueue(label: "citygrid.blocking-bridge")

        func enqueue(_ job: consuming ExecutorJob) {
            let job = UnownedJob(job)
            let executor = asUnownedTaskExecutor()
            queue.async { job.runSynchronously(on: executor) }
        }
    }
}

extension LiveFacts {
    /// Loads the fact table (from `snapshot` plus replay when it is usable, else from every case) and
    /// keeps it current from two sources: the service's in-process announcements (applied before a
    /// report or a step is answered) and the store's change log, through the returned
    /// ``ChangeFollower``, so that cases changed by another process on the same database (`citygrid
    /// case act`, `citygrid clock`, a second server) are applied within the follower's interval.
    ///
    /// Run the follower (``ChangeFollower/run()``, e.g. in the application's service group) for the
    /// second source; other consumers (a caller cache, a configuration reloader) may subscribe to it
    /// too before it runs. The log's cursor is read before the load, so a change committed during the
    /// load is applied again afterwards (harmless: a case older than the row is ignored).
    public static func followingChanges(_ service: CityService, snapshot: String? = nil, interval: Duration = .milliseconds(200),
                                        expected: Int? = nil, onError: @escaping @Sendable (any Error) -> Void = { _ in },
                                        progress: @Sendable @escaping (_ loaded: Int, _ total: Int) -> Void = { _, _ in }) async throws -> (LiveFacts, ChangeFollower, FactsLoadReport) {
        let cursor = try await service.store.lastChangeSequence()
        let (live, report) = try await following(service, snapshot: snapshot, expected: expected, progress: progress)
        return (live, follower(of: live, service, after: cursor, interval: interval, onError: onError), report)
    }

    /// ``followingChanges(_:snapshot:interval:expected:onError:progress:)`` with a table whose load
    /// began before the service was built (``FactsPreload``). When the city's configuration changed
    /// in between, the preloaded table (built with the older city's dimensions) is dropped and the
    /// table loaded again with the service's city.
    public static func followingChanges(_ service: CityService, preload: FactsPreload, interval: Duration = .milliseconds(200),
                                        onError: @escaping @Sendable (any Error) -> Void = { _ in }) async throws -> (LiveFacts, ChangeFollower, FactsLoadReport) {
        guard preload.city.configurationVersion == service.city.configurationVersion else {
            preload.task.cancel()
            return try await followingChanges(service, snapshot: preload.snapshot, interval: interval, onError: onError, progress: preload.progress)
        }
        let (live, report) = try await preload.task.value
        service.changes.listen { [live] cases in live.apply(cases) }
        try await live.catchUp(from: service.store)
        return (live, follower(of: live, service, after: preload.cursor, interval: interval, onError: onError), report)
    }

    private static func follower(of live: LiveFacts, _ service: CityService, after cursor: Int64, interval: Duration,
                                 onError: @escaping @Sendable (any Error) -> Void) -> ChangeFollower {
        let follower = ChangeFollower(store: service.store, after: cursor, interval: interval, onError: onError)
        follower.listen(to: service.changes)
        live.follow(follower, store: service.store)
        return follower
    }

    /// Applies the cases named by `follower`'s entries, read again from `store`; a case the table
    /// already holds at the entry's version (this process's own writes, applied when they were
    /// announced) is not read again.
    public func follow(_ follower: ChangeFollower, store: any CityStore) {
        follower.onEntries { [self] entries in try await apply(entries, from: store) }
    }

    /// Applies the cases `entries` name that the table does not hold at the entry's version yet,
    /// read again from `store`.
    public func apply(_ entries: [ChangeLogEntry], from store: any CityStore) async throws {
        var newest: [CaseID: Int] = [:]
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
