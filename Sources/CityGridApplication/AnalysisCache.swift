import Foundation
import Synchronization

/// Results of analyses kept for the dashboards (分析结果缓存): an evaluation, a hot-spot analysis, a
/// time-to-close distribution, … kept under what was asked (rules, subject, period, category, …)
/// with the fact table's generation (``LiveFacts/generation``) they were computed at. It belongs to
/// one configuration version (``CityApplication/Current``), so a new version starts empty. A result
/// of an older generation is used only by a question that allows it (`staleFor`: the history
/// analyses of the dashboards, for at most that long after they were computed); every other question
/// gets a result of the table as it is. Results that depend on the time of evaluation (`overdue`)
/// put the minute in their parameters.
///
/// Bounded: at most ``capacity`` questions, the least recently used dropped first. The values are
/// the unscoped results: callers filter them to what each caller may read after the look-up.
final class AnalysisCache: Sendable {
    struct Key: Hashable, Sendable {
        var kind: String
        var parameters: [String]
        var generation: Int64
    }

    /// A question, whatever the generation.
    private struct Question: Hashable, Sendable {
        var kind: String
        var parameters: [String]
    }

    private struct Entry: Sendable {
        var value: any Sendable
        var generation: Int64
        var stored: ContinuousClock.Instant
        var used: UInt64
    }

    let capacity: Int
    private let entries = Mutex<(map: [Question: Entry], clock: UInt64)>(([:], 0))

    init(capacity: Int = 64) { self.capacity = capacity }

    /// The value kept for `key`'s question, of type `T`, if it is of `key`'s generation (or newer),
    /// or of an older one computed less than `staleFor` ago.
    func value<T: Sendable>(_ key: Key, staleFor: Duration = .zero, as type: T.Type = T.self) -> T? {
        let now = ContinuousClock.now
        return entries.withLock { state in
            let question = Question(kind: key.kind, parameters: key.parameters)
            guard var entry = state.map[question], let value = entry.value as? T else { return nil }
            guard entry.generation >= key.generation || now - entry.stored < staleFor else { return nil }
            state.clock += 1
            entry.used = state.clock
            state.map[question] = entry
            return value
        }
    }

    /// Keeps `value` for `key`'s question (unless a newer generation's is kept), dropping the least
    /// recently used beyond the capacity.
    func store<T: Sendable>(_ value: T, under key: Key) {
        let now = ContinuousClock.now
        entries.withLock { state in
            let question = Question(kind: key.kind, parameters: key.parameters)
            if let kept = state.map[question], kept.generation > key.generation { return }
            state.clock += 1
            state.map[question] = Entry(value: value, generation: key.generation, stored: now, used: state.clock)
            while state.map.count > capacity, let oldest = state.map.min(by: { $0.value.used < $1.value.used }) {
                state.map[oldest.key] = nil
            }
        }
    }

    /// How many results are kept (tests).
    var count: Int { entries.withLock { $0.map.count } }

    /// The kept value for `key` (see ``value(_:staleFor:as:)``), else `compute()`'s, kept.
    func get<T: Sendable>(_ key: Key, staleFor: Duration = .zero, _ compute: () async throws -> T) async rethrows -> T {
        if let hit: T = value(key, staleFor: staleFor) { return hit }
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
