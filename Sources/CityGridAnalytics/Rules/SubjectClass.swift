import CityGridCore

/// What is evaluated and ranked (考核对象): regions at each level, disposing bodies, people by role.
public enum SubjectClass: String, CaseIterable, Sendable {
    case district, subdistrict, community, grid
    /// Every body cases are dispatched to (处置单位): departments, subdistrict and community offices,
    /// enterprises; the export's `department_code`.
    case department
    case enterprise
    case ngo
    case inspector
    case intakeOperator = "intake_operator"
    case shiftLeader = "shift_leader"
    case dispatcher

    public var label: LocalizedText {
        switch self {
        case .district: LocalizedText(zh: "区", en: "District")
        case .subdistrict: LocalizedText(zh: "街道", en: "Subdistrict")
        case .community: LocalizedText(zh: "社区", en: "Community")
        case .grid: LocalizedText(zh: "单元网格", en: "Unit grid")
        case .department: LocalizedText(zh: "处置单位", en: "Department or body")
        case .enterprise: LocalizedText(zh: "企业", en: "Enterprise")
        case .ngo: LocalizedText(zh: "社会组织与志愿服务队", en: "NGOs and volunteer teams")
        case .inspector: LocalizedText(zh: "监督员", en: "Grid inspector")
        case .intakeOperator: LocalizedText(zh: "受理员", en: "Intake operator")
        case .shiftLeader: LocalizedText(zh: "值班长", en: "Shift leader")
        case .dispatcher: LocalizedText(zh: "派遣员", en: "Dispatcher")
        }
    }

    /// True for the levels of the region hierarchy.
    public var isRegion: Bool { [.district, .subdistrict, .community, .grid].contains(self) }

    /// The role of a person class.
    public var role: Role? {
        switch self {
        case .inspector: .inspector
        case .intakeOperator: .intakeOperator
        case .shiftLeader: .shiftLeader
        case .dispatcher: .dispatcher
        default: nil
        }
    }

    /// The stage whose actor a person is judged by unless an indicator says otherwise (the
    /// inspector: the cases they reported).
    var defaultStage: String? {
        switch self {
        case .intakeOperator: "intake"
        case .shiftLeader: "filing"
        case .dispatcher: "dispatch"
        default: nil
        }
    }
}
