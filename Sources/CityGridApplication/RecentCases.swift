import CityGridCore
import Synchronization

/// Cases recently read (最近读取的案件), by id, so that reading a case again needs no trip to the
/// store. An entry is only ever handed out for the version the caller names — the version the live
/// fact table holds for the case (see ``CityApplication/caseView(_:for:at:)``) — so the cache itself
/// decides nothing about freshness: the fact table does, and it learns of this process's writes
/// before they are acknowledged (``CaseChanges``) and of other processes' through the change follower.
///
/// Bounded: at most ``capacity`` entries; when full, it is emptied (one O(n) sweep per `capacity`
/// insertions, cheaper per request than keeping an eviction order, and rare: a hot set that fits
/// stays).
final class RecentCases: Sendable {
    private let entries: Mutex<[Int64: Case]>
    /// Entries kept at most.
    let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
        entries = Mutex([:])
    }

    /// The case `id` if it is held at exactly `version`.
    func value(of id: Int64, version: Int) -> Case? {
        entries.withLock { entries in
            guard let value = entries[id], value.version == version else { return nil }
            return value
        }
    }

    /// Keeps `value` unless a newer version of the case is held already.
    func remember(_ value: Case) {
        entries.withLock { entries in
            if let held = entries[value.id], held.version > value.version { return }
            if entries.count >= capacity, entries[value.id] == nil { entries.removeAll(keepingCapacity: true) }
            entries[value.id] = value
        }
    }

    /// How many cases are held.
    var count: Int { entries.withLock { $0.count } }
}
