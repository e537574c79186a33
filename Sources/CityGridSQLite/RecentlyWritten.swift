import CityGridCore
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
/// Bounded: past ``capacity`` entries an arbitrary one is dropped.
final class RecentlyWritten: Sendable {
    /// A case as written, and the configuration version of the transaction that wrote it.
    struct Entry: Sendable {
        var value: Case
        var configuration: Int64
    }

    private let cases = Mutex<[CaseID: Entry]>([:])
    let capacity: Int

    init(capacity: Int = 8192) {
        self.capacity = max(1, capacity)
    }

    subscript(id: CaseID) -> Entry? { cases.withLock { $0[id] } }

    /// Remembers `written`, just committed under configuration version `configuration`, replacing
    /// older versions of the same cases.
    func remember(_ written: [Case], configuration: Int64) {
        guard !written.isEmpty else { return }
        cases.withLock { cases in
            for value in written {
                if cases[value.id] == nil, cases.count >= capacity { cases.remove(at: cases.startIndex) }
                cases[value.id] = Entry(value: value, configuration: configuration)
            }
        }
    }

    /// Forgets everything (cases were deleted or replaced in bulk).
    func forgetAll() {
        cases.withLock { $0.removeAll(keepingCapacity: true) }
    }

    var count: Int { cases.withLock { $0.count } }
}
