import CityGridGeometry
import Foundation

/// A report as it arrives from any channel (信息收集).
public struct CaseReport: Hashable, Codable, Sendable {
    public var category: CategoryCode
    public var location: GeoPoint
    public var description: String
    public var source: CaseSource
    public var componentID: String?
    /// The outside client, its request key, the device and the reporter's contact, if any.
    public var origin: ReportOrigin?
    /// Photos sent with the report (`media:` references to the reporter's uploads), on its report event.
    public var attachments: [String] = []

    public init(category: CategoryCode, location: GeoPoint, description: String, source: CaseSource, componentID: String? = nil,
                origin: ReportOrigin? = nil) {
        self.origin = origin
        self.category = category
        self.location = location
        self.description = description
        self.source = source
        self.componentID = componentID
    }
}

/// Intake: turns a report into a case draft, geocoded, classified and ready to be numbered.
public struct CaseIntake: Sendable {
    public var geocoder: Geocoder
    public var machine: WorkflowMachine

    public init(geocoder: Geocoder, machine: WorkflowMachine) {
        self.geocoder = geocoder
        self.machine = machine
    }

    /// The longest description accepted, in characters.
    public static let maxDescriptionLength = 4000

    /// Validates `report` and builds the draft with its `report` event.
    public func draft(_ report: CaseReport, by actor: Actor, at: Date) throws(DomainError) -> CaseDraft {
        guard let entry = machine.environment.catalogue[report.category] else {
            throw DomainError(.invalid, code: "unknown_category", field: "category",
                              zh: "目录中没有类别 \(report.category)", en: "The catalogue has no category \(report.category)")
        }
        guard report.description.count <= Self.maxDescriptionLength else {
            throw .invalidField("description", zh: "描述不能超过\(Self.maxDescriptionLength)字", en: "The description is longer than \(Self.maxDescriptionLength) characters")
        }
        guard !TextRules.hasControlCharacters(report.description) else {
            throw .invalidField("description", zh: "描述含有控制字符", en: "The description holds control characters (only line breaks and tabs are allowed)")
        }
        if let component = report.componentID {
            guard Component.isValidID(component) else {
                throw .invalidField("component_id", zh: "部件编码须为16位数字", en: "A component ID is 16 digits")
            }
            guard entry.code.kind == .component else {
                throw .invalidField("component_id", zh: "事件类案件不关联部件", en: "An event case has no component")
            }
        }
        let chain = try geocoder.locate(report.location)
        try machine.authoriseReport(by: actor, at: chain)
        let at = Date(timeIntervalSince1970: at.timeIntervalSince1970.rounded(.down))
        var value = Case(id: .unassigned, number: "", category: report.category, source: report.source, location: report.location, chain: chain,
                         description: report.description, reporterID: actor.userID, componentID: report.componentID, reportedAt: at,
                         state: machine.environment.definition.initial)
        machine.startClocks(of: &value, at: at)
        let event = CaseEvent(caseID: .unassigned, sequence: 1, actorID: actor.userID, role: actor.role, action: .report, at: at,
                              fromState: nil, toState: value.state, note: report.source.rawValue,
                              attachments: report.attachments)
        let prefix = CaseNumber.prefix(category: report.category, localDay: machine.environment.calendar.localDate(of: at))
        try report.origin?.validate()
        var draft = CaseDraft(value: value, numberPrefix: prefix, events: [event])
        draft.origin = report.origin
        return draft
    }
}
