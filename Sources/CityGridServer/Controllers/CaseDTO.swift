import CityGridCore
import CityGridApplication
import CityGridGeometry
import Foundation

/// A case as the API shows it.
struct CaseDTO: Encodable {
    var id: Int64
    var number: String
    var kind: String
    var category: String
    var category_name: LocalizedText?
    var source: String
    var lon: Double
    var lat: Double
    var grid_code: String
    var community_code: String
    var subdistrict_code: String
    var district_code: String
    var description: String
    var reporter_id: Int64
    var component_id: String?
    var state: String
    var state_label: LocalizedText
    var department_code: String?
    var reported_at: Date
    var accepted_at: Date?
    var filed_at: Date?
    var dispatched_at: Date?
    var disposed_at: Date?
    var checked_at: Date?
    var closed_at: Date?
    /// The effective disposal deadline.
    var deadline_at: Date?
    var case_deadline_at: Date?
    var stage: String?
    var stage_deadline_at: Date?
    var warn_at: Date?
    /// green, yellow, red, paused or none.
    var light: String
    var alert_level: Int
    var rework_count: Int
    var extension_count: Int
    var return_count: Int
    var supervision_count: Int
    var dispatch_count: Int
    var pending_extension_hours: Double?
    var suspended_seconds: Int64
    var suspended_since: Date?
    var parent_case_id: Int64?
    var likely_duplicate_of: Int64?
    var reopened_from_id: Int64?
    var reopen_count: Int
    var verified: Bool
    var self_handled: Bool
    var solved: Bool?
    var satisfaction: String?
    var subtasks: [Subtask]
    var version: Int
    /// The names of the actions offered to the caller (kept for older clients: the same as `actions`).
    var available_actions: [String]?
    /// The actions offered to the caller, each with the inputs it needs (`note`, `hours`, …).
    var actions: [ActionOfferDTO]?
    /// After a step: cases the step opened (a reopening).
    var created: [CaseDTO]?

    /// `view`: the case as the application layer gives it to this caller (its names, and the
    /// actions offered when it is a single case).
    init(_ view: CaseView, now: Date = Date()) {
        let c = view.value
        id = c.id.rawValue; number = c.number; kind = c.kind.rawValue; category = c.category.rawValue
        category_name = view.categoryName; source = c.source.rawValue
        lon = c.location.lon; lat = c.location.lat
        grid_code = c.chain.grid.rawValue; community_code = c.chain.community.rawValue
        subdistrict_code = c.chain.subdistrict.rawValue; district_code = c.chain.district.rawValue
        description = c.description; reporter_id = c.reporterID?.rawValue ?? 0; component_id = c.componentID
        state = c.state.rawValue; state_label = view.stateLabel; department_code = c.departmentCode?.rawValue
        reported_at = c.reportedAt; accepted_at = c.acceptedAt; filed_at = c.filedAt; dispatched_at = c.dispatchedAt
        disposed_at = c.disposedAt; checked_at = c.checkedAt; closed_at = c.closedAt; deadline_at = c.deadlineAt
        case_deadline_at = c.caseDeadlineAt; stage = c.stage; stage_deadline_at = c.stageDeadlineAt; warn_at = c.warnAt
        light = c.light(at: now).rawValue; alert_level = c.alertLevel.rawValue
        rework_count = c.reworkCount; extension_count = c.extensionCount; return_count = c.returnCount
        supervision_count = c.supervisionCount; dispatch_count = c.dispatchCount
        pending_extension_hours = c.pendingExtensionSeconds.map { Double($0) / 3600 }
        suspended_seconds = c.suspendedSeconds; suspended_since = c.suspendedSince
        parent_case_id = c.parentCaseID?.rawValue; likely_duplicate_of = c.likelyDuplicateOf?.rawValue; reopened_from_id = c.reopenedFromID?.rawValue
        reopen_count = c.reopenCount; verified = c.verified; self_handled = c.selfHandled; solved = c.solved
        satisfaction = c.satisfaction?.rawValue; subtasks = c.subtasks; version = c.version
        available_actions = view.offers?.map(\.action.rawValue)
        actions = view.offers?.map(ActionOfferDTO.init)
        created = view.created?.map { CaseDTO($0, now: now) }
    }
}

/// One action offered on a case: `{"action": "reject", "label": {…}, "needs": ["note"], "bodies": []}`.
struct ActionOfferDTO: Encodable {
    var action: String
    var label: LocalizedText
    var needs: [String]
    var bodies: [String]

    init(_ offer: ActionOffer) {
        action = offer.action.rawValue; label = offer.label; needs = offer.needs.map(\.rawValue); bodies = offer.bodies.map(\.rawValue)
    }
}

struct CaseEventDTO: Encodable {
    var sequence: Int
    var actor_id: Int64
    var role: String
    var action: String
    var action_label: LocalizedText
    var at: Date
    var from_state: String?
    var to_state: String
    var note: String
    var attachments: [String]

    init(_ view: CaseEventView) {
        let e = view.event
        sequence = e.sequence; actor_id = e.actorID?.rawValue ?? 0; role = e.role.rawValue; action = e.action.rawValue
        action_label = view.actionLabel
        at = e.at; from_state = e.fromState?.rawValue; to_state = e.toState.rawValue; note = e.note; attachments = e.attachments
    }
}
