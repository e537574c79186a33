import CityGridCore
import CityGridGeometry
import Foundation
import GRDB

/// Reading and writing the `cases` and `case_events` rows. Columns are read by position, in the
/// order of ``CaseRow/columns``, with cached statements: this is the hot path of intake and transitions.
enum CaseRow {
    static let columns = """
        id, number, category, source, lon, lat, grid_code, description, reporter_id, component_id, state, department_code, \
        reported_at, accepted_at, filed_at, dispatched_at, disposed_at, checked_at, closed_at, deadline_at, \
        rework_count, extension_count, return_count, suspended_seconds, satisfaction, version
        """

    static func decode(_ row: Row) throws -> Case {
        let categoryText: String = row[2]
        let gridText: String = row[6]
        guard let category = CategoryCode(categoryText), let grid = RegionCode(gridText), grid.level == .grid,
              let source = CaseSource(rawValue: row[3]), let state = CaseState(rawValue: row[10]) else {
            throw DatabaseError(message: "corrupt case row \(row[0] as Int64)")
        }
        var value = Case(id: row[0], number: row[1], category: category, source: source,
                         location: GeoPoint(lon: row[4], lat: row[5]), chain: GridChain(grid: grid),
                         description: row[7], reporterID: row[8], componentID: row[9], reportedAt: date(row[12])!)
        value.state = state
        value.departmentCode = row[11]
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
        value.satisfaction = row[24]
        value.version = row[25]
        return value
    }

    static func date(_ seconds: Int64?) -> Date? {
        seconds.map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }

    static func seconds(_ date: Date?) -> Int64? {
        date.map { Int64($0.timeIntervalSince1970.rounded(.down)) }
    }

    /// Binds the mutable columns, in the order of ``insert`` and ``update``.
    private static func bindMutable(_ c: Case, _ s: inout RawStatement) {
        s.bind(c.state.rawValue); s.bind(c.departmentCode)
        s.bind(seconds(c.acceptedAt)); s.bind(seconds(c.filedAt)); s.bind(seconds(c.dispatchedAt)); s.bind(seconds(c.disposedAt))
        s.bind(seconds(c.checkedAt)); s.bind(seconds(c.closedAt)); s.bind(seconds(c.deadlineAt))
        s.bind(c.reworkCount); s.bind(c.extensionCount); s.bind(c.returnCount); s.bind(c.suspendedSeconds)
        s.bind(c.satisfaction); s.bind(c.version)
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
        var insert = try RawStatement("""
            INSERT INTO cases (number, category, source, lon, lat, grid_code, description, reporter_id, component_id,
                state, department_code, accepted_at, filed_at, dispatched_at, disposed_at, checked_at, closed_at, deadline_at,
                rework_count, extension_count, return_count, suspended_seconds, satisfaction, version, reported_at)
            VALUES (?,?,?,?,?,?,?,?,?, ?,?,?,?,?,?,?,?,?,?,?,?,?,?,?, ?)
            """, db)
        insert.bind(value.number); insert.bind(value.category.rawValue); insert.bind(value.source.rawValue)
        insert.bind(value.location.lon); insert.bind(value.location.lat); insert.bind(value.chain.grid.rawValue)
        insert.bind(value.description); insert.bind(value.reporterID); insert.bind(value.componentID)
        bindMutable(value, &insert)
        insert.bind(seconds(value.reportedAt))
        try insert.run()
        value.id = db.lastInsertedRowID
        for var event in draft.events {
            event.caseID = value.id
            try insertEvent(event, db)
        }
        return value
    }

    static func insertEvent(_ event: CaseEvent, _ db: Database) throws {
        var s = try RawStatement("""
            INSERT INTO case_events (case_id, seq, actor_id, role, action, at, from_state, to_state, note)
            VALUES (?,?,?,?,?,?,?,?,?)
            """, db)
        s.bind(event.caseID); s.bind(event.sequence); s.bind(event.actorID); s.bind(event.role.rawValue); s.bind(event.action.rawValue)
        s.bind(seconds(event.at)); s.bind(event.fromState?.rawValue); s.bind(event.toState.rawValue); s.bind(event.note)
        try s.run()
    }

    /// Writes the new state of a case if its stored version is still `previousVersion`.
    /// Returns false when another step got there first.
    static func update(_ value: Case, previousVersion: Int, _ db: Database) throws -> Bool {
        var s = try RawStatement("""
            UPDATE cases SET state = ?, department_code = ?, accepted_at = ?, filed_at = ?, dispatched_at = ?, disposed_at = ?,
                checked_at = ?, closed_at = ?, deadline_at = ?, rework_count = ?, extension_count = ?, return_count = ?,
                suspended_seconds = ?, satisfaction = ?, version = ?
            WHERE id = ? AND version = ?
            """, db)
        bindMutable(value, &s)
        s.bind(value.id); s.bind(previousVersion)
        try s.run()
        return db.changesCount == 1
    }

    static func fetch(id: Int64, _ db: Database) throws -> Case? {
        let statement = try db.cachedStatement(sql: "SELECT \(columns) FROM cases WHERE id = ?")
        return try Row.fetchOne(statement, arguments: [id]).map(decode)
    }

    static func decodeEvent(_ row: Row) throws -> CaseEvent {
        guard let role = Role(rawValue: row[3]), let action = WorkflowAction(rawValue: row[4]),
              let to = CaseState(rawValue: row[7]) else {
            throw DatabaseError(message: "corrupt event row of case \(row[0] as Int64)")
        }
        let from: String? = row[6]
        return CaseEvent(caseID: row[0], sequence: row[1], actorID: row[2], role: role, action: action, at: date(row[5])!,
                         fromState: from.flatMap(CaseState.init(rawValue:)), toState: to, note: row[8])
    }
}
