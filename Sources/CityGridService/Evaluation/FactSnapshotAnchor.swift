import CityGridAnalytics
import CityGridStore
import Foundation

/// The anchor of a fact-table snapshot (快照锚点): a 64-bit digest of the change-log entry at the
/// snapshot's position, written in its header. At start-up the store's entry at that position is
/// read again (one indexed row) and must give the same digest: the snapshot was then taken from this
/// store's history, not from another database with a log as long (a copy, a restored backup, a
/// second demo store). Together with the checks of the replay (``SnapshotReplay``) it replaces
/// counting the store's cases, which took seconds on 10 M cases.
public enum FactSnapshotAnchor {
    /// The digest of `entry`: its sequence, kind, case, versions, user and time. Never 0 (0 is
    /// the anchor of a snapshot at position 0, before any entry).
    public static func digest(_ entry: ChangeLogEntry) -> UInt64 {
        var f = SnapshotChecksum.FNV()
        f.add(UInt64(bitPattern: entry.sequence))
        f.add(entry.kind.rawValue)
        f.add(UInt64(bitPattern: entry.caseID?.rawValue ?? -1))
        f.add(UInt64(bitPattern: Int64(entry.caseVersion ?? -1)))
        f.add(UInt64(bitPattern: entry.userID?.rawValue ?? -1))
        f.add(UInt64(bitPattern: entry.configVersion ?? -1))
        f.add(UInt64(bitPattern: Int64(entry.at.timeIntervalSince1970.rounded(.down))))
        return f.value == 0 ? 1 : f.value
    }

    /// The anchor of `position` in `store`: 0 at position 0, `nil` when the store's log has no entry
    /// there (pruned, or the store is behind).
    public static func at(_ position: Int64, in store: any CityStore) async throws -> UInt64? {
        guard position > 0 else { return 0 }
        guard let entry = try await store.changes(after: position - 1, limit: 1).first, entry.sequence == position else { return nil }
        return digest(entry)
    }
}
