import CityGridAnalytics
import CityGridCore
import CityGridStore
import Foundation
import Synchronization

/// The fact table of a running CityGrid (实时事实表): loaded at start from a snapshot plus the
/// cases changed since it (or, without a usable snapshot, from every case of the store), then kept
/// current by every write the ``CityService`` makes (reports, steps, the clock's alerts), so a step
/// is visible to evaluation as soon as it is acknowledged. An announcement older than the row is
/// ignored. Writes by another process on the same database (`citygrid case act` beside a running
/// server) are seen through the store's change log when it follows it
/// (``followingChanges(_:snapshot:interval:expected:onError:progress:)``). Reads and updates take one
/// lock; an evaluation holds it for the milliseconds of its scan.
public final class LiveFacts: Sendable {
    private let table: Mutex<CaseFacts>
    /// The change position every change up to which the table holds, and the cases applied since
    /// the last snapshot.
    private let progress = Mutex<(position: Int64, sinceSnapshot: Int)>((0, 0))
    /// Rises with every change applied to the table (this process's writes and others'), so that a
    /// result computed from it can be kept until the table changes (``generation``).
    private let changes = Atomic<Int64>(0)

    public init(_ facts: CaseFacts, position: Int64 = 0) {
        table = Mutex(facts)
        progress.withLock { $0.position = position }
    }

    /// Cases per batch of the store's streams.
    public static let batchSize = 10_000

    /// Loads the fact table: from the snapshot at `snapshot` (when given, present, valid and of this
    /// store: ``SnapshotReplay``) plus the cases changed after its position, else from every case of
    /// the store (streaming; `progress` gets the cases loaded and the store's count every 100,000
    /// cases). The snapshot path reads no more of the store than the change log after the snapshot,
    /// the cases it names and a few rows to check: its time does not grow with the number of cases
    /// stored. `expected`, the store's case count when the caller knows it, sizes the columns of a
    /// full load (else the store counts them, which only a full load needs).
    public static func load(from store: any CityStore, city: CityModel, users: [User], snapshot: String? = nil,
                            expected: Int? = nil, readMode: FactSnapshotFile.ReadMode = .mapped,
                            progress: @Sendable (_ loaded: Int, _ total: Int) -> Void = { _, _ in }) async throws -> (LiveFacts, FactsLoadReport) {
        let started = ContinuousClock.now
        let dimensions = FactDimensions(city: city, users: users)
        let position = try await store.changePosition()
        var report = FactsLoadReport(source: .store, position: position)
        if let snapshot {
            do {
                let snapshotStart = ContinuousClock.now
                if let (read, header) = try FactSnapshotFile.read(snapshot, dimensions: dimensions, mode: readMode).map({ ($0.facts, $0.header) }) {
                    report.snapshotSeconds = (ContinuousClock.now - snapshotStart).seconds
                    let replay = SnapshotReplay(store: store, batchSize: batchSize)
                    let checkStart = ContinuousClock.now
                    try await replay.checkAnchor(header, storePosition: position)
                    report.checkSeconds = (ContinuousClock.now - checkStart).seconds
                    // The only reference to the columns from here on: a second one (the value read)
                    // would make the replay's first new row copy all of them (1.2 GB at 10 M cases).
                    var facts = consume read
                    let replayStart = ContinuousClock.now
                    let outcome = try await replay.replay(into: &facts, after: header.position)
                    report.replayed = outcome.replayed
                    report.replaySeconds = (ContinuousClock.now - replayStart).seconds
                    let spotStart = ContinuousClock.now
                    try await replay.spotCheck(facts)
                    report.checkSeconds += (ContinuousClock.now - spotStart).seconds
                    // The snapshot's rows are clustered; new rows only add short runs to their months
                    // (a month's runs are all scanned), so the table is reordered, which costs time in
                    // proportion to every case, only once they are many.
                    if outcome.reportedAfter > header.rows / 16 { facts.clusterByMonth() }
                    report.source = .snapshot
                    report.snapshotPosition = header.position
                    report.snapshotRows = header.rows
                    report.reportedAfter = outcome.reportedAfter
                    report.seconds = (ContinuousClock.now - started).seconds
                    return (LiveFacts(facts, position: max(position, outcome.through)), report)
                }
                report.snapshotProblem = "no snapshot"
            } catch {
                report.snapshotProblem = "\(error)"
                report.replayed = 0
                report.checkSeconds = 0
                report.replaySeconds = 0
            }
        }
        // The full load: its time grows with the store, so counting first costs nothing that matters.
        let total: Int
        if let expected { total = expected } else { total = try await store.caseCount() }
        var facts = CaseFacts(dimensions: dimensions)
        if total > 0 { facts.reserveCapacity(total + total / 16) }
        var n = 0
        for try await batch in store.allCases(batchSize: batchSize) {
            for c in batch {
                facts.upsert(c)
                n += 1
                if n % 100_000 == 0 { progress(n, total) }
            }
        }
        facts.clusterByMonth()
        report.seconds = (ContinuousClock.now - started).seconds
        return (LiveFacts(facts, position: position), report)
    }

    public func apply(_ cases: [Case]) {
        table.withLock { facts in
            for c in cases { facts.upsert(c) }
            changes.add(1, ordering: .releasing)
        }
        progress.withLock { $0.sinceSnapshot += cases.count }
    }

    /// Applies the cases changed in the store since the table's position (writes this process did
    /// not announce: another process's); returns how many.
    @discardableResult
    public func catchUp(from feed: any CaseChangeFeed) async throws -> Int {
        let now = try await feed.changePosition()
        let after = position
        guard now > after else { return 0 }
        var n = 0
        for try await batch in feed.casesChanged(after: after, batchSize: Self.batchSize) {
            table.withLock { facts in
                for c in batch { facts.upsert(c) }
                changes.add(1, ordering: .releasing)
            }
            n += batch.count
        }
        progress.withLock { $0.position = max($0.position, now); $0.sinceSnapshot += n }
        return n
    }

    /// Catches up with the store, then writes the snapshot of the table to `path` on a background
    /// thread (not the cooperative pool's), anchored to the change-log entry at its position
    /// (``FactSnapshotAnchor``). The table is copied under the lock (copy-on-write: a column is
    /// duplicated only if a write changes it while the file is written). Returns the snapshot's
    /// size in bytes.
    @discardableResult
    public func writeSnapshot(to path: String, store: any CityStore) async throws -> Int {
        try await catchUp(from: store)
        let (facts, position, applied) = table.withLock { facts in
            progress.withLock { p in (facts, p.position, p.sinceSnapshot) }
        }
        guard let anchor = try await FactSnapshotAnchor.at(position, in: store) else {
            throw FactSnapshotProblem.notOfThisStore("the change log has no entry at position \(position)")
        }
        let size = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int, any Error>) in
            DispatchQueue.global(qos: .utility).async {
                continuation.resume(with: Result { try FactSnapshotFile.write(facts, position: position, anchor: anchor, to: path) })
            }
        }
        progress.withLock { $0.sinceSnapshot = max(0, $0.sinceSnapshot - applied) }
        return size
    }

    /// Runs `body` on the current table, under the lock.
    public func read<T>(_ body: (CaseFacts) throws -> T) rethrows -> T {
        try table.withLock { try body($0) }
    }

    public var count: Int { read { $0.count } }

    /// The change position the table holds every change up to.
    public var position: Int64 { progress.withLock { $0.position } }

    /// The table's generation: it rises with every change applied (never falls), so a value computed
    /// from the table after reading generation g is at least as new as g. Caches key on it.
    public var generation: Int64 { changes.load(ordering: .acquiring) }

    /// Cases applied since the last snapshot was written (or since the load).
    public var changesSinceSnapshot: Int { progress.withLock { $0.sinceSnapshot } }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
