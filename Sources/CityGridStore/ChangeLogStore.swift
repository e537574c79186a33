/// The store's record of changes (变更日志), read by cursor: how the processes sharing one store
/// learn of each other's writes (caller caches, configuration reloads, the fact table).
///
/// Contract:
/// - Every durable change (a case reported, a step, the clock's alerts, a configuration or identity
///   change) appends its entry in its own transaction; a refused or failed write appends none.
/// - Sequence numbers are 1, 2, 3… in commit order, with no gap a follower could wait for; entries
///   become visible in sequence order.
/// - Case entries carry the case's id and version after the change; configuration entries the new
///   configuration version; identity entries the user's id.
public protocol ChangeLogStore: Sendable {
    /// The change log's entries after `sequence`, oldest first, at most `limit` (none for a limit
    /// of 0 or less). A follower that has read up to `sequence` and asks again never misses one
    /// that committed late.
    ///
    /// Every backend must number entries in commit order: SQLite does by its single writer (the
    /// number is taken inside the write transaction); PostgreSQL, with concurrent writers and
    /// sequences handed out before commit, needs a single-row counter updated in the transaction or a
    /// numbering done after commit (see `ChangeLog` in CityGridSQLite).
    func changes(after sequence: Int64, limit: Int) async throws -> [ChangeLogEntry]

    /// The sequence number of the newest entry (0 when the log is empty).
    func lastChangeSequence() async throws -> Int64
}
