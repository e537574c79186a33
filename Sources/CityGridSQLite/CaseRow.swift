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

    /// The mutable columns, in the order `update` binds them.
    private static func mutableArguments(_ c: Case) -> [(any DatabaseValueConvertible)?] {
        [c.state.rawValue, c.departmentCode, seconds(c.acceptedAt), seconds(c.filedAt), seconds(c.dispatchedAt),
         seconds(c.disposedAt), seconds(c.checkedAt), seconds(c.closedAt), seconds(c.deadlineAt),
         c.reworkCount, c.extensionCount, c.returnCount, c.suspendedSeconds, c.satisfaction, c.version]
    }

    /// Inserts a draft: assigns the number's serial and the id, writes the case and its events.
    static func insert(_ draft: CaseDraft, _ db: Database) throws -> Case {
        let serial = try db.cachedStatement(sql: """
            INSERT INTO case_number_serials(prefix, last) VALUES (?, 1)
            ON CONFLICT(prefix) DO UPDATE SET last = last + 1 RETURNING last
            """)
        guard let next = try Int.fetchOne(serial, arguments: [draft.numberPrefix]) else {
            throw DatabaseError(message: "no serial for \(draft.numberPrefix)")
        }
        var value = draft.value
        value.number = CaseNumber.make(prefix: draft.numberPrefix, serial: next)
        let insert = try db.cachedStatement(sql: """
            INSERT INTO cases (number, category, source, lon, lat, grid_code, description, reporter_id, component_id,
                state, department_code, accepted_at, filed_at, dispatched_at, disposed_at, checked_at, closed_at, deadline_at,
                rework_count, extension_count, return_count, suspended_seconds, satisfaction, version, reported_at)
            VALUES (?,?,?,?,?,?,?,?,?, ?,?,?,?,?,?,?,?,?,?,?,?,?,?,?, ?)
            """)
        let fixed: [(any DatabaseValueConvertible)?] = [value.number, value.category.rawValue, value.source.rawValue, value.location.lon,
                                                       value.location.lat, value.chain.grid.rawValue, value.description, value.reporterID,
                                                       value.componentID]
        try insert.execute(arguments: StatementArguments(fixed + mutableArguments(value) + [seconds(value.reportedAt)]))
        value.id = db.lastInsertedRowID
        for var event in draft.events {
            event.caseID = value.id
            try insertEvent(event, db)
        }
        return value
    }

    static func insertEvent(_ event: CaseEvent, _ db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO case_events (case_id, seq, actor_id, role, action, at, from_state, to_state, note)
            VALUES (?,?,?,?,?,?,?,?,?)
            """)
        try statement.execute(arguments: [event.caseID, event.sequence, event.actorID, event.role.rawValue, event.action.rawValue,
                                          seconds(event.at), event.fromState?.rawValue, event.toState.rawValue, event.note])
    }

    /// Writes the new state of a case if its stored version is still `previousVersion`.
    /// Returns false when another step got there first.
    static func update(_ value: Case, previousVersion: Int, _ db: Database) throws -> Bool {
        let statement = try db.cachedStatement(sql: """
            UPDATE cases SET state = ?, department_code = ?, accepted_at = ?, filed_at = ?, dispatched_at = ?, disposed_at = ?,
                checked_at = ?, closed_at = ?, deadline_at = ?, rework_count = ?, extension_count = ?, return_count = ?,
                suspended_seconds = ?, satisfaction = ?, version = ?
            WHERE id = ? AND version = ?
            """)
        try statement.execute(arguments: StatementArguments(mutableArguments(value) + [value.id, previousVersion]))
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
