import CityGridCore
import CityGridStore
import Foundation
import GRDB

/// The embedded default store: one SQLite file through GRDB, in WAL mode with `synchronous=FULL`, so
/// that every acknowledged commit survives a killed process (and a power cut).
///
/// Readers run concurrently on a `DatabasePool`; writes are serialised by SQLite's single writer.
/// New cases go through a ``GroupCommit`` so that concurrent intake shares each commit's fsync.
public final class SQLiteCityStore: CityStore {
    let pool: DatabasePool
    private let intake: GroupCommit<CaseDraft, Case>

    /// Opens (creating if needed) the database at `path` and migrates it to the current schema.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        // GRDB sets `synchronous = NORMAL` on the writer when it turns WAL on, after `prepareDatabase`;
        // the writer connection lives as long as the pool, so set FULL on it once here.
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        try Schema.migrator.migrate(pool)
        self.pool = pool
        self.intake = GroupCommit { drafts in
            try await pool.write { db in
                drafts.map { draft in
                    Result { () throws -> Case in
                        // A savepoint per case: one that fails leaves the others of the batch intact.
                        // Raw statements: GRDB's `inSavepoint` costs more than the case's own writes.
                        var begin = try RawStatement("SAVEPOINT intake", db)
                        try begin.run()
                        do {
                            let inserted = try CaseRow.insert(draft, db)
                            var release = try RawStatement("RELEASE intake", db)
                            try release.run()
                            return inserted
                        } catch {
                            var rollback = try RawStatement("ROLLBACK TO intake", db)
                            try rollback.run()
                            var release = try RawStatement("RELEASE intake", db)
                            try release.run()
                            throw error
                        }
                    }
                }
            }
        }
    }

    /// SQLite's `synchronous` setting on the writer connection: 2 (FULL) means every commit is
    /// flushed to disk before it returns.
    public func writerSynchronousMode() async throws -> Int {
        try await pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    // MARK: City

    public func replaceCity(_ city: CityModel, users: [User], components: [Component]) async throws {
        try await pool.write { db in
            for table in ["case_events", "cases", "case_number_serials", "tokens", "users", "components", "routing_rules",
                          "organisations", "grids", "regions", "meta"] {
                try db.execute(sql: "DELETE FROM \(table)")
            }
            try CityRows.writeMeta(name: city.name, catalogue: city.catalogue, calendar: city.calendar, db)
            try CityRows.writeRegions(city.regions, grids: city.grids, db)
            try CityRows.writeOrganisations(city.organisations, db)
            try CityRows.writeRoutingRules(city.routingRules, db)
            try CityRows.writeUsers(users, db)
            try CityRows.writeComponents(components, db)
        }
    }

    public func replaceGrids(_ grids: [UnitGrid], regions: [Region], force: Bool) async throws {
        try await pool.write { db in
            try CityRows.checkGridReplacement(regions: regions, force: force, db)
            if force {
                try db.execute(sql: "DELETE FROM case_events; DELETE FROM cases; DELETE FROM case_number_serials; DELETE FROM components")
            }
            try db.execute(sql: "DELETE FROM grids; DELETE FROM regions")
            try CityRows.writeRegions(regions, grids: grids, db)
        }
    }

    public func upsertOrganisations(_ organisations: [Organisation]) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM organisations WHERE code IN (\(organisations.map { _ in "?" }.joined(separator: ",")))",
                           arguments: StatementArguments(organisations.map(\.code)))
            try CityRows.writeOrganisations(organisations, db)
        }
    }

    public func replaceRoutingRules(_ rules: [RoutingRule]) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM routing_rules")
            try CityRows.writeRoutingRules(rules, db)
        }
    }

    public func replaceCatalogue(_ catalogue: Catalogue) async throws {
        try await pool.write { db in
            try CityRows.setMeta("catalogue", String(decoding: CatalogueFile(catalogue).encoded(), as: UTF8.self), db)
        }
    }

    public func replaceCalendar(_ calendar: WorkCalendar) async throws {
        try await pool.write { db in
            try CityRows.setMeta("calendar", String(decoding: try JSONEncoder().encode(calendar), as: UTF8.self), db)
        }
    }

    public func loadCity() async throws -> CityModel? {
        try await pool.read { db in try CityRows.loadCity(db) }
    }

    public func componentCount() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM components") ?? 0 }
    }

    public func component(id: String) async throws -> Component? {
        try await pool.read { db in try CityRows.components(where: "id = ?", arguments: [id], db).first }
    }

    // MARK: Users

    public func users() async throws -> [User] {
        try await pool.read { db in try CityRows.users(where: "1", arguments: [], db) }
    }

    public func user(username: String) async throws -> User? {
        try await pool.read { db in try CityRows.users(where: "username = ?", arguments: [username], db).first }
    }

    public func addUser(_ user: User) async throws -> User {
        try await pool.write { db in
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users WHERE username = ?", arguments: [user.username]) == 0 else {
                throw DomainError(.conflict, code: "username_taken", field: "username", zh: "用户名已存在：\(user.username)", en: "The username \(user.username) is taken")
            }
            var stored = user
            stored.id = (try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) + 1 FROM users")) ?? 1
            try CityRows.writeUsers([stored], db)
            return stored
        }
    }

    public func user(tokenHash: String, at now: Date) async throws -> User? {
        try await pool.read { db in
            try CityRows.users(where: "id = (SELECT user_id FROM tokens WHERE hash = ? AND (expires_at IS NULL OR expires_at > ?))",
                               arguments: [tokenHash, Int64(now.timeIntervalSince1970)], db).first
        }
    }

    public func addToken(userID: Int64, tokenHash: String, createdAt: Date, expiresAt: Date) async throws {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO tokens (hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                           arguments: [tokenHash, userID, Int64(createdAt.timeIntervalSince1970), Int64(expiresAt.timeIntervalSince1970)])
        }
    }

    public func revokeTokens(userID: Int64) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM tokens WHERE user_id = ?", arguments: [userID])
            return db.changesCount
        }
    }

    // MARK: Cases

    public func createCase(_ draft: CaseDraft) async throws -> Case {
        try await intake.submit(draft)
    }

    public func insertCases(_ drafts: [CaseDraft]) async throws -> [Case] {
        try await pool.write { db in try drafts.map { try CaseRow.insert($0, db) } }
    }

    public func caseByID(_ id: Int64) async throws -> Case? {
        try await pool.read { db in try CaseRow.fetch(id: id, db) }
    }

    public func cases(_ query: CaseQuery) async throws -> CasePage {
        try await pool.read { db in try CaseListing.page(query, db) }
    }

    public func events(caseID: Int64) async throws -> [CaseEvent] {
        try await pool.read { db in
            let statement = try db.cachedStatement(sql: """
                SELECT case_id, seq, actor_id, role, action, at, from_state, to_state, note
                FROM case_events WHERE case_id = ? ORDER BY seq
                """)
            return try Row.fetchAll(statement, arguments: [caseID]).map(CaseRow.decodeEvent)
        }
    }

    public func caseCount() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cases") ?? 0 }
    }

    public func transition(caseID: Int64, expectedVersion: Int?,
                           _ step: @Sendable (Case) throws(DomainError) -> (Case, CaseEvent)) async throws -> Case {
        try await pool.write { db in
            guard let current = try CaseRow.fetch(id: caseID, db) else {
                throw DomainError.notFound("case", String(caseID), field: "id")
            }
            if let expectedVersion, expectedVersion != current.version {
                throw DomainError(.conflict, code: "version_conflict", field: "expected_version",
                                  zh: "案件已被他人修改（当前版本 \(current.version)），请刷新后重试",
                                  en: "The case changed meanwhile (now version \(current.version)); reload and retry")
            }
            let (next, event) = try step(current)
            guard try CaseRow.update(next, previousVersion: current.version, db) else {
                throw DomainError(.conflict, code: "version_conflict", zh: "案件已被他人修改", en: "The case changed meanwhile")
            }
            try CaseRow.insertEvent(event, db)
            return next
        }
    }

    public func forEachCase(_ body: (Case) throws -> Void) throws {
        try pool.read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT \(CaseRow.columns) FROM cases ORDER BY id")
            while let row = try rows.next() {
                try body(try CaseRow.decode(row))
            }
        }
    }

    public func departmentSummary(reportedFrom from: Date, to: Date) async throws -> [DepartmentMonthRow] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT COALESCE(department_code, ''), COUNT(*), COUNT(filed_at), COUNT(closed_at),
                       SUM(closed_at IS NOT NULL AND disposed_at IS NOT NULL AND deadline_at IS NOT NULL AND disposed_at <= deadline_at)
                FROM cases WHERE reported_at >= ? AND reported_at < ?
                GROUP BY 1 ORDER BY 1
                """, arguments: [Int64(from.timeIntervalSince1970), Int64(to.timeIntervalSince1970)]).map {
                DepartmentMonthRow(departmentCode: $0[0], reported: $0[1], filed: $0[2], closed: $0[3], closedOnTime: $0[4])
            }
        }
    }
}
