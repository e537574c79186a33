import CityGridCore
import CityGridGeometry
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
    /// Each new case with the configuration version it was written under.
    private let intake: GroupCommit<CaseDraft, (Case, Int64)>
    private let steps: GroupCommit<StepRequest, StepWrite>
    /// The cases written last, the base of steps computed outside the writer.
    private let recent = RecentlyWritten()

    /// How many intake commits of each batch size were written since the store was opened (size → commits).
    public var intakeBatchSizes: [Int: Int] { intake.batchSizeCounts }
    /// How many step commits of each batch size were written since the store was opened (size → commits).
    public var stepBatchSizes: [Int: Int] { steps.batchSizeCounts }

    /// One workflow step waiting for the writer.
    enum StepRequest: Sendable {
        /// The outcome computed outside the writer on the case at `previousVersion`, written under
        /// configuration version `configuration` (see ``RecentlyWritten``): written only if both are
        /// still current.
        case prepared(StepOutcome, previousVersion: Int, configuration: Int64)
        /// The step computed inside the writer on the stored case.
        case inWriter(caseID: CaseID, expectedVersion: Int?, step: @Sendable (Case) throws(DomainError) -> StepOutcome)
    }

    /// What the writer did with a ``StepRequest``.
    enum StepWrite: Sendable {
        /// Written, in a transaction under configuration version `configuration`.
        case written(StepResult, configuration: Int64)
        /// A prepared step's case moved after the version it was computed on: nothing was written.
        case moved
    }

    /// How many pages the write-ahead log may hold before a commit copies them into the database
    /// (SQLite's automatic checkpoint, run by the committing writer). SQLite's default, 1,000 (4 MB),
    /// made every sixteenth step commit at 64 actors copy and flush the log, and those stalls were
    /// the tail of a step's latency; at 20,000 (80 MB) a checkpoint comes about twenty times less
    /// often, a page written many times in between is copied once, and the p99 of a step at 64
    /// actors fell by 1-3.7 ms (alternated runs, BENCHMARKS.md). The cost: a log of up to 80 MB,
    /// longer (rarer) checkpoints, and as much log to read back after a crash.
    static let checkpointPages = 20_000

    /// Opens (creating if needed) the database at `path` and migrates it to the current schema.
    /// `maxWaiting` bounds each group commit's queue: past it a write is refused at once (503).
    /// `busyTimeout` is how long an access waits for another connection's lock before it fails
    /// with ``StoreFailure/busy()`` (503).
    public init(path: String, maxWaiting: Int = 16_384, busyTimeout: TimeInterval = 10) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        // GRDB sets `synchronous = NORMAL` on the writer when it turns WAL on, after `prepareDatabase`;
        // the writer connection lives as long as the pool, so set FULL on it once here.
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = \(Self.checkpointPages)")
        }
        try Schema.migrator.migrate(pool)
        self.pool = pool
        // The group commits' writers run on their own threads, where a synchronous write is right.
        self.intake = GroupCommit(maxWaiting: maxWaiting) { drafts in
            try SQLiteFailure.mapped {
                try pool.write { db in
                    let configuration = try ChangeLog.configurationVersion(db)
                    return try Self.batch(drafts, db) { (try Self.insertLogged($0, db), configuration) }
                }
            }
        }
        self.steps = GroupCommit(maxWaiting: maxWaiting) { requests in
            try SQLiteFailure.mapped {
                try pool.write { db in
                    let configuration = try ChangeLog.configurationVersion(db)
                    let leaders = LeadersByRegion()
                    return try Self.batch(requests, db) { try Self.runStep($0, configuration: configuration, leaders: leaders, db) }
                }
            }
        }
    }

    /// Runs `body` in a write transaction, its failures mapped (``SQLiteFailure``): every write
    /// entry point goes through here or through a group commit.
    func writeTransaction<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        try await SQLiteFailure.mapped { try await pool.write(body) }
    }

    /// Runs `body` in a read transaction (a snapshot), its failures mapped (``SQLiteFailure``).
    func readSnapshot<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        try await SQLiteFailure.mapped { try await pool.read(body) }
    }

    /// A failure that leaves the transaction unusable (an I/O error, a full disk, a broken
    /// constraint): the whole batch fails and nothing of it is committed.
    private struct BatchAbort: Error { var underlying: any Error }

    /// Runs each item of a group commit in its own savepoint. An item refused by a domain rule is
    /// rolled back alone and the others go on; any other error aborts the whole transaction.
    private static func batch<Item, Output>(_ items: [Item], _ db: Database, _ body: (Item) throws -> Output) throws -> [Result<Output, any Error>] {
        var results: [Result<Output, any Error>] = []
        results.reserveCapacity(items.count)
        for item in items {
            do {
                results.append(.success(try inSavepoint(db) { try body(item) }))
            } catch let abort as BatchAbort {
                throw abort.underlying
            } catch {
                results.append(.failure(error))
            }
        }
        return results
    }

    /// Runs `body` in a savepoint. Raw statements: GRDB's `inSavepoint` costs more than an item's
    /// own writes.
    private static func inSavepoint<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        var begin = try RawStatement("SAVEPOINT item", db)
        try begin.run()
        do {
            let value = try body()
            var release = try RawStatement("RELEASE item", db)
            try release.run()
            return value
        } catch let error as DomainError {
            var rollback = try RawStatement("ROLLBACK TO item", db)
            try rollback.run()
            var release = try RawStatement("RELEASE item", db)
            try release.run()
            throw error
        } catch {
            throw BatchAbort(underlying: error)
        }
    }

    /// Inserts a new case and its change log entry.
    /// A draft whose client and request key made a case already answers that case, writing nothing.
    private static func insertLogged(_ draft: CaseDraft, _ db: Database) throws -> Case {
        if let origin = draft.origin, let key = origin.requestKey, let made = try OriginRow.caseID(client: origin.client, requestKey: key, db) {
            guard let value = try CaseRow.fetch(id: made, db) else { throw DatabaseError(message: "case_origins names a missing case \(made)") }
            return value
        }
        let value = try CaseRow.insert(draft, db)
        if let origin = draft.origin { try OriginRow.insert(origin, caseID: value.id, db) }
        try ChangeLog.append(.caseReported, caseID: value.id, caseVersion: value.version, db)
        return value
    }

    /// Runs a step in the writer's transaction, whose configuration version is `configuration`.
    private static func runStep(_ request: StepRequest, configuration: Int64, leaders: LeadersByRegion, _ db: Database) throws -> StepWrite {
        switch request {
        case .prepared(let outcome, let previousVersion, let base):
            guard base == configuration,
                  let result = try writeStep(outcome, overVersion: previousVersion, as: .caseStepped, leaders: leaders, db) else { return .moved }
            return .written(result, configuration: configuration)
        case .inWriter(let caseID, let expectedVersion, let step):
            guard let current = try CaseRow.fetch(id: caseID, db) else {
                throw DomainError.notFound("case", caseID.description, field: "id")
            }
            if let expectedVersion, expectedVersion != current.version {
                throw StoreFailure.staleVersion(current: current.version)
            }
            guard let result = try writeStep(try step(current), overVersion: current.version, as: .caseStepped, leaders: leaders, db) else {
                throw StoreFailure.caseMoved()  // read in this transaction: cannot happen
            }
            return .written(result, configuration: configuration)
        }
    }

    /// SQLite's `synchronous` setting on the writer connection: 2 (FULL) means every commit is
    /// flushed to disk before it returns.
    public func writerSynchronousMode() async throws -> Int {
        try await pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// Copies the whole write-ahead log into the database and empties it (a `TRUNCATE` checkpoint:
    /// it waits for the writer and for readers of older snapshots).
    public func checkpoint() async throws {
        try await SQLiteFailure.mapped { try await pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) } }
    }

    /// The writer connection's automatic checkpoint, in pages of write-ahead log (``checkpointPages``).
    func writerCheckpointPages() async throws -> Int {
        try await pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") ?? -1 }
    }

    // MARK: City

    public func replaceCity(_ city: CityModel, users: [User], components: [Component]) async throws {
        try await writeTransaction { db in
            // Everything of the old city's cases and people goes with them (a report's origin and a
            // citizen's contact would otherwise attach to the new city's case or account of the same
            // id); outside clients' keys, the rewards catalogue, the audit log and the change log stay.
            for table in ["notice_outbox", "notices", "notice_preferences", "media", "case_events", "case_origins", "cases", "case_number_serials",
                          "points_entries", "points_balances", "delegations", "one_time_codes", "citizen_contacts",
                          "tokens", "passwords", "users", "components", "routing_rules", "organisations", "grids", "regions", "meta"] {
                try db.execute(sql: "DELETE FROM \(table)")
            }
            try CityRows.writeMeta(name: city.name, catalogue: city.catalogue, calendar: city.calendar, db)
            try CityRows.writeRegions(city.regions, grids: city.grids, db)
            try CityRows.writeOrganisations(city.organisations, db)
            try CityRows.writeRoutingRules(city.routingRules, db)
            try CityRows.writeUsers(users, db)
            try CityRows.writeComponents(components, db)
            try ChangeLog.configurationChanged(.cityReplaced, db)
        }
    }

    public func replaceGrids(_ grids: [UnitGrid], regions: [Region], force: Bool) async throws {
        try await writeTransaction { db in
            try CityRows.checkGridReplacement(grids: grids, regions: regions, force: force, db)
            if force {
                try NoticeRows.deleteCaseNotices(db)
                try db.execute(sql: "DELETE FROM case_events; DELETE FROM case_origins; DELETE FROM cases; DELETE FROM case_number_serials; DELETE FROM components")
            }
            try db.execute(sql: "DELETE FROM grids; DELETE FROM regions")
            try CityRows.writeRegions(regions, grids: grids, db)
            try ChangeLog.configurationChanged(.gridsReplaced, db)
        }
    }

    public func upsertOrganisations(_ organisations: [Organisation]) async throws {
        try await writeTransaction { db in
            try db.execute(sql: "DELETE FROM organisations WHERE code IN (\(organisations.map { _ in "?" }.joined(separator: ",")))",
                           arguments: StatementArguments(organisations.map(\.code)))
            try CityRows.writeOrganisations(organisations, db)
            try ChangeLog.configurationChanged(.organisationsChanged, db)
        }
    }

    public func replaceRoutingRules(_ rules: [RoutingRule]) async throws {
        try await writeTransaction { db in
            try db.execute(sql: "DELETE FROM routing_rules")
            try CityRows.writeRoutingRules(rules, db)
            try ChangeLog.configurationChanged(.routingReplaced, db)
        }
    }

    public func replaceCatalogue(_ catalogue: Catalogue) async throws {
        try await writeTransaction { db in
            try CityRows.setMeta("catalogue", String(decoding: CatalogueFile(catalogue).encoded(), as: UTF8.self), db)
            try ChangeLog.configurationChanged(.catalogueReplaced, db)
        }
    }

    public func replaceCalendar(_ calendar: WorkCalendar) async throws {
        try await writeTransaction { db in
            try CityRows.setMeta("calendar", String(decoding: try JSONEncoder().encode(calendar), as: UTF8.self), db)
            try ChangeLog.configurationChanged(.calendarReplaced, db)
        }
    }

    public func loadCity() async throws -> CityModel? {
        // One read transaction: the version is the one of the configuration read.
        try await readSnapshot { db in
            var city = try CityRows.loadCity(db)
            city?.configurationVersion = try ChangeLog.configurationVersion(db)
            return city
        }
    }

    public func componentCount() async throws -> Int {
        try await readSnapshot { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM components") ?? 0 }
    }

    public func component(id: String) async throws -> Component? {
        try await readSnapshot { db in try CityRows.components(where: "id = ?", arguments: [id], db).first }
    }

    // MARK: Users

    public func users() async throws -> [User] {
        try await readSnapshot { db in try CityRows.users(where: "1", arguments: [], db) }
    }

    public func user(username: String) async throws -> User? {
        try await readSnapshot { db in try CityRows.users(where: "username = ?", arguments: [username], db).first }
    }

    public func addUser(_ user: NewUser) async throws -> User {
        try await writeTransaction { db in
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users WHERE username = ?", arguments: [user.username]) == 0 else {
                throw DomainError(.conflict, code: "username_taken", field: "username", zh: "用户名已存在：\(user.username)", en: "The username \(user.username) is taken")
            }
            let stored = User(user, id: UserID((try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) + 1 FROM users")) ?? 1))
            try CityRows.writeUsers([stored], db)
            try ChangeLog.append(.userChanged, userID: stored.id, db)
            return stored
        }
    }

    public func user(tokenHash: String, at now: Date) async throws -> User? {
        try await readSnapshot { db in
            try CityRows.users(where: "id = (SELECT user_id FROM tokens WHERE hash = ? AND (expires_at IS NULL OR expires_at > ?))",
                               arguments: [tokenHash, Int64(now.timeIntervalSince1970)], db).first
        }
    }

    public func addToken(userID: UserID, tokenHash: String, createdAt: Date, expiresAt: Date) async throws {
        try await writeTransaction { db in
            try db.execute(sql: "INSERT INTO tokens (hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                           arguments: [tokenHash, userID, Int64(createdAt.timeIntervalSince1970), Int64(expiresAt.timeIntervalSince1970)])
            try ChangeLog.append(.tokenAdded, userID: userID, db)
        }
    }

    public func revokeTokens(userID: UserID) async throws -> Int {
        try await writeTransaction { db in
            try db.execute(sql: "DELETE FROM tokens WHERE user_id = ?", arguments: [userID])
            let revoked = db.changesCount
            try ChangeLog.append(.tokensRevoked, userID: userID, db)
            return revoked
        }
    }

    public func revokeToken(hash: String) async throws -> Bool {
        try await writeTransaction { db in
            guard let userID = try Int64.fetchOne(db, sql: "DELETE FROM tokens WHERE hash = ? RETURNING user_id", arguments: [hash]) else { return false }
            try ChangeLog.append(.tokensRevoked, userID: UserID(userID), db)
            return true
        }
    }

    public func credential(username: String) async throws -> PasswordCredential? {
        try await readSnapshot { db in
            guard let user = try CityRows.users(where: "username = ?", arguments: [username], db).first else { return nil }
            let row = try Row.fetchOne(db, sql: "SELECT hash, failures, last_failure_at FROM passwords WHERE user_id = ?", arguments: [user.id])
            return PasswordCredential(user: user, passwordHash: row?["hash"], failedAttempts: row?["failures"] ?? 0,
                                      lastFailureAt: CaseRow.date(row?["last_failure_at"]))
        }
    }

    public func setPasswordHashes(_ hashes: [UserID: String]) async throws {
        try await writeTransaction { db in
            let known = Set(try Int64.fetchAll(db, sql: "SELECT id FROM users"))
            if let missing = hashes.keys.sorted().first(where: { !known.contains($0.rawValue) }) {
                throw DomainError.notFound("user", missing.description, field: "username")
            }
            let statement = try db.makeStatement(sql: """
                INSERT INTO passwords (user_id, hash, failures, last_failure_at) VALUES (?, ?, 0, NULL)
                ON CONFLICT(user_id) DO UPDATE SET hash = excluded.hash, failures = 0, last_failure_at = NULL
                """)
            for (id, hash) in hashes.sorted(by: { $0.key < $1.key }) {
                try statement.execute(arguments: [id, hash])
                try ChangeLog.append(.userChanged, userID: id, db)
            }
        }
    }

    public func recordSignIn(userID: UserID, succeeded: Bool, at: Date) async throws {
        try await writeTransaction { db in
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users WHERE id = ?", arguments: [userID]) == 1 else { return }
            if succeeded {
                try db.execute(sql: "UPDATE passwords SET failures = 0, last_failure_at = NULL WHERE user_id = ?", arguments: [userID])
            } else {
                try db.execute(sql: """
                    INSERT INTO passwords (user_id, hash, failures, last_failure_at) VALUES (?, NULL, 1, ?)
                    ON CONFLICT(user_id) DO UPDATE SET failures = failures + 1, last_failure_at = excluded.last_failure_at
                    """, arguments: [userID, CaseRow.seconds(at)])
            }
        }
    }

    // MARK: Cases

    public func createCase(_ draft: CaseDraft) async throws -> Case {
        let (value, configuration) = try await intake.submit(draft)
        recent.remember([value], configuration: configuration)
        return value
    }

    public func insertCases(_ drafts: [CaseDraft]) async throws -> [Case] {
        try await writeTransaction { db in
            var written: [Case] = []
            written.reserveCapacity(drafts.count)
            for var draft in drafts {
                if let link = draft.link {
                    guard let previous = written.last else {
                        throw DomainError(.invalid, code: "dangling_link", zh: "批量写入的第一个案件不能链接前一个", en: "The first draft of a batch cannot link to a previous one")
                    }
                    switch link {
                    case .mergedIntoPrevious: draft.value.parentCaseID = previous.id; draft.value.likelyDuplicateOf = previous.id
                    case .reopensPrevious: draft.value.reopenedFromID = previous.id
                    }
                }
                written.append(try Self.insertLogged(draft, db))
            }
            return written
        }
    }

    public func caseByID(_ id: CaseID) async throws -> Case? {
        try await readSnapshot { db in try CaseRow.fetch(id: id, db) }
    }

    public func cases(_ query: CaseQuery) async throws -> CasePage {
        try await readSnapshot { db in try CaseListing.page(query, db) }
    }

    public func events(caseID: CaseID) async throws -> [CaseEvent] {
        try await readSnapshot { db in
            try CaseRow.events(caseID: caseID, db)
        }
    }

    public func events(caseIDs: [CaseID]) async throws -> [CaseID: [CaseEvent]] {
        guard !caseIDs.isEmpty else { return [:] }
        return try await readSnapshot { db in
            var found: [CaseID: [CaseEvent]] = [:]
            for id in caseIDs {
                let events = try CaseRow.events(caseID: id, db)
                if !events.isEmpty { found[id] = events }
            }
            return found
        }
    }

    public func caseCount() async throws -> Int {
        try await readSnapshot { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cases") ?? 0 }
    }

    /// A step. On a case this store wrote recently (``RecentlyWritten``) the step is computed here,
    /// outside the writer, and the writer only writes it if the case has not moved since: the
    /// writer, which every step of every caller waits for, then neither reads the case nor runs the
    /// workflow (about half of its work for a step). Otherwise, or
    /// when the case moved, or when the step refuses the remembered case, the step is computed in
    /// the writer on the stored case, which alone decides refusals.
    public func transition(caseID: CaseID, expectedVersion: Int?,
                           _ step: @Sendable @escaping (Case) throws(DomainError) -> StepOutcome) async throws -> StepResult {
        if let base = recent[caseID], expectedVersion == nil || expectedVersion == base.value.version,
           let outcome = try? step(base.value),
           case .written(let result, let configuration) = try await steps.submit(
               .prepared(outcome, previousVersion: base.value.version, configuration: base.configuration)) {
            recent.remember([result.value] + result.spawned, configuration: configuration)
            return result
        }
        guard case .written(let result, let configuration) = try await steps.submit(
            .inWriter(caseID: caseID, expectedVersion: expectedVersion, step: step)) else {
            throw StoreFailure.caseMoved()
        }
        recent.remember([result.value] + result.spawned, configuration: configuration)
        return result
    }

    public func transitionMany(caseIDs: [CaseID], _ step: @Sendable (Case) -> StepOutcome?) async throws -> Int {
        try await writeTransaction { db in
            var changed = 0
            let leaders = LeadersByRegion()
            for id in caseIDs {
                guard let current = try CaseRow.fetch(id: id, db) else { continue }
                guard let outcome = step(current) else {
                    // Nothing the clock can raise (the definition refuses it): stop looking at the case
                    // until its next step sets a new mark, so that scans do not grow.
                    try db.execute(sql: "UPDATE cases SET next_alert_at = NULL WHERE id = ?", arguments: [id])
                    continue
                }
                guard try Self.writeStep(outcome, overVersion: current.version, as: .caseAlerted, leaders: leaders, db) != nil else {
                    throw StoreFailure.caseMoved()  // read in this transaction: cannot happen
                }
                changed += 1
            }
            return changed
        }
    }

    /// Writes a step's case, event and follow-ups if the case is still at `previousVersion`; nil,
    /// having written nothing, when it moved meanwhile. The case is written first, so that a moved
    /// case leaves nothing to undo.
    private static func writeStep(_ outcome: StepOutcome, overVersion previousVersion: Int, as kind: ChangeLogEntry.Kind,
                                  leaders: LeadersByRegion, _ db: Database) throws -> StepResult? {
        guard try CaseRow.update(outcome.next, previousVersion: previousVersion, db) else { return nil }
        var spawned: [Case] = []
        for followUp in outcome.followUps {
            switch followUp {
            case .requireOpenParent(let parentID, let child, let category, let openStates, let jurisdiction):
                try MergeRule.check(parent: try CaseRow.fetch(id: parentID, db), parentID: parentID, category: category, openStates: openStates,
                                    jurisdiction: jurisdiction, childDuplicates: try CaseRow.childCount(of: child, db))
            case .spawn(let draft):
                spawned.append(try insertLogged(draft, db))
            case .notifyLeaders(let caseID, let region, let message):
                let users = try leaders.of(region, db)
                try notify(.caseEscalated, NotificationRecipients.escalation(of: caseID, region: region, among: users), message, at: outcome.event.at, db)
            case .notifyReporter(let caseID, let reporterID, let message):
                try notify(.caseClosed, [NotificationRecipients.Recipient(userID: reporterID, caseID: caseID)], message, at: outcome.event.at, db)
            case .notifyMergedReporters(let caseID, let message):
                try notify(.mergedEnded, NotificationRecipients.mergedReporters(of: try CaseRow.children(of: caseID, db)), message, at: outcome.event.at, db)
            }
        }
        try CaseRow.insertEvent(outcome.event, db)
        try ChangeLog.append(kind, caseID: outcome.next.id, caseVersion: outcome.next.version, db)
        return StepResult(value: outcome.next, spawned: spawned)
    }

    /// The leaders of each region (who escalations are sent to), read once per transaction: users
    /// cannot change inside it, and a clock scan escalates thousands of cases in a few regions.
    private final class LeadersByRegion {
        private var found: [RegionCode?: [User]] = [:]

        func of(_ region: RegionCode?, _ db: Database) throws -> [User] {
            if let users = found[region] { return users }
            let users = try CityRows.users(role: NotificationRecipients.escalationRole, jurisdiction: region, db)
            found[region] = users
            return users
        }
    }

    /// Writes one notice of `kind` per recipient, with its outbox rows (``NoticeRows``).
    private static func notify(_ kind: NoticeKind, _ recipients: [NotificationRecipients.Recipient], _ message: LocalizedText, at: Date, _ db: Database) throws {
        guard !recipients.isEmpty else { return }
        _ = try NoticeRows.insert(NoticeRules.notices(of: kind, message: message, recipients: recipients, forReporter: kind != .caseEscalated, at: at), db)
    }

    public func casesDueForAlert(at now: Date, limit: Int) async throws -> [CaseID] {
        try await readSnapshot { db in
            try CaseID.fetchAll(db, sql: "SELECT id FROM cases WHERE next_alert_at <= ? ORDER BY next_alert_at LIMIT ?",
                               arguments: [CaseRow.seconds(now), limit])
        }
    }

    public func mergedChildren(of caseID: CaseID) async throws -> [Case] {
        try await readSnapshot { db in
            try CaseRow.children(of: caseID, db)
        }
    }

    public func notifications(userID: UserID, limit: Int) async throws -> [CaseNotification] {
        try await notices(for: .user(userID), before: nil, limit: limit).compactMap(CaseNotification.init(notice:))
    }

    public func replaceWorkflow(json: String, states: Set<CaseState>) async throws {
        try await writeTransaction { db in
            let used = try String.fetchAll(db, sql: "SELECT DISTINCT state FROM cases UNION SELECT DISTINCT state_before_merge FROM cases WHERE state_before_merge IS NOT NULL")
            try WorkflowReplacement.check(statesInUse: used, newStates: states)
            try CityRows.setMeta("workflow", json, db)
            try ChangeLog.configurationChanged(.workflowReplaced, db)
        }
    }

    public func cases(ids: [CaseID]) async throws -> [Case] {
        guard !ids.isEmpty else { return [] }
        return try await readSnapshot { db in
            var found: [Case] = []
            for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min(ids.count, $0 + 500)]) }) {
                found += try CaseRow.fetchAll(db, sql: "SELECT \(CaseRow.columns) FROM cases WHERE id IN (\(chunk.map { _ in "?" }.joined(separator: ","))) ORDER BY id",
                                              arguments: StatementArguments(chunk))
            }
            return found.sorted { $0.id < $1.id }
        }
    }

    // MARK: Change log and configuration version

    public func changes(after sequence: Int64, limit: Int) async throws -> [ChangeLogEntry] {
        try await readSnapshot { db in try ChangeLog.entries(after: sequence, limit: limit, db) }
    }

    public func lastChangeSequence() async throws -> Int64 {
        try await readSnapshot { db in try ChangeLog.last(db) }
    }

    public func configurationVersion() async throws -> Int64 {
        try await readSnapshot { db in try ChangeLog.configurationVersion(db) }
    }

    // MARK: Leases

    public func acquireLease(_ name: String, holder: String, now: Date, duration: TimeInterval) async throws -> Bool {
        let nowMs = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        let untilMs = Int64((now.addingTimeInterval(duration).timeIntervalSince1970 * 1000).rounded(.down))
        return try await writeTransaction { db in
            // Compare-and-set: the row is taken over only when it is ours already or has expired.
            try db.execute(sql: """
                INSERT INTO leases (name, holder, expires_at_ms) VALUES (?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, expires_at_ms = excluded.expires_at_ms
                WHERE leases.holder = excluded.holder OR leases.expires_at_ms <= ?
                """, arguments: [name, holder, untilMs, nowMs])
            return db.changesCount == 1
        }
    }

    public func releaseLease(_ name: String, holder: String) async throws {
        try await writeTransaction { db in
            try db.execute(sql: "DELETE FROM leases WHERE name = ? AND holder = ?", arguments: [name, holder])
        }
    }
}
