import CityGridCore
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
    var deadline_at: Date?
    var rework_count: Int
    var extension_count: Int
    var return_count: Int
    var suspended_seconds: Int64
    var satisfaction: String?
    var version: Int
    var available_actions: [String]?

    init(_ c: Case, catalogue: Catalogue, actions: [WorkflowAction]? = nil) {
        id = c.id; number = c.number; kind = c.kind.rawValue; category = c.category.rawValue
        category_name = catalogue[c.category]?.name; source = c.source.rawValue
        lon = c.location.lon; lat = c.location.lat
        grid_code = c.chain.grid.rawValue; community_code = c.chain.community.rawValue
        subdistrict_code = c.chain.subdistrict.rawValue; district_code = c.chain.district.rawValue
        description = c.description; reporter_id = c.reporterID; component_id = c.componentID
        state = c.state.rawValue; state_label = c.state.label; department_code = c.departmentCode
        reported_at = c.reportedAt; accepted_at = c.acceptedAt; filed_at = c.filedAt; dispatched_at = c.dispatchedAt
        disposed_at = c.disposedAt; checked_at = c.checkedAt; closed_at = c.closedAt; deadline_at = c.deadlineAt
        rework_count = c.reworkCount; extension_count = c.extensionCount; return_count = c.returnCount
        suspended_seconds = c.suspendedSeconds; satisfaction = c.satisfaction; version = c.version
        available_actions = actions?.map(\.rawValue)
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

    init(_ e: CaseEvent) {
        sequence = e.sequence; actor_id = e.actorID; role = e.role.rawValue; action = e.action.rawValue
        action_label = e.action.label; at = e.at; from_state = e.fromState?.rawValue; to_state = e.toState.rawValue; note = e.note
    }
}
