/// An input a workflow action needs from its caller before its guards can pass, named as the field
/// of the command (and of the HTTP request) that carries it.
public enum WorkflowInput: String, Codable, Sendable, CaseIterable {
    /// A reason, an opinion or a reply (`note`).
    case note
    /// Working hours asked for (`hours`).
    case hours
    /// Photos or links in `attachments`, or a note describing the work.
    case evidence
    /// One body (`department_code`): the body dispatched to, or the summoned body rated.
    case department = "department_code"
    /// Several bodies (`department_codes`): the bodies summoned.
    case departments = "department_codes"
    /// The open case this one duplicates (`parent_case_id`).
    case parentCase = "parent_case_id"
    /// The reporter's satisfaction (`satisfaction`).
    case satisfaction
    /// A rating from 1 to 5 (`rating`).
    case rating

    public var label: LocalizedText {
        switch self {
        case .note: LocalizedText(zh: "理由或意见", en: "A reason or an opinion")
        case .hours: LocalizedText(zh: "延期工作小时数", en: "Working hours")
        case .evidence: LocalizedText(zh: "处置照片、链接或说明", en: "Evidence: photos, links or a note")
        case .department: LocalizedText(zh: "单位", en: "A body")
        case .departments: LocalizedText(zh: "被召集的单位", en: "The bodies summoned")
        case .parentCase: LocalizedText(zh: "要合并到的案件", en: "The case to merge into")
        case .satisfaction: LocalizedText(zh: "满意度", en: "Satisfaction")
        case .rating: LocalizedText(zh: "评分（1到5）", en: "A rating from 1 to 5")
        }
    }
}
