import CityGridCore
import CityGridStore
import Synchronization

/// Streaming reads of the cases (分批流式读取) and the change feed, keyset-paged as SQLite pages
/// them: each batch is its own critical section, read when the consumer asks for it.
extension InMemoryCityStore {
    public func allCases(batchSize: Int) -> AsyncThrowingStream<[Case], any Error> {
        batches(after: 0, batchSize: batchSize) { state, after, limit in
            // The first id above `after`: ids are in ascending order.
            var low = 0, high = state.caseIDs.count
            while low < high {
                let mid = (low + high) / 2
                if state.caseIDs[mid].rawValue <= after { low = mid + 1 } else { high = mid }
            }
            let ids = state.caseIDs[low..<min(state.caseIDs.count, low + limit)]
            let out = ids.compactMap { state.cases[$0] }
            return (out, ids.last?.rawValue, ids.count)
        }
    }

    public func changePosition() async throws -> Int64 {
        try await lastChangeSequence()
    }

    /// The cases named by the change log's entries after `position`, each once per batch of
    /// entries, as they are now.
    public func casesChanged(after position: Int64, batchSize: Int) -> AsyncThrowingStream<[Case], any Error> {
        batches(after: position, batchSize: batchSize) { state, after, limit in
            let entries = Self.entries(after: after, limit: limit, state)
            var seen = Set<CaseID>()
            var out: [Case] = []
            for entry in entries {
                guard let id = entry.caseID, seen.insert(id).inserted, let c = state.cases[id] else { continue }
                out.append(c)
            }
            return (out, entries.last?.sequence, entries.count)
        }
    }

    /// Pages through a keyed read: `read` returns a batch, the last key it read and how many rows it read.
    private func batches(after start: Int64, batchSize: Int,
                         read: @escaping @Sendable (InMemoryState, Int64, Int) -> ([Case], Int64?, Int)) -> AsyncThrowingStream<[Case], any Error> {
        let cursor = Mutex<Int64?>(start)  // nil once the end was reached
        let limit = max(1, batchSize)
        return AsyncThrowingStream(unfolding: { [self] in
            while true {
                guard let after = cursor.withLock({ $0 }) else { return nil }
                try Task.checkCancellation()
                let (batch, last, rows) = try locked { state in read(state, after, limit) }
                cursor.withLock { $0 = rows < limit ? nil : last }
                if !batch.isEmpty { return batch }
            }
        })
    }
}
