/// What a person does in the closed loop; it decides which workflow actions they may take.
public enum Role: String, Codable, Sendable, CaseIterable {
    /// Grid inspector (监督员/网格员): reports problems in the field, verifies and checks on site.
    case inspector
    /// Intake operator (受理员): accepts reports from every channel.
    case intakeOperator = "intake_operator"
    /// Shift leader (值班长): files cases and closes them.
    case shiftLeader = "shift_leader"
    /// Dispatcher (派遣员): sends filed cases to the responsible body.
    case dispatcher
    /// Department handler (专业部门处置人员): disposes the cases sent to their organisation.
    case departmentHandler = "department_handler"
    /// Leader or observer (领导): reads everything in their jurisdiction.
    case leader
    /// A citizen (市民) reporting through the app, the web or Open311.
    case citizen
    /// System administrator (系统管理员): configuration and users.
    case admin
    /// CityGrid itself: the clock that warns and escalates. Never a user's role.
    case system

    public var label: LocalizedText {
        switch self {
        case .inspector: LocalizedText(zh: "监督员", en: "Grid inspector")
        case .intakeOperator: LocalizedText(zh: "受理员", en: "Intake operator")
        case .shiftLeader: LocalizedText(zh: "值班长", en: "Shift leader")
        case .dispatcher: LocalizedText(zh: "派遣员", en: "Dispatcher")
        case .departmentHandler: LocalizedText(zh: "专业部门", en: "Department handler")
        case .leader: LocalizedText(zh: "领导", en: "Leader")
        case .citizen: LocalizedText(zh: "市民", en: "Citizen")
        case .admin: LocalizedText(zh: "系统管理员", en: "Administrator")
        case .system: LocalizedText(zh: "系统", en: "System")
        }
    }

    /// Staff are every role but citizens and the system.
    public var isStaff: Bool { self != .citizen && self != .system }

    /// The roles a person can hold.
    public static let userRoles: [Role] = allCases.filter { $0 != .system }
}
