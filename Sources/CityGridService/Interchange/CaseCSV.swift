import CityGridCore
import Foundation

/// The case export (`citygrid export cases --format csv`): one row per case, times in ISO 8601 UTC,
/// empty where a stage was not reached. The column set is a contract shared with the analysis
/// anchors (`shared/anchors`): add columns at the end only.
///
/// After the anchors' 24 columns come the facts that evaluation of people and regions rests on, so
/// that every indicator can be recomputed from the export alone: the reporter, the check, the whole
/// case's deadline, counts, the return visit, links, and for each clock stage of the workflow (in
/// the definition's order) who left it last (`<stage>_by`), when (`<stage>_at`) and its deadline then
/// (`<stage>_due_at`), and the same of its first passage (`<stage>_first_by`, …; equal to the last
/// when the stage was passed once).
public enum CaseCSV {
    /// The anchors' contract.
    public static let baseColumns = [
        "case_id", "case_number", "kind", "category_code", "source", "district_code", "subdistrict_code", "community_code",
        "grid_code", "department_code", "lon", "lat", "status", "reported_at", "filed_at", "dispatched_at", "disposed_at",
        "closed_at", "deadline_at", "rework_count", "extension_count", "return_count", "suspended_seconds", "satisfaction",
    ]

    /// Facts for evaluation, after the contract.
    public static let factColumns = [
        "reporter_id", "accepted_at", "checked_at", "case_deadline_at", "supervision_count", "dispatch_count", "solved",
        "verified", "self_handled", "parent_case_id", "reopened_from_id",
    ]

    /// Every column, for a workflow with these stages; with `contractOnly`, the anchors' 24.
    public static func columns(stages: [String], contractOnly: Bool = false) -> [String] {
        if contractOnly { return baseColumns }
        return baseColumns + factColumns
            + stages.flatMap { ["\($0)_by", "\($0)_at", "\($0)_due_at", "\($0)_first_by", "\($0)_first_at", "\($0)_first_due_at"] }
    }

    public static func header(stages: [String], contractOnly: Bool = false) -> String {
        columns(stages: stages, contractOnly: contractOnly).joined(separator: ",") + "\n"
    }

    /// One row, newline included.
    public static func row(_ c: Case, stages: [String], contractOnly: Bool = false) -> String {
        func time(_ d: Date?) -> String { d.map(ISOTime.format) ?? "" }
        func flag(_ b: Bool?) -> String { b.map { $0 ? "1" : "0" } ?? "" }
        var fields: [String] = [
            c.id.description, c.number, c.kind.rawValue, c.category.major + c.category.minor, c.source.rawValue,
            c.chain.district.rawValue, c.chain.subdistrict.rawValue, c.chain.community.rawValue, c.chain.grid.rawValue,
            c.departmentCode?.rawValue ?? "", Decimal7.format(c.location.lon), Decimal7.format(c.location.lat), c.state.rawValue,
            time(c.reportedAt), time(c.filedAt), time(c.dispatchedAt), time(c.disposedAt), time(c.closedAt), time(c.deadlineAt),
            String(c.reworkCount), String(c.extensionCount), String(c.returnCount), String(c.suspendedSeconds), c.satisfaction?.rawValue ?? "",
        ]
        if contractOnly { return fields.map(escape).joined(separator: ",") + "\n" }
        fields += [
            String(c.reporterID?.rawValue ?? 0), time(c.acceptedAt), time(c.checkedAt), time(c.caseDeadlineAt), String(c.supervisionCount),
            String(c.dispatchCount), flag(c.solved), flag(c.verified), flag(c.selfHandled),
            c.parentCaseID.map(\.description) ?? "", c.reopenedFromID.map(\.description) ?? "",
        ]
        for stage in stages {
            let entry = c.stageLog[stage]
            for passage in [entry?.last, entry?.first] {
                fields += [passage.map { String($0.actorID?.rawValue ?? 0) } ?? "", time(passage?.at), time(passage?.dueAt)]
            }
        }
        return fields.map(escape).joined(separator: ",") + "\n"
    }

    /// Quotes a field holding a comma, a quote or a line break (RFC 4180).
    public static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
