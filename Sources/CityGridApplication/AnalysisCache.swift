import Foundation
import Synchronization

/// Results of analyses kept for the dashboards (分析结果缓存): an evaluation, a hot-spot analysis, a
/// time-to-close distribution, … keyed by what was asked (rules, subject, period, category, …) and
/// by the fact table's generation (``LiveFacts/generation``) it was computed at. It belongs to one
/// configuration version (``CityApplication/Current``), so a new version starts empty; a change to
/// the table makes every entry of an older generation unusable; results that depend on the time of
/// evaluation (`overdue`) put the minute in their key.
///
/// Bounded: at most ``capacity`` entries, the least recently used dropped first. The values are
/// the unscoped results: callers filter them to what each caller may read after the look-up.
final class AnalysisCache: Sendable {
    struct Key: Hashable, Sendable {
        var kind: String
        var parameters: [String]
        var generation: Int64
    }

    private struct Entry: Sendable {
        var value: any Sendable
        var used: UInt64
    }

    let capacity: Int
    private let entries = Mutex<(map: [Key: Entry], clock: UInt64)>(([:], 0))

    init(capacity: Int = 64) { self.capacity = capacity }

    /// The value stored under `key`, if any, of type `T`.
    func value<T: Sendable>(_ key: Key, as type: T.Type = T.self) -> T? {
        entries.withLock { state in
            guard var entry = state.map[key], let value = entry.value as? T else { return nil }
            state.clock += 1
            entry.used = state.clock
            state.map[key] = entry
            return value
        }
    }

    /// Stores `value` under `key`, dropping entries of older generations and, beyond the capacity,
    /// the least recently used.
    func store<T: Sendable>(_ value: T, under key: Key) {
        entries.withLock { state in
            state.clock += 1
            state.map = state.map.filter { $0.key.generation >= key.generation }
            state.map[key] = Entry(value: value, used: state.clock)
            while state.map.count > capacity, let oldest = state.map.min(by: { $0.value.used < $1.value.used }) {
                state.map[oldest.key] = nil
            }
        }
    }

    /// How many results are kept (tests).
    var count: Int { entries.withLock { $0.map.count } }

    /// The stored value for `key`, else `compute()`'s, stored.
    func get<T: Sendable>(_ key: Key, _ compute: () async throws -> T) async rethrows -> T {
        if let hit: T = value(key) { return hit }
        let computed = try await compute()
        store(computed, under: key)
        return computed
    }
}

extension CityApplication {
    /// A tag that changes whenever an analysis' answer may: the configuration version and the fact
    /// table's generation (for ETags of analysis answers).
    public var analysisTag: String {
        let current = self.current
        return "\(current.version)-\(current.facts.generation)"
    }
}
