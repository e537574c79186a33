import CityGridCore
import CityGridStore
import Foundation
import GRDB

/// Writing and reading the `change_log` table (变更日志): one row per durable change, appended by the
/// writer inside the change's own transaction.
///
/// **Why the sequence follows commit order here.** The number is SQLite's rowid, assigned when the
/// row is inserted, inside the write transaction. SQLite has a single writer: while one transaction
/// holds the write lock, no other can write, so no other can take a number and no other can commit.
/// Numbers are therefore handed out in the order the transactions commit, and a transaction that
/// rolls back gives its number back (AUTOINCREMENT aside) without anyone having seen it. A reader in
/// WAL mode sees a committed prefix of the log: when it sees entry N it sees every entry below N.
/// A follower that remembers the last number it read and asks for the ones after it can never skip a
/// change that "commits late", the classic trap of outbox tables whose numbers come from a sequence.
///
/// **What PostgreSQL will need.** There, many transactions write at once and a `SEQUENCE` (or
/// `IDENTITY`) hands out numbers at `nextval()`, not at commit: A takes 5, B takes 6, B commits, a
/// follower reads 6 and moves its cursor past 5, then A commits and 5 is never read. A PostgreSQL
/// store must either take the number from a single-row counter updated in the transaction
/// (`UPDATE change_counter SET seq = seq + 1 RETURNING seq`: the row lock serialises the writers
/// of the log until commit, so numbers follow commit order, at the cost of one hot row), or number the
/// entries after commit in commit order (a single numbering process that assigns sequence numbers
/// only to entries whose transaction ids are older than the snapshot's `xmin`,
/// `pg_snapshot_xmin(pg_current_snapshot())`, so that no transaction still running can commit
/// an entry below a number already read).
enum ChangeLog {
    private static let insertSQL = "INSERT INTO change_log (kind, case_id, case_version, user_id, config_version, at) VALUES (?, ?, ?, ?, ?, ?)"

    /// Appends one entry in the current transaction (a raw statement: it runs once per case on the
    /// intake path).
    static func append(_ kind: ChangeLogEntry.Kind, caseID: CaseID? = nil, caseVersion: Int? = nil, userID: UserID? = nil, configVersion: Int64? = nil,
                       at: Date = Date(), _ db: Database) throws {
        var s = try RawStatement(insertSQL, db)
        try s.bind(kind.rawValue); try s.bind(caseID); try s.bind(caseVersion); try s.bind(userID?.rawValue); try s.bind(configVersion)
        try s.bind(Int64(at.timeIntervalSince1970.rounded(.down)))
        try s.run()
    }

    /// Raises the configuration version by one and appends the configuration entry, in the current
    /// transaction; returns the new version.
    @discardableResult
    static func configurationChanged(_ kind: ChangeLogEntry.Kind, _ db: Database) throws -> Int64 {
        precondition(kind.isConfiguration)
        var bump = try RawStatement("UPDATE configuration_version SET version = version + 1 WHERE id = 1 RETURNING version", db)
        let version = try bump.runReturningInt()
        try append(kind, configVersion: version, db)
        return version
    }

    static func configurationVersion(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT version FROM configuration_version WHERE id = 1") ?? 0
    }

    static func last(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM change_log") ?? 0
    }

    static func entries(after sequence: Int64, limit: Int, _ db: Database) throws -> [ChangeLogEntry] {
        try Row.fetchAll(db, sql: """
            SELECT seq, kind, case_id, case_version, user_id, config_version, at FROM change_log WHERE seq > ? ORDER BY seq LIMIT ?
            """, arguments: [sequence, max(0, limit)]).map { row in
            guard let kind = ChangeLogEntry.Kind(rawValue: row["kind"]) else {
                throw DatabaseError(message: "unknown change log kind \(row["kind"] as String) at \(row["seq"] as Int64)")
            }
            return ChangeLogEntry(sequence: row["seq"], kind: kind, caseID: row["case_id"], caseVersion: row["case_version"], userID: row["user_id"],
                                  configVersion: row["config_version"], at: Date(timeIntervalSince1970: TimeInterval(row["at"] as Int64)))
        }
    }
}
