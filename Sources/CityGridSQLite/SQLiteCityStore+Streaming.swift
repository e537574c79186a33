import CityGridCore
import CityGridStore
import Foundation
import GRDB
import Synchronization

/// Streaming reads of the cases (分批流式读取) and the change feed of the fact table.
///
/// Both are keyset-paginated: each batch is one short read transaction,
/// `WHERE key > last ORDER BY key LIMIT n`, so a stream holds no reader open between batches (the
/// WAL can checkpoint), uses about one batch of memory, reads only when the consumer asks, and ends
/// when the consuming task is cancelled.
extension SQLiteCityStore {
    /// The stamp column's position in the `SELECT` (after ``CaseRow/columns``).
    private static let stampIndex = CaseRow.columns.split(separator: ",").count

    public func allCases(batchSize: Int) -> AsyncThrowingStream<[Case], any Error> {
        batches(sql: "SELECT \(CaseRow.columns), changed_seq FROM cases WHERE id > ? ORDER BY id LIMIT ?", after: 0, batchSize: batchSize) { c, _ in c.id }
    }

    // MARK: CaseChangeFeed, on the change stamps of migration "v30: case change stamps"
    // (to be swapped for the change log's sequence: only these two methods read the stamps).

    public func changePosition() async throws -> Int64 {
        try await pool.read { db in try Int64.fetchOne(db, sql: "SELECT seq FROM case_change_counter WHERE id = 1") ?? 0 }
    }

    public func casesChanged(after position: Int64, batchSize: Int) -> AsyncThrowingStream<[Case], any Error> {
        batches(sql: "SELECT \(CaseRow.columns), changed_seq FROM cases WHERE changed_seq > ? ORDER BY changed_seq LIMIT ?",
                after: position, batchSize: batchSize) { _, stamp in stamp }
    }

    private func batches(sql: String, after start: Int64, batchSize: Int,
                         key: @escaping @Sendable (Case, Int64) -> Int64) -> AsyncThrowingStream<[Case], any Error> {
        let cursor = Mutex<Int64?>(start)  // nil once the end was reached
        let pool = self.pool
        let limit = max(1, batchSize)
        let stampIndex = Self.stampIndex
        return AsyncThrowingStream(unfolding: {
            guard let after = cursor.withLock({ $0 }) else { return nil }
            try Task.checkCancellation()
            let (batch, last) = try await pool.read { db -> ([Case], Int64?) in
                var out: [Case] = []
                out.reserveCapacity(limit)
                var last: Int64?
                let rows = try Row.fetchCursor(db, sql: sql, arguments: [after, limit])
                while let row = try rows.next() {
                    let c = try CaseRow.decode(row)
                    last = key(c, row[stampIndex])
                    out.append(c)
                }
                return (out, last)
            }
            cursor.withLock { $0 = batch.count < limit ? nil : last }
            return batch.isEmpty ? nil : batch
        })
    }
}
