import CityGridAnalytics
import CityGridCore
import CityGridStore
import Foundation

/// Brings a fact table read from a snapshot up to the store (快照重放与核对), checking on the way
/// that the snapshot belongs to the store, in time proportional to the changes since the snapshot,
/// never to the number of cases:
///
/// 1. the snapshot's position is not ahead of the store's;
/// 2. its anchor matches the store's change-log entry at that position (``FactSnapshotAnchor``):
///    same history up to there;
/// 3. replay: the change log's entries after the position, in order, each case they name read again
///    and applied. No entry may replace the city (the only way the store deletes cases, so rows of
///    deleted cases cannot survive), and a case stepped or alerted after the position must be in
///    the snapshot or reported after it (a snapshot missing cases is refused);
/// 4. a spot check: up to ``spotChecks`` rows spread over the table, and its last row, read back
///    by id, must exist with the same report time and a version not below the row's.
///
/// The case count is then the snapshot's rows (the count at its position) plus the cases reported
/// after it, which the replay added. Any failed check throws ``FactSnapshotProblem/notOfThisStore(_:)``
/// and the caller loads every case instead.
public struct SnapshotReplay: Sendable {
    public let store: any CityStore
    public var batchSize: Int
    /// Rows read back by the spot check.
    public static let spotChecks = 64

    public init(store: any CityStore, batchSize: Int = LiveFacts.batchSize) {
        self.store = store
        self.batchSize = batchSize
    }

    /// What the replay did.
    public struct Outcome: Sendable {
        /// Cases read again and applied (each once per batch of entries).
        public var replayed = 0
        /// Cases reported after the snapshot's position (rows the snapshot could not hold).
        public var reportedAfter = 0
        /// The last entry applied (at least the snapshot's position).
        public var through: Int64
    }

    /// Checks 1 and 2.
    public func checkAnchor(_ header: FactSnapshot.Header, storePosition: Int64) async throws {
        guard header.position <= storePosition else {
            throw FactSnapshotProblem.notOfThisStore("its position \(header.position) is ahead of the store's \(storePosition)")
        }
        guard let anchor = try await FactSnapshotAnchor.at(header.position, in: store) else {
            throw FactSnapshotProblem.notOfThisStore("the change log has no entry at its position \(header.position)")
        }
        guard anchor == header.anchor else {
            throw FactSnapshotProblem.notOfThisStore("the change log's entry at its position \(header.position) is another one (another database or history)")
        }
    }

    /// Check 3: applies the cases changed after `position` to `facts`.
    public func replay(into facts: inout CaseFacts, after position: Int64) async throws -> Outcome {
        var outcome = Outcome(through: position)
        var reported = Set<CaseID>()
        while true {
            let entries = try await store.changes(after: outcome.through, limit: batchSize)
            guard let last = entries.last else { break }
            var ids: [CaseID] = []
            var named = Set<CaseID>()
            for entry in entries {
                if entry.kind == .cityReplaced {
                    throw FactSnapshotProblem.notOfThisStore("the city was replaced at position \(entry.sequence), deleting the cases it holds")
                }
                guard entry.kind.isCase, let id = entry.caseID else { continue }
                if entry.kind == .caseReported {
                    reported.insert(id)
                } else if !reported.contains(id), facts.row(ofCase: id) == nil {
                    throw FactSnapshotProblem.notOfThisStore("case \(id), changed at position \(entry.sequence), is missing from it")
                }
                if named.insert(id).inserted { ids.append(id) }
            }
            for c in try await store.cases(ids: ids) {
                if facts.row(ofCase: c.id) == nil { outcome.reportedAfter += 1 }
                facts.upsert(c)
            }
            outcome.replayed += ids.count
            outcome.through = last.sequence
            if entries.count < batchSize { break }
        }
        return outcome
    }

    /// Check 4.
    public func spotCheck(_ facts: CaseFacts) async throws {
        let n = facts.count
        guard n > 0 else { return }
        let k = min(n, Self.spotChecks)
        // Spread evenly, and the last row (the newest case appended).
        let rows = Set((0..<k).map { $0 * n / k } + [n - 1])
        let ids = rows.map { CaseID(facts.caseID[$0]) }
        let stored = Dictionary(try await store.cases(ids: ids).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for row in rows.sorted() {
            let id = CaseID(facts.caseID[row])
            guard let c = stored[id] else { throw FactSnapshotProblem.notOfThisStore("case \(id) is not in the store") }
            guard CaseFacts.seconds(c.reportedAt) == facts.reported[row], c.version >= Int(facts.version[row]) else {
                throw FactSnapshotProblem.notOfThisStore("case \(id) differs from the store's (report time or version)")
            }
        }
    }
}
