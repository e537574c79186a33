import CityGridCore
import CityGridGeometry
import Foundation
import GRDB

/// Reading and writing the `cases` and `case_events` rows. Columns are read by position, in the
/// order of ``CaseRow/columns``, and written through ``RawStatement``: this is the hot path of
/// intake, transitions and bulk simulation.
enum CaseRow {
    /// The columns a step can change, in the order ``bindMutable(_:_:)`` binds them.
    static let mutableColumns = [
        "state", "department_code", "accepted_at", "filed_at", "dispatched_at", "disposed_at", "checked_at", "closed_at", "deadline_at",
        "rework_count", "extension_count", "return_count", "suspended_seconds", "satisfaction", "version", "case_deadline_at", "stage",
        "stage_started_at", "stage_deadline_at", "warn_at", "alert_level", "supervision_count", "dispatch_count", "pending_extension_seconds",
        "suspended_since", "parent_case_id", "state_before_merge", "likely_duplicate_of", "reopened_from_id", "reopen_count", "verified",
        "self_handled", "solved", "subtasks", "disposal_alert_level", "stage_log", "next_alert_at",
    ]
    static let fixedColumns = ["number", "category", "source", "lon", "lat", "grid_code", "description", "reporter_id", "component_id", "reported_at"]

    /// Every column read back, `id` first, then the fixed ones, then the mutable ones but the last
    /// (`next_alert_at` is derived).
    static let columns = (["id"] + fixedColumns + mutableColumns.dropLast()).joined(separator: ", ")

    private static let insertSQL = "INSERT INTO cases (\((fixedColumns + mutableColumns).joined(separator: ", "))) VALUES ("
        + Array(repeating: "?", count: fixedColumns.count + mutableColumns.count).joined(separator: ",") + ")"
    private static let updateSQL = "UPDATE cases SET " + mutableColumns.map { "\($0) = ?" }.joined(separator: ", ") + " WHERE id = ? AND version = ?"

    static func decode(_ row: Row) throws -> Case {
        let categoryText: String = row[2]
        let gridText: String = row[6]
        guard let category = CategoryCode(categoryText), let grid = RegionCode(gridText), grid.level == .grid,
              let source = CaseSource(rawValue: row[3]) else {
            throw DatabaseError(message: "corrupt case row \(row[0] as Int64)")
        }
        var value = Case(id: row[0], number: row[1], category: category, source: source,
                         location: GeoPoint(lon: row[4], lat: row[5]), chain: GridChain(grid: grid),
                         description: row[7], reporterID: row[8], componentID: row[9], reportedAt: date(row[10])!,
                         state: CaseState(rawValue: row[11]))
        value.departmentCode = row[12]
        value.acceptedAt = date(row[13])
        value.filedAt = date(row[14])
        value.dispatchedAt = date(row[15])
        value.disposedAt = date(row[16])
        value.checkedAt = date(row[17])
        value.closedAt = date(row[18])
        value.deadlineAt = date(row[19])
        value.reworkCount = row[20]
        value.extensionCount = row[21]
        value.returnCount = row[22]
        value.suspendedSeconds = row[23]
        value.satisfaction = try optionalCode(row[24] as String?, Satisfaction.init(rawValue:), "satisfaction", value.id)
        value.version = row[25]
        value.caseDeadlineAt = date(row[26])
        value.stage = row[27]
        value.stageStartedAt = date(row[28])
        value.stageDeadlineAt = date(row[29])
        value.warnAt = date(row[30])
        value.alertLevel = try code(row[31] as Int, AlertLevel.init(rawValue:), "alert_level", value.id)
        value.supervisionCount = row[32]
        value.dispatchCount = row[33]
        value.pendingExtensionSeconds = row[34]
        value.suspendedSince = date(row[35])
        value.parentCaseID = row[36]
        value.stateBeforeMerge = (row[37] as String?).map(CaseState.init(rawValue:))
        value.likelyDuplicateOf = row[38]
        value.reopenedFromID = row[39]
        value.reopenCount = row[40]
        value.verified = row[41]
        value.selfHandled = row[42]
        value.solved = row[43]
        if let subtasks: String = row[44], !subtasks.isEmpty {
            value.subtasks = try JSONDecoder().decode([Subtask].self, from: Data(subtasks.utf8))
        }
        value.disposalAlertLevel = try code(row[45] as Int, AlertLevel.init(rawValue:), "disposal_alert_level", value.id)
        if let log: String = row[46], !log.isEmpty {
            guard let parsed = StageLog(text: log) else { throw DatabaseError(message: "corrupt stage log of case \(value.id)") }
            value.stageLog = parsed
        }
        return value
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
        s.bind(c.state.rawValue); s.bind(c.departmentCode)
        s.bind(seconds(c.acceptedAt)); s.bind(seconds(c.filedAt)); s.bind(seconds(c.dispatchedAt)); s.bind(seconds(c.disposedAt))
        s.bind(seconds(c.checkedAt)); s.bind(seconds(c.closedAt)); s.bind(seconds(c.deadlineAt))
        s.bind(c.reworkCount); s.bind(c.extensionCount); s.bind(c.returnCount); s.bind(c.suspendedSeconds)
        s.bind(c.satisfaction?.rawValue); s.bind(c.version)
        s.bind(seconds(c.caseDeadlineAt)); s.bind(c.stage); s.bind(seconds(c.stageStartedAt)); s.bind(seconds(c.stageDeadlineAt))
        s.bind(seconds(c.warnAt)); s.bind(c.alertLevel.rawValue); s.bind(c.supervisionCount); s.bind(c.dispatchCount)
        s.bind(c.pendingExtensionSeconds); s.bind(seconds(c.suspendedSince)); s.bind(c.parentCaseID); s.bind(c.stateBeforeMerge?.rawValue)
        s.bind(c.likelyDuplicateOf); s.bind(c.reopenedFromID); s.bind(c.reopenCount); s.bind(c.verified ? 1 : 0); s.bind(c.selfHandled ? 1 : 0)
        s.bind(c.solved.map { $0 ? Int64(1) : Int64(0) })
        s.bind(c.subtasks.isEmpty ? nil : String(decoding: try JSONEncoder().encode(c.subtasks), as: UTF8.self))
        s.bind(c.disposalAlertLevel.rawValue)
        s.bind(c.stageLog.isEmpty ? nil : c.stageLog.text)
        s.bind(seconds(ClockRule.nextLook(at: c)))
    }

    /// Inserts a draft: assigns the number's serial and the id, writes the case and its events.
    static func insert(_ draft: CaseDraft, _ db: Database) throws -> Case {
        var serial = try RawStatement("""
            INSERT INTO case_number_serials(prefix, last) VALUES (?, 1)
            ON CONFLICT(prefix) DO UPDATE SET last = last + 1 RETURNING last
            """, db)
        serial.bind(draft.numberPrefix)
        let next = try serial.runReturningInt()
        var value = draft.value
        value.number = CaseNumber.make(prefix: draft.numberPrefix, serial: Int(next))
        if let check = draft.duplicateCheck {
            value.likelyDuplicateOf = try likelyDuplicate(of: value.category, near: value.location, check: check, db)
        }
        var insert = try RawStatement(insertSQL, db)
        insert.bind(value.number); insert.bind(value.category.rawValue); insert.bind(value.source.rawValue)
        insert.bind(value.location.lon); insert.bind(value.location.lat); insert.bind(value.chain.grid.rawValue)
        insert.bind(value.description); insert.bind(value.reporterID); insert.bind(value.componentID)
        insert.bind(seconds(value.reportedAt))
        try bindMutable(value, &insert)
        try insert.run()
        value.id = db.lastInsertedRowID
        for var event in draft.events {
            event.caseID = value.id
            try insertEvent(event, db)
        }
        return value
    }

    /// The case a new report likely duplicates, chosen by ``DuplicateRule`` among the candidates of
    /// ``duplicateCandidates(of:near:check:_:)``.
    static func likelyDuplicate(of category: CategoryCode, near point: GeoPoint, check: CaseDraft.DuplicateCheck, _ db: Database) throws -> Int64? {
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
            SELECT id, lon, lat, reported_at, likely_duplicate_of IS NOT NULL OR parent_case_id IS NOT NULL
            FROM cases INDEXED BY cases_open_category_lat
            WHERE stage IS NOT NULL AND category = ? AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ? AND reported_at >= ?
            LIMIT ?
            """, db)
        query.bind(category.rawValue)
        query.bind(box.minLat); query.bind(box.maxLat); query.bind(box.minLon); query.bind(box.maxLon)
        query.bind(seconds(check.since))
        query.bind(DuplicateRule.candidateLimit)
        var candidates: [DuplicateRule.Candidate] = []
        try query.forEachRow { row in
            candidates.append(DuplicateRule.Candidate(id: row.int64(0), category: category, location: GeoPoint(lon: row.double(1), lat: row.double(2)),
                                                      reportedAt: Date(timeIntervalSince1970: TimeInterval(row.int64(3))),
                                                      isDuplicate: row.int64(4) != 0))
        }
        return candidates
    }

    /// A query primitive: the cases merged into `parentID`.
    static func children(of parentID: Int64, _ db: Database) throws -> [Case] {
        let statement = try db.cachedStatement(sql: "SELECT \(columns) FROM cases WHERE parent_case_id = ? ORDER BY id")
        return try Row.fetchAll(statement, arguments: [parentID]).map(decode)
    }

    /// A query primitive: how many cases are merged into `parentID`.
    static func childCount(of parentID: Int64, _ db: Database) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM cases WHERE parent_case_id = ?"), arguments: [parentID]) ?? 0
    }

    static func insertEvent(_ event: CaseEvent, _ db: Database) throws {
        var s = try RawStatement("""
            INSERT INTO case_events (case_id, seq, actor_id, role, action, at, from_state, to_state, note, attachments)
            VALUES (?,?,?,?,?,?,?,?,?,?)
            """, db)
        s.bind(event.caseID); s.bind(event.sequence); s.bind(event.actorID); s.bind(event.role.rawValue); s.bind(event.action.rawValue)
        s.bind(seconds(event.at)); s.bind(event.fromState?.rawValue); s.bind(event.toState.rawValue); s.bind(event.note)
        s.bind(event.attachments.isEmpty ? nil : String(decoding: try JSONEncoder().encode(event.attachments), as: UTF8.self))
        try s.run()
    }

    /// Writes the new state of a case if its stored version is still `previousVersion`.
    /// Returns false when another step got there first.
    static func update(_ value: Case, previousVersion: Int, _ db: Database) throws -> Bool {
        var s = try RawStatement(updateSQL, db)
        try bindMutable(value, &s)
        s.bind(value.id); s.bind(previousVersion)
        try s.run()
        return db.changesCount == 1
    }

    static func fetch(id: Int64, _ db: Database) throws -> Case? {
        let statement = try db.cachedStatement(sql: "SELECT \(columns) FROM cases WHERE id = ?")
        return try Row.fetchOne(statement, arguments: [id]).map(decode)
    }

    static func decodeEvent(_ row: Row) throws -> CaseEvent {
        guard let role = Role(rawValue: row[3]) else {
            throw DatabaseError(message: "corrupt event row of case \(row[0] as Int64)")
        }
        let from: String? = row[6]
        let attachments: String? = row[9]
        return CaseEvent(caseID: row[0], sequence: row[1], actorID: row[2], role: role, action: WorkflowAction(rawValue: row[4]),
                         at: date(row[5])!, fromState: from.map(CaseState.init(rawValue:)), toState: CaseState(rawValue: row[7]), note: row[8],
                         attachments: try attachments.map { try JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? [])
    }
}
