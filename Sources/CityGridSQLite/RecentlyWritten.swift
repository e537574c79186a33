import CityGridCore
import CityGridStore
import Synchronization

/// The cases this store wrote most recently, as written (最近写入的案件): the base a step is
/// computed on outside the writer.
///
/// A step on a case found here is computed by the caller and handed to the writer with the version
/// it was computed on; the writer writes it only if the stored case is still at that version. An
/// entry can be stale (another process wrote the case, or it was deleted): the write then finds
/// another version, writes nothing, and the step is run again against the stored case inside the
/// writer. So an entry never decides anything alone, and a refusal always comes from the stored case.
///
/// Each entry carries the configuration version its write committed under. Cases are deleted (and
/// their ids may be reused) only together with a configuration change (a replaced city, grids
/// replaced by force), so the writer accepts a prepared step only under the same configuration
/// version: an entry from before a deletion can never be written over a new case with its id.
///
/// Bounded: past ``capacity`` cases the one remembered first is dropped (a ring of ids, so that
/// dropping costs the same however full the table is).
final class RecentlyWritten: Sendable {
    /// A case as written, and the configuration version of the transaction that wrote it.
    struct Entry: Sendable {
        var value: Case
        var configuration: Int64
    }

    private struct Table {
        var entries: [CaseID: Entry] = [:]
        /// The ids in the order they were first remembered; `next` is where the next new one goes
        /// (and the oldest is, once the ring is full).
        var ring: [CaseID] = []
        var next = 0
    }

    private let table = Mutex(Table())
    let capacity: Int

    init(capacity: Int = 8192) {
        self.capacity = max(1, capacity)
    }

    subscript(id: CaseID) -> Entry? { table.withLock { $0.entries[id] } }

    /// Remembers `written`, just committed under configuration version `configuration`, in their
    /// stored form (``StoredCase``: what the row reads back), replacing older versions of the same
    /// cases (a newer one already remembered, by a step that committed later, stays).
    func remember(_ written: [Case], configuration: Int64) {
        guard !written.isEmpty else { return }
        let stored = written.map(StoredCase.of)
        table.withLock { table in
            for value in stored {
                let entry = Entry(value: value, configuration: configuration)
                if let known = table.entries[value.id] {
                    if (known.configuration, known.value.version) <= (configuration, value.version) { table.entries[value.id] = entry }
                    continue
                }
                if table.ring.count < capacity {
                    table.ring.append(value.id)
                } else {
                    table.entries.removeValue(forKey: table.ring[table.next])
                    table.ring[table.next] = value.id
                }
                table.next = (table.next + 1) % capacity
                table.entries[value.id] = entry
            }
        }
    }

    /// How many cases are remembered.
    var count: Int { table.withLock { $0.entries.count } }
}
