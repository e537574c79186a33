import CityGridStore

/// The change log (变更日志) in memory: entries numbered 1, 2, 3… as they are appended under the
/// store's lock, which is also the commit order.
extension InMemoryCityStore {
    public func changes(after sequence: Int64, limit: Int) async throws -> [ChangeLogEntry] {
        try locked { state in Self.entries(after: sequence, limit: limit, state) }
    }

    public func lastChangeSequence() async throws -> Int64 {
        try locked { $0.changeLog.last?.sequence ?? 0 }
    }

    /// The entries after `sequence`, oldest first, at most `limit`: entry `n` is at index `n - 1`.
    static func entries(after sequence: Int64, limit: Int, _ state: InMemoryState) -> [ChangeLogEntry] {
        let start = Int(max(0, min(sequence, Int64(state.changeLog.count))))
        return Array(state.changeLog[start..<min(state.changeLog.count, start + max(0, limit))])
    }
}
