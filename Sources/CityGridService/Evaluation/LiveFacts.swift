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

    public init(_ facts: CaseFacts, position: Int64 = 0) {
        table = Mutex(facts)
        progress.withLock { $0.position = position }
    }

    /// Cases per batch of the store's streams.
    static let batchSize = 10_000

    /// Loads the fact table: from the snapshot at `snapshot` (when given, present and valid) plus
    /// the cases changed after its position, else from every case of the store (streaming;
    /// `progress` gets the count every 100,000 cases). `expected`, the store's case count when the
    /// caller knows it, sizes the columns once.
    public static func load(from store: any CityStore, city: CityModel, users: [User], snapshot: String? = nil,
                            expected: Int? = nil, readMode: FactSnapshotFile.ReadMode = .mapped,
                            progress: @Sendable (Int) -> Void = { _ in }) async throws -> (LiveFacts, FactsLoadReport) {
        let started = ContinuousClock.now
        let dimensions = FactDimensions(city: city, users: users)
        var countBefore = expected ?? 0
        if expected == nil { countBefore = try await store.caseCount() }
        let position = try await store.changePosition()
        var report = FactsLoadReport(source: .store, position: position)
        if let snapshot {
            do {
                let snapshotStart = ContinuousClock.now
                if let (loaded, at) = try FactSnapshotFile.read(snapshot, dimensions: dimensions, spareRows: countBefore / 16 + 1024, mode: readMode) {
                    report.snapshotSeconds = (ContinuousClock.now - snapshotStart).seconds
                    guard at <= position else { throw FactSnapshotProblem.malformed("position \(at) is ahead of the store's \(position)") }
                    var facts = loaded
                    let replayStart = ContinuousClock.now
                    for try await batch in store.casesChanged(after: at, batchSize: batchSize) {
                        for c in batch { facts.upsert(c) }
                        report.replayed += batch.count
                    }
                    report.replaySeconds = (ContinuousClock.now - replayStart).seconds
                    // Deleted cases (a city replaced) leave rows behind that no change reports. Counted
                    // again (a scan of the table) only when the rows outnumber the first count, which
                    // cases written meanwhile by another process also cause.
                    guard facts.count >= countBefore else { throw FactSnapshotProblem.malformed("\(facts.count) rows for \(countBefore) stored cases") }
                    if facts.count > countBefore {
                        let countAfter = try await store.caseCount()
                        guard facts.count <= countAfter else { throw FactSnapshotProblem.malformed("\(facts.count) rows for \(countAfter) stored cases") }
                    }
                    facts.clusterByMonth()
                    report.source = .snapshot
                    report.snapshotPosition = at
                    report.seconds = (ContinuousClock.now - started).seconds
                    return (LiveFacts(facts, position: position), report)
                }
                report.snapshotProblem = "no snapshot"
            } catch {
                report.snapshotProblem = "\(error)"
                report.replayed = 0
            }
        }
        var facts = CaseFacts(dimensions: dimensions)
        if countBefore > 0 { facts.reserveCapacity(countBefore + countBefore / 16) }
        var n = 0
        for try await batch in store.allCases(batchSize: batchSize) {
            for c in batch {
                facts.upsert(c)
                n += 1
                if n % 100_000 == 0 { progress(n) }
            }
        }
        facts.clusterByMonth()
        report.seconds = (ContinuousClock.now - started).seconds
        return (LiveFacts(facts, position: position), report)
    }

    public func apply(_ cases: [Case]) {
        table.withLock { facts in for c in cases { facts.upsert(c) } }
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
            table.withLock { facts in for c in batch { facts.upsert(c) } }
            n += batch.count
        }
        progress.withLock { $0.position = max($0.position, now); $0.sinceSnapshot += n }
        return n
    }

    /// Catches up with the store, then writes the snapshot of the table to `path` on a background
    /// thread (not the cooperative pool's). The table is copied under the lock (copy-on-write: a
    /// column is duplicated only if a write changes it while the file is written). Returns the
    /// snapshot's size in bytes.
    @discardableResult
    public func writeSnapshot(to path: String, store: any CaseChangeFeed) async throws -> Int {
        try await catchUp(from: store)
        let (facts, position, applied) = table.withLock { facts in
            progress.withLock { p in (facts, p.position, p.sinceSnapshot) }
        }
        let size = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int, any Error>) in
            DispatchQueue.global(qos: .utility).async {
                continuation.resume(with: Result { try FactSnapshotFile.write(facts, position: position, to: path) })
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

    /// Cases applied since the last snapshot was written (or since the load).
    public var changesSinceSnapshot: Int { progress.withLock { $0.sinceSnapshot } }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
