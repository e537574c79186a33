import CityGridCore
import CityGridGeometry
import Foundation
import GRDB

/// Reading and writing the `cases` and `case_events` rows. Columns are read by name, their positions
/// resolved once per statement (``CaseLayout``, ``EventLayout``), and written through
/// ``RawStatement``: this is the hot path of intake, transitions and bulk simulation.
enum CaseRow {
    /// The columns a step can change, in the order ``bindMutable(_:_:)`` binds them.
    static let mutableColumns = [
        "state", "department_code", "accepted_at", "filed_at", "dispatched_at", "disposed_at", "checked_at", "closed_at", "deadline_at",
        "rework_count", "extension_count", "return_count", "suspended_seconds", "satisfaction", "version", "case_deadline_at", "stage",
        "stage_started_at", "stage_deadline_at", "warn_at", "alert_level", "supervision_count", "dispatch_count", "pending_extension_seconds",
        "suspended_since", "parent_case_id", "state_before_merge", "likely_duplicate_of", "reopened_from_id", "reopen_count", "verified",
        "self_handled", "solved", "subtasks", "disposal_alert_level", "stage_log", "updated_at", "next_alert_at",
    ]
    static let fixedColumns = ["number", "category", "source", "lon", "lat", "grid_code", "description", "reporter_id", "component_id", "reported_at"]

    /// Every column read back, `id` first, then the fixed ones, then the mutable ones but the last
    /// (`next_alert_at` is derived).
    static let columns = (["id"] + fixedColumns + mutableColumns.dropLast()).joined(separator: ", ")

    private static let insertSQL = "INSERT INTO cases (\((fixedColumns + mutableColumns).joined(separator: ", "))) VALUES ("
        + Array(repeating: "?", count: fixedColumns.count + mutableColumns.count).joined(separator: ",") + ")"
    private static let updateSQL = "UPDATE cases SET " + mutableColumns.map { "\($0) = ?" }.joined(separator: ", ") + " WHERE id = ? AND version = ?"

    /// Reads the cases a statement selecting ``columns`` returns, resolving the columns by name once,
    /// straight from SQLite's row (no row copy, no per-row name look-up: the hot path of a step).
    static func fetchAll(_ statement: Statement, arguments: StatementArguments) throws -> [Case] {
        let layout = try CaseLayout.of(statement)
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        let columns = RawStatement.Columns(statement)
        var out: [Case] = []
        while try rows.next() != nil { out.append(try decode(columns, layout)) }
        return out
    }

    /// Reads the cases of `sql` (which selects ``columns``), resolving the columns by name once.
    static func fetchAll(_ db: Database, sql: String, arguments: StatementArguments) throws -> [Case] {
        try fetchAll(try db.makeStatement(sql: sql), arguments: arguments)
    }

    /// A case from the row `c` is on, its columns found through `l` (resolved by name for the row's statement).
    static func decode(_ c: RawStatement.Columns, _ l: CaseLayout) throws -> Case {
        let id = c.int64(l.id)
        guard let category = CategoryCode(try c.text(l.category)), let grid = RegionCode(try c.text(l.gridCode)), grid.level == .grid,
              let source = CaseSource(rawValue: try c.text(l.source)), !c.isNull(l.reportedAt) else {
            throw DatabaseError(message: "corrupt case row \(id)")
        }
        var value = Case(id: CaseID(id), number: try c.text(l.number), category: category, source: source,
                         location: GeoPoint(lon: c.double(l.lon), lat: c.double(l.lat)), chain: GridChain(grid: grid),
                         description: try c.text(l.description), reporterID: UserColumn.read(c.int64(l.reporterID)), componentID: try c.optionalText(l.componentID),
                         reportedAt: instant(c.int64(l.reportedAt)), state: CaseState(rawValue: try c.text(l.state)))
        value.departmentCode = try c.optionalText(l.departmentCode).map(OrganisationCode.init(rawValue:))
        value.acceptedAt = date(c, l.acceptedAt)
        value.filedAt = date(c, l.filedAt)
        value.dispatchedAt = date(c, l.dispatchedAt)
        value.disposedAt = date(c, l.disposedAt)
        value.checkedAt = date(c, l.checkedAt)
        value.closedAt = date(c, l.closedAt)
        value.deadlineAt = date(c, l.deadlineAt)
        value.reworkCount = c.int(l.reworkCount)
        value.extensionCount = c.int(l.extensionCount)
        value.returnCount = c.int(l.returnCount)
        value.suspendedSeconds = c.int64(l.suspendedSeconds)
        value.satisfaction = try optionalCode(try c.optionalText(l.satisfaction), Satisfaction.init(rawValue:), "satisfaction", id)
        value.version = c.int(l.version)
        value.caseDeadlineAt = date(c, l.caseDeadlineAt)
        value.stage = try c.optionalText(l.stage)
        value.stageStartedAt = date(c, l.stageStartedAt)
        value.stageDeadlineAt = date(c, l.stageDeadlineAt)
        value.warnAt = date(c, l.warnAt)
        value.alertLevel = try code(c.int(l.alertLevel), AlertLevel.init(rawValue:), "alert_level", id)
        value.supervisionCount = c.int(l.supervisionCount)
        value.dispatchCount = c.int(l.dispatchCount)
        value.pendingExtensionSeconds = c.optionalInt64(l.pendingExtensionSeconds)
        value.suspendedSince = date(c, l.suspendedSince)
        value.parentCaseID = c.optionalInt64(l.parentCaseID).map(CaseID.init(rawValue:))
        value.stateBeforeMerge = try c.optionalText(l.stateBeforeMerge).map(CaseState.init(rawValue:))
        value.likelyDuplicateOf = c.optionalInt64(l.likelyDuplicateOf).map(CaseID.init(rawValue:))
        value.reopenedFromID = c.optionalInt64(l.reopenedFromID).map(CaseID.init(rawValue:))
        value.reopenCount = c.int(l.reopenCount)
        value.verified = c.bool(l.verified)
        value.selfHandled = c.bool(l.selfHandled)
        value.solved = c.isNull(l.solved) ? nil : c.bool(l.solved)
        if let subtasks = try c.optionalText(l.subtasks), !subtasks.isEmpty {
            value.subtasks = try JSONDecoder().decode([Subtask].self, from: Data(subtasks.utf8))
        }
        value.disposalAlertLevel = try code(c.int(l.disposalAlertLevel), AlertLevel.init(rawValue:), "disposal_alert_level", id)
        if let log = try c.optionalText(l.stageLog), !log.isEmpty {
            guard let parsed = StageLog(text: log) else { throw DatabaseError(message: "corrupt stage log of case \(id)") }
            value.stageLog = parsed
        }
        value.updatedAt = date(c, l.updatedAt) ?? value.reportedAt
        return value
    }

    private static func date(_ c: RawStatement.Columns, _ i: Int) -> Date? {
        c.isNull(i) ? nil : instant(c.int64(i))
    }

    static func instant(_ seconds: Int64) -> Date {
        Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    static func date(_ seconds: Int64?) -> Date? {
        seconds.map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }

    static func seconds(_ date: Date?) -> Int64? {
        date.map { Int64($0.timeIntervalSince1970.rounded(.down)) }
    }

    /// A stored code read back as its type (the stored values are the types' raw values, unchanged);
    /// an unknown one is a corrupt row.
    static func code<Raw, Value>(_ raw: Raw, _ make: (Raw) -> Value?, _ column: String, _ id: Int64) throws -> Value {
        guard let value = make(raw) else { throw DatabaseError(message: "unknown \(column) \(raw) in case \(id)") }
        return value
    }

    /// A nullable stored code read back as its type.
    static func optionalCode<Raw, Value>(_ raw: Raw?, _ make: (Raw) -> Value?, _ column: String, _ id: Int64) throws -> Value? {
        guard let raw else { return nil }
        return try code(raw, make, column, id) as Value
    }

    private static func bindMutable(_ c: Case, _ s: inout RawStatement) throws {
        try s.bind(c.state.rawValue); try s.bind(c.departmentCode)
        try s.bind(seconds(c.acceptedAt)); try s.bind(seconds(c.filedAt)); try s.bind(seconds(c.dispatchedAt)); try s.bind(seconds(c.disposedAt))
        try s.bind(seconds(c.checkedAt)); try s.bind(seconds(c.closedAt)); try s.bind(seconds(c.deadlineAt))
        try s.bind(c.reworkCount); try s.bind(c.extensionCount); try s.bind(c.returnCount); try s.bind(c.suspendedSeconds)
        try s.bind(c.satisfaction?.rawValue); try s.bind(c.version)
        try s.bind(seconds(c.caseDeadlineAt)); try s.bind(c.stage); try s.bind(seconds(c.stageStartedAt)); try s.bind(seconds(c.stageDeadlineAt))
        try s.bind(seconds(c.warnAt)); try s.bind(c.alertLevel.rawValue); try s.bind(c.supervisionCount); try s.bind(c.dispatchCount)
        try s.bind(c.pendingExtensionSeconds); try s.bind(seconds(c.suspendedSince)); try s.bind(c.parentCaseID); try s.bind(c.stateBeforeMerge?.rawValue)
        try s.bind(c.likelyDuplicateOf); try s.bind(c.reopenedFromID); try s.bind(c.reopenCount); try s.bind(c.verified ? 1 : 0); try s.bind(c.selfHandled ? 1 : 0)
        try s.bind(c.solved.map { $0 ? Int64(1) : Int64(0) })
        try s.bind(c.subtasks.isEmpty ? nil : String(decoding: try JSONEncoder().encode(c.subtasks), as: UTF8.self))
        try s.bind(c.disposalAlertLevel.rawValue)
        try s.bind(c.stageLog.isEmpty ? nil : c.stageLog.text)
        try s.bind(seconds(c.updatedAt))
        try s.bind(seconds(ClockRule.nextLook(at: c)))
    }

    /// Inserts a draft: assigns the number's serial and the id, writes the case and its events.
    static func insert(_ draft: CaseDraft, _ db: Database) throws -> Case {
        var serial = try RawStatement("""
            INSERT INTO case_number_serials(prefix, last) VALUES (?, 1)
            ON CONFLICT(prefix) DO UPDATE SET last = last + 1 RETURNING last
            """, db)
        try serial.bind(draft.numberPrefix)
        let next = try serial.runReturningInt()
        var value = draft.value
        value.number = CaseNumber.make(prefix: draft.numberPrefix, serial: Int(next))
        if let check = draft.duplicateCheck {
            value.likelyDuplicateOf = try likelyDuplicate(of: value.category, near: value.location, check: check, db)
        }
        var insert = try RawStatement(insertSQL, db)
        try insert.bind(value.number); try insert.bind(value.category.rawValue); try insert.bind(value.source.rawValue)
        try insert.bind(value.location.lon); try insert.bind(value.location.lat); try insert.bind(value.chain.grid.rawValue)
        try insert.bind(value.description); try insert.bind(UserColumn.stored(value.reporterID)); try insert.bind(value.componentID)
        try insert.bind(seconds(value.reportedAt))
        try bindMutable(value, &insert)
        try insert.run()
        value.id = CaseID(db.lastInsertedRowID)
        for var event in draft.events {
            event.caseID = value.id
            try insertEvent(event, db)
        }
        return value
    }

    /// The case a new report likely duplicates, chosen by ``DuplicateRule`` among the candidates of
    /// ``duplicateCandidates(of:near:check:_:)``.
    static func likelyDuplicate(of category: CategoryCode, near point: GeoPoint, check: CaseDraft.DuplicateCheck, _ db: Database) throws -> CaseID? {
        guard check.radiusMetres > 0 else { return nil }
        return DuplicateRule.choose(category: category, at: point, check: check,
                                    among: try duplicateCandidates(of: category, near: point, check: check, db))
    }

    /// A query primitive: at most ``DuplicateRule/candidateLimit`` open cases (a clock runs: `stage`
    /// set) of `category` in the bounding box of the check's radius, reported since the window's start,
    /// in the partial index's order (position, then time). The index holds exactly the open cases, so
    /// the walk stops after the limit however many reports a storm piled up at one point.
    static func duplicateCandidates(of category: CategoryCode, near point: GeoPoint, check: CaseDraft.DuplicateCheck,
                                    _ db: Database) throws -> [DuplicateRule.Candidate] {
        let box = DuplicateRule.searchBox(around: point, radiusMetres: check.radiusMetres)
        var query = try RawStatement("""
            SELECT id, lon, lat, reported_at, likely_duplicate_of IS NOT NULL OR parent_case_id IS NOT NULL AS is_duplicate
            FROM cases INDEXED BY cases_open_category_lat
            WHERE stage IS NOT NULL AND category = ? AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ? AND reported_at >= ?
            LIMIT ?
            """, db)
        try query.bind(category.rawValue)
        try query.bind(box.minLat); try query.bind(box.maxLat); try query.bind(box.minLon); try query.bind(box.maxLon)
        try query.bind(seconds(check.since))
        try query.bind(DuplicateRule.candidateLimit)
        let id = try query.column("id"), lon = try query.column("lon"), lat = try query.column("lat")
        let reportedAt = try query.column("reported_at"), isDuplicate = try query.column("is_duplicate")
        var candidates: [DuplicateRule.Candidate] = []
        try query.forEachRow { row in
            candidates.append(DuplicateRule.Candidate(id: CaseID(row.int64(id)), category: category, location: GeoPoint(lon: row.double(lon), lat: row.double(lat)),
                                                      reportedAt: Date(timeIntervalSince1970: TimeInterval(row.int64(reportedAt))),
                                                      isDuplicate: row.int64(isDuplicate) != 0))
        }
        return candidates
    }

    /// A query primitive: the cases merged into `parentID`.
    static func children(of parentID: CaseID, _ db: Database) throws -> [Case] {
        var s = try RawStatement(childrenSQL, db)
        try s.bind(parentID)
        var out: [Case] = []
        try s.forEachRow { out.append(try decode($0, .standard)) }
        return out
    }

    private static let childrenSQL = "SELECT \(columns) FROM cases WHERE parent_case_id = ? ORDER BY id"

    /// A query primitive: how many cases are merged into `parentID`.
    static func childCount(of parentID: CaseID, _ db: Database) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM cases WHERE parent_case_id = ?"), arguments: [parentID]) ?? 0
    }

    static func insertEvent(_ event: CaseEvent, _ db: Database) throws {
        var s = try RawStatement("""
            INSERT INTO case_events (case_id, seq, actor_id, role, action, at, from_state, to_state, note, attachments)
            VALUES (?,?,?,?,?,?,?,?,?,?)
            """, db)
        try s.bind(event.caseID); try s.bind(event.sequence); try s.bind(UserColumn.stored(event.actorID)); try s.bind(event.role.rawValue); try s.bind(event.action.rawValue)
        try s.bind(seconds(event.at)); try s.bind(event.fromState?.rawValue); try s.bind(event.toState.rawValue); try s.bind(event.note)
        try s.bind(event.attachments.isEmpty ? nil : String(decoding: try JSONEncoder().encode(event.attachments), as: UTF8.self))
        try s.run()
    }

    /// Writes the new state of a case if its stored version is still `previousVersion`.
    /// Returns false when another step got there first.
    static func update(_ value: Case, previousVersion: Int, _ db: Database) throws -> Bool {
        var s = try RawStatement(updateSQL, db)
        try bindMutable(value, &s)
        try s.bind(value.id); try s.bind(previousVersion)
        try s.run()
        return db.changesCount == 1
    }

    private static let fetchSQL = "SELECT \(columns) FROM cases WHERE id = ?"

    /// A case by id, read straight from SQLite's row: this runs inside the writer for every step.
    /// The statement selects ``columns``, so its layout is ``CaseLayout/standard`` by construction.
    static func fetch(id: CaseID, _ db: Database) throws -> Case? {
        var s = try RawStatement(fetchSQL, db)
        try s.bind(id)
        return try s.firstRow { try decode($0, .standard) }
    }

    /// A case's events, in sequence order.
    static func events(caseID: CaseID, _ db: Database) throws -> [CaseEvent] {
        let statement = try db.cachedStatement(sql: """
            SELECT case_id, seq, actor_id, role, action, at, from_state, to_state, note, attachments
            FROM case_events WHERE case_id = ? ORDER BY seq
            """)
        let layout = try EventLayout(statement)
        let rows = try Row.fetchCursor(statement, arguments: [caseID])
        let columns = RawStatement.Columns(statement)
        var out: [CaseEvent] = []
        while try rows.next() != nil { out.append(try decodeEvent(columns, layout)) }
        return out
    }

    static func decodeEvent(_ c: RawStatement.Columns, _ l: EventLayout) throws -> CaseEvent {
        guard let role = Role(rawValue: try c.text(l.role)), !c.isNull(l.at) else {
            throw DatabaseError(message: "corrupt event row of case \(c.int64(l.caseID))")
        }
        let attachments = try c.optionalText(l.attachments)
        return CaseEvent(caseID: CaseID(c.int64(l.caseID)), sequence: c.int(l.seq), actorID: UserColumn.read(c.int64(l.actorID)), role: role,
                         action: WorkflowAction(rawValue: try c.text(l.action)), at: instant(c.int64(l.at)),
                         fromState: try c.optionalText(l.fromState).map(CaseState.init(rawValue:)), toState: CaseState(rawValue: try c.text(l.toState)),
                         note: try c.text(l.note), attachments: try attachments.map { try JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? [])
    }
}
