import CityGridCore
import CityGridStore
import GRDB

/// The filtered, keyset-paged case list, newest first. Filters on state, category, region and
/// department are checked while walking the cases from the newest (the rowid order): a page of a
/// district or community fills quickly. Two ways avoid a walk over every case when few match: the
/// candidates given by ``CaseQuery/ids`` (one grid's cases, from the live fact table) are read by
/// primary key in chunks; stepped cases whose clock runs are read through the partial index
/// `cases_running_state` (open cases by state past their report, a few percent of all), and other
/// cases whose clock runs through the open cases' index of duplicate detection.
enum CaseListing {
    /// Candidates read per statement (SQLite binds at most 32,766 values).
    static let chunk = 500

    static func page(_ query: CaseQuery, _ db: Database) throws -> CasePage {
        guard let ids = query.ids else { return try walk(query, db) }
        let limit = max(1, min(query.limit, 1000))
        var cases: [Case] = []
        var rest = ids[...]
        if let before = query.beforeID { rest = rest.drop { $0 >= before } }
        while cases.count <= limit, !rest.isEmpty {
            let part = rest.prefix(chunk)
            rest = rest.dropFirst(part.count)
            var sub = query
            sub.ids = nil
            sub.beforeID = nil
            sub.limit = limit + 1 - cases.count
            cases += try rows(sub, db, among: Array(part))
        }
        var next: CaseID?
        if cases.count > limit {
            cases.removeLast(cases.count - limit)
            next = cases.last?.id
        }
        return CasePage(cases: cases, nextBeforeID: next)
    }

    private static func walk(_ query: CaseQuery, _ db: Database) throws -> CasePage {
        let limit = max(1, min(query.limit, 1000))
        var cases = try rows(query, db, among: nil)
        var next: CaseID?
        if cases.count > limit {
            cases.removeLast()
            next = cases.last?.id
        }
        return CasePage(cases: cases, nextBeforeID: next)
    }

    /// At most `query.limit + 1` matching cases, newest first, among `ids` when given.
    private static func rows(_ query: CaseQuery, _ db: Database, among ids: [CaseID]?) throws -> [Case] {
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        if let ids {
            conditions.append("id IN (\(Array(repeating: "?", count: ids.count).joined(separator: ",")))")
            arguments += ids.map(\.rawValue)
        }
        if query.clockRunning {
            conditions.append("stage IS NOT NULL")
        }
        if query.stepped {
            conditions.append("version > 1")
        }
        if !query.states.isEmpty {
            conditions.append("state IN (\(Array(repeating: "?", count: query.states.count).joined(separator: ",")))")
            arguments += query.states.map(\.rawValue).sorted()
        }
        if let prefix = query.categoryPrefix {
            conditions.append("category >= ? AND category < ?")
            arguments += [prefix, prefix + "~"]
        }
        if let region = query.region {
            conditions.append("grid_code >= ? AND grid_code < ?")
            arguments += [region.rawValue, region.rawValue + ":"]
        }
        if let department = query.departmentCode {
            if query.includeSummoned {
                // Sub-tasks are JSON on the case: match the quoted code of a summoned body.
                conditions.append("(department_code = ? OR instr(subtasks, ?) > 0)")
                arguments += [department, "\"department_code\":\"\(department)\""]
            } else {
                conditions.append("department_code = ?")
                arguments.append(department)
            }
        }
        if let visibility = query.visibility, !visibility.everything {
            // The union of what the caller's roles reach: their own reports, some bodies' cases, some regions.
            var any: [String] = []
            if let reporter = visibility.reporterID {
                any.append("reporter_id = ?")
                arguments.append(reporter)
            }
            for organisation in visibility.organisations {
                any.append("department_code = ? OR instr(subtasks, ?) > 0")
                arguments += [organisation, "\"department_code\":\"\(organisation)\""]
            }
            for region in visibility.regions {
                any.append("(grid_code >= ? AND grid_code < ?)")
                arguments += [region.rawValue, region.rawValue + ":"]
            }
            conditions.append(any.isEmpty ? "0" : "(" + any.joined(separator: " OR ") + ")")
        }
        if let level = query.minimumAlertLevel {
            conditions.append("alert_level >= ?")
            arguments.append(level)
        }
        if let reporter = query.reporterID {
            conditions.append("reporter_id = ?")
            arguments.append(reporter)
        }
        if let from = query.reportedFrom {
            conditions.append("reported_at >= ?")
            arguments.append(CaseRow.seconds(from))
        }
        if let before = query.reportedBefore {
            conditions.append("reported_at < ?")
            arguments.append(CaseRow.seconds(before))
        }
        if let beforeID = query.beforeID {
            conditions.append("id < ?")
            arguments.append(beforeID)
        }
        let limit = max(1, min(query.limit, 1000))
        // Open cases in the state reports land in (not `stepped`): every open case is in the partial
        // index of duplicate detection, a few percent of all; reading it beats walking every case when
        // the state holds few (a desk that keeps up), and costs a sort of at most the open cases.
        let source = query.clockRunning && !query.stepped && ids == nil ? "cases INDEXED BY cases_open_category_lat" : "cases"
        let sql = "SELECT \(CaseRow.columns) FROM \(source)" + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
            + " ORDER BY id DESC LIMIT \(limit + 1)"
        return try CaseRow.fetchAll(db, sql: sql, arguments: StatementArguments(arguments))
    }
}
