import Foundation
import GRDB

/// Where each column of a `cases` row is in a statement's result, found by name once per statement
/// so that decoding a row reads by name without looking names up per row.
///
/// Statements selecting ``CaseRow/columns`` (all of them today) share ``standard``, resolved once;
/// another column order is resolved from the statement's own names.
struct CaseLayout {
    let id, number, category, source, lon, lat, gridCode, description, reporterID, componentID, reportedAt: Int
    let state, departmentCode, acceptedAt, filedAt, dispatchedAt, disposedAt, checkedAt, closedAt, deadlineAt: Int
    let reworkCount, extensionCount, returnCount, suspendedSeconds, satisfaction, version, caseDeadlineAt, stage: Int
    let stageStartedAt, stageDeadlineAt, warnAt, alertLevel, supervisionCount, dispatchCount, pendingExtensionSeconds: Int
    let suspendedSince, parentCaseID, stateBeforeMerge, likelyDuplicateOf, reopenedFromID, reopenCount, verified: Int
    let selfHandled, solved, subtasks, disposalAlertLevel, stageLog, updatedAt: Int
    /// The column names this layout was resolved from.
    let names: [String]

    /// The layout of ``CaseRow/columns``.
    static let standard = try! CaseLayout(names: CaseRow.columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })

    /// The layout of `statement`'s result: ``standard`` when it selects ``CaseRow/columns``.
    static func of(_ statement: Statement) throws -> CaseLayout {
        let names = statement.columnNames
        return names == standard.names ? standard : try CaseLayout(names: names)
    }

    init(names: [String]) throws {
        self.names = names
        func at(_ name: String) throws -> Int {
            guard let i = names.firstIndex(of: name) else { throw DatabaseError(message: "no column \(name) among the case columns read") }
            return i
        }
        id = try at("id"); number = try at("number"); category = try at("category"); source = try at("source")
        lon = try at("lon"); lat = try at("lat"); gridCode = try at("grid_code"); description = try at("description")
        reporterID = try at("reporter_id"); componentID = try at("component_id"); reportedAt = try at("reported_at")
        state = try at("state"); departmentCode = try at("department_code"); acceptedAt = try at("accepted_at"); filedAt = try at("filed_at")
        dispatchedAt = try at("dispatched_at"); disposedAt = try at("disposed_at"); checkedAt = try at("checked_at")
        closedAt = try at("closed_at"); deadlineAt = try at("deadline_at")
        reworkCount = try at("rework_count"); extensionCount = try at("extension_count"); returnCount = try at("return_count")
        suspendedSeconds = try at("suspended_seconds"); satisfaction = try at("satisfaction"); version = try at("version")
        caseDeadlineAt = try at("case_deadline_at"); stage = try at("stage")
        stageStartedAt = try at("stage_started_at"); stageDeadlineAt = try at("stage_deadline_at"); warnAt = try at("warn_at")
        alertLevel = try at("alert_level"); supervisionCount = try at("supervision_count"); dispatchCount = try at("dispatch_count")
        pendingExtensionSeconds = try at("pending_extension_seconds")
        suspendedSince = try at("suspended_since"); parentCaseID = try at("parent_case_id"); stateBeforeMerge = try at("state_before_merge")
        likelyDuplicateOf = try at("likely_duplicate_of"); reopenedFromID = try at("reopened_from_id"); reopenCount = try at("reopen_count")
        verified = try at("verified"); selfHandled = try at("self_handled"); solved = try at("solved"); subtasks = try at("subtasks")
        disposalAlertLevel = try at("disposal_alert_level"); stageLog = try at("stage_log")
        updatedAt = try at("updated_at")
    }
}

/// Where each column of a `case_events` row is in a statement's result, found by name once per statement.
struct EventLayout {
    let caseID, seq, actorID, role, action, at, fromState, toState, note, attachments: Int

    init(_ statement: Statement) throws {
        let names = statement.columnNames
        func index(_ name: String) throws -> Int {
            guard let i = names.firstIndex(of: name) else { throw DatabaseError(message: "no column \(name) among the event columns read") }
            return i
        }
        caseID = try index("case_id"); seq = try index("seq"); actorID = try index("actor_id"); role = try index("role")
        action = try index("action"); at = try index("at"); fromState = try index("from_state"); toState = try index("to_state")
        note = try index("note"); attachments = try index("attachments")
    }
}
