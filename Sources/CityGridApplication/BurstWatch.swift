import Foundation
import Synchronization

/// Reports from one device or account arriving faster than a person reports (连续上报): more than
/// ``limit`` within ``window`` are taken in but held for an operator's review, never dropped.
final class BurstWatch: Sendable {
    let limit: Int
    let window: TimeInterval
    private let seen = Mutex<[String: [Date]]>([:])

    init(limit: Int = 5, window: TimeInterval = 600) {
        self.limit = limit
        self.window = window
    }

    /// Records a report by `key` at `now`; true when it is beyond the limit.
    func isBurst(_ key: String, at now: Date) -> Bool {
        seen.withLock { seen in
            if seen.count > 100_000 { seen = seen.filter { $0.value.last.map { now.timeIntervalSince($0) < window } ?? false } }
            var times = seen[key, default: []].filter { now.timeIntervalSince($0) < window }
            times.append(now)
            seen[key] = times
            return times.count > limit
        }
    }
}
