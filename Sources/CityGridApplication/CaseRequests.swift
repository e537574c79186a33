import CityGridCore
import CityGridGeometry
import Foundation

/// A report as a front end received it (上报请求): fields as given, checked by ``CityApplication/report(_:by:at:)``
/// against the configuration, with errors that name the field.
public struct ReportRequest: Sendable {
    public var category: String?
    public var location: GeoPoint?
    public var description: String
    /// A channel the caller's role may use; the role's own when `nil`.
    public var source: String?
    public var componentID: String?

    public init(category: String?, location: GeoPoint?, description: String = "", source: String? = nil, componentID: String? = nil) {
        self.category = category
        self.location = location
        self.description = description
        self.source = source
        self.componentID = componentID
    }
}

/// A workflow step as a front end received it (办理请求).
public struct StepRequest: Sendable {
    public var action: String?
    public var note: String
    public var departmentCode: String?
    public var departmentCodes: [String]
    public var hours: Double?
    public var attachments: [String]
    public var parentCaseID: Int64?
    public var solved: Bool?
    public var satisfaction: String?
    public var rating: Int?
    /// When given, the step is refused (409) unless the case is still at this version.
    public var expectedVersion: Int?

    public init(action: String?, note: String = "", departmentCode: String? = nil, departmentCodes: [String] = [], hours: Double? = nil,
                attachments: [String] = [], parentCaseID: Int64? = nil, solved: Bool? = nil, satisfaction: String? = nil,
                rating: Int? = nil, expectedVersion: Int? = nil) {
        self.action = action
        self.note = note
        self.departmentCode = departmentCode
        self.departmentCodes = departmentCodes
        self.hours = hours
        self.attachments = attachments
        self.parentCaseID = parentCaseID
        self.solved = solved
        self.satisfaction = satisfaction
        self.rating = rating
        self.expectedVersion = expectedVersion
    }
}

/// What a case list asks for (案件查询), before the caller's visibility is added.
public struct CaseListRequest: Sendable {
    /// State names of the city's workflow; empty for every state.
    public var states: [String] = []
    /// A category code prefix: C or E and up to four digits.
    public var category: String?
    public var region: RegionCode?
    public var department: String?
    public var reportedFrom: Date?
    public var reportedBefore: Date?
    public var beforeID: Int64?
    public var limit: Int = 50
    /// `warned` or `escalated`: cases at that alert level or above.
    public var alert: String?

    public init() {}
}
