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
    public func allCases(batchSize: Int) -> AsyncThrowingStream<[Case], any Error> {
        batches(after: 0, batchSize: batchSize) { db, after, limit in
            var out: [Case] = []
            out.reserveCapacity(limit)
            let statement = try db.cachedStatement(sql: "SELECT \(CaseRow.columns) FROM cases WHERE id > ? ORDER BY id LIMIT ?")
            let layout = try CaseLayout.of(statement)
            let rows = try Row.fetchCursor(statement, arguments: [after, limit])
            let columns = RawStatement.Columns(statement)
            while try rows.next() != nil { out.append(try CaseRow.decode(columns, layout)) }
            return (out, out.last?.id.rawValue, out.count)
        }
    }

    // MARK: CaseChangeFeed, on the change log: the position is its newest sequence number.

    public func changePosition() async throws -> Int64 {
        try await lastChangeSequence()
    }

    /// The cases named by the change log's entries after `position`, each once per batch of entries,
    /// as they are now.
    public func casesChanged(after position: Int64, batchSize: Int) -> AsyncThrowingStream<[Case], any Error> {
        batches(after: position, batchSize: batchSize) { db, after, limit in
            let entries = try Row.fetchAll(db, sql: "SELECT seq, case_id FROM change_log WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [after, limit])
            var seen = Set<Int64>()
            var out: [Case] = []
            for row in entries {
                guard let id: Int64 = row["case_id"], seen.insert(id).inserted, let c = try CaseRow.fetch(id: CaseID(id), db) else { continue }
                out.append(c)
            }
            return (out, entries.last?["seq"] as Int64?, entries.count)
        }
    }

    /// Pages through a keyed read: `read` returns a batch, the last key it read and how many rows it read.
    private func batches(after start: Int64, batchSize: Int,
                         read: @escaping @Sendable (Database, Int64, Int) throws -> ([Case], Int64?, Int)) -> AsyncThrowingStream<[Case], any Error> {
        let cursor = Mutex<Int64?>(start)  // nil once the end was reached
        let pool = self.pool
        let limit = max(1, batchSize)
        return AsyncThrowingStream(unfolding: {
            while true {
                guard let after = cursor.withLock({ $0 }) else { return nil }
                try Task.checkCancellation()
                let (batch, last, rows) = try await SQLiteFailure.mapped { try await pool.read { db in try read(db, after, limit) } }
                cursor.withLock { $0 = rows < limit ? nil : last }
                if !batch.isEmpty { return batch }
            }
        })
    }
}
