import CityGridCore
import CityGridStore
import GRDB

/// The filtered, keyset-paged case list, newest first. Filters on state, category, region and
/// department are checked while walking the cases from the newest (the rowid order): a page of a
/// district or community fills quickly; a single grid with few cases walks further.
enum CaseListing {
    static func page(_ query: CaseQuery, _ db: Database) throws -> CasePage {
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
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
        let sql = "SELECT \(CaseRow.columns) FROM cases" + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
            + " ORDER BY id DESC LIMIT \(limit + 1)"
        var cases = try CaseRow.fetchAll(db, sql: sql, arguments: StatementArguments(arguments))
        var next: CaseID?
        if cases.count > limit {
            cases.removeLast()
            next = cases.last?.id
        }
        return CasePage(cases: cases, nextBeforeID: next)
    }
}
