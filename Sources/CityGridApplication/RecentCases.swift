import CityGridCore
import Synchronization

/// Cases recently read (最近读取的案件), by id, so that reading a case again needs no trip to the
/// store. An entry is only ever handed out for the version the caller names — the version the live
/// fact table holds for the case (see ``CityApplication/caseView(_:for:at:)``) — so the cache itself
/// decides nothing about freshness: the fact table does, and it learns of this process's writes
/// before they are acknowledged (``CaseChanges``) and of other processes' through the change follower.
///
/// Each entry also keeps the actions last offered on that version (``Offered``): the workflow
/// machine's offers are a pure function of the case, the caller's roles, the configuration and the
/// time in whole seconds (``WorkflowMachine/offers(on:by:at:)`` rounds it down), so the same caller
/// reading the same version within the same second under the same configuration is offered the same.
///
/// Bounded: at most ``capacity`` entries; when full, it is emptied (one O(n) sweep per `capacity`
/// insertions, cheaper per request than keeping an eviction order, and rare: a hot set that fits
/// stays).
final class RecentCases: Sendable {
    /// The actions offered on one version of a case, and for what they were computed.
    struct Offered: Sendable {
        var caller: Caller
        var configuration: Int64
        /// Whole seconds since 1970 (the resolution of the machine's guards).
        var second: Int64
        var offers: [ActionOffer]
    }

    private struct Entry {
        var value: Case
        var offered: Offered?
    }

    private let entries: Mutex<[CaseID: Entry]>
    /// Entries kept at most.
    let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
        entries = Mutex([:])
    }

    /// The case `id` if it is held at exactly `version`.
    func value(of id: CaseID, version: Int) -> Case? {
        entries.withLock { entries in
            guard let entry = entries[id], entry.value.version == version else { return nil }
            return entry.value
        }
    }

    /// Keeps `value` unless the same or a newer version of the case is held already.
    func remember(_ value: Case) {
        entries.withLock { entries in
            if let held = entries[value.id], held.value.version >= value.version { return }
            if entries.count >= capacity, entries[value.id] == nil { entries.removeAll(keepingCapacity: true) }
            entries[value.id] = Entry(value: value, offered: nil)
        }
    }

    /// The actions offered on case `id` at `version` to exactly `caller`, under `configuration`, in `second`.
    func offers(of id: CaseID, version: Int, to caller: Caller, configuration: Int64, second: Int64) -> [ActionOffer]? {
        entries.withLock { entries in
            guard let entry = entries[id], entry.value.version == version, let offered = entry.offered,
                  offered.second == second, offered.configuration == configuration, offered.caller == caller else { return nil }
            return offered.offers
        }
    }

    /// Keeps the actions offered on case `id` at `version` (when that version is held).
    func remember(_ offered: Offered, of id: CaseID, version: Int) {
        entries.withLock { entries in
            guard entries[id]?.value.version == version else { return }
            entries[id]?.offered = offered
        }
    }

    /// How many cases are held.
    var count: Int { entries.withLock { $0.count } }
}
