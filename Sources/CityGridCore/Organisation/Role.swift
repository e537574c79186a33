/// What a person does in the closed loop (角色): it decides, through the access policy
/// (``AccessPolicy``) and the workflow definition, what they may read and which actions they may take.
///
/// Roles are data, like ``CaseState``: the access policy names them, labels them and says what each
/// may do, so a city can add one. The constants below are the roles of the shipped policy that code
/// refers to by name.
public struct Role: RawRepresentable, StringCoded, Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String

    /// A role name: 1 to 40 lowercase letters, digits and underscores, starting with a letter.
    public init?(rawValue: String) {
        guard Role.isValidName(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        precondition(Role.isValidName(value), "not a role name: \(value)")
        self.rawValue = value
    }

    /// Grid inspector (监督员/网格员): reports problems in the field, verifies and checks on site.
    public static let inspector: Role = "inspector"
    /// Intake operator (受理员): accepts reports from every channel.
    public static let intakeOperator: Role = "intake_operator"
    /// Shift leader (值班长): files cases and closes them.
    public static let shiftLeader: Role = "shift_leader"
    /// Dispatcher (派遣员): sends filed cases to the responsible body.
    public static let dispatcher: Role = "dispatcher"
    /// Department handler (专业部门处置人员): disposes the cases sent to their organisation.
    public static let departmentHandler: Role = "department_handler"
    /// Leader or observer (领导): reads everything in their jurisdiction.
    public static let leader: Role = "leader"
    /// Analyst (数据分析员): reads cases, evaluations and analytics in their jurisdiction; takes no step.
    public static let analyst: Role = "analyst"
    /// A citizen (市民) reporting through the app, the web or Open311.
    public static let citizen: Role = "citizen"
    /// A member of an NGO or volunteer team (志愿者): claims low-risk tasks of the team's area from the
    /// pool and disposes them with evidence, checked like any body's.
    public static let volunteer: Role = "volunteer"
    /// System administrator (系统管理员): configuration and users.
    public static let admin: Role = "admin"
    /// CityGrid itself: the clock that warns and escalates. Never a user's role.
    public static let system: Role = "system"

    /// The roles of the shipped policy, in the order they are listed.
    public static let allCases: [Role] = [.inspector, .intakeOperator, .shiftLeader, .dispatcher, .departmentHandler, .leader, .analyst,
                                          .citizen, .volunteer, .admin, .system]

    /// The shipped roles a person can hold.
    public static let userRoles: [Role] = allCases.filter { $0 != .system }

    /// The role's name in both languages, from the shipped policy; a city's own role shows its name.
    public var label: LocalizedText {
        AccessPolicy.standard.roles[self]?.label ?? LocalizedText(zh: rawValue, en: rawValue)
    }

    /// Staff are every role but citizens and the system (the shipped policy's `staff` flag).
    public var isStaff: Bool { AccessPolicy.standard.roles[self]?.staff ?? (self != .citizen && self != .system) }

    public var description: String { rawValue }
    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rawValue < rhs.rawValue }

    public init?(codedString: String) { self.init(rawValue: codedString) }
    public var codedString: String { rawValue }
    public static let codedStringExpectation = "a role name (lowercase letters, digits and _)"

    static func isValidName(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...40).contains(bytes.count), (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[0]) else { return false }
        return bytes.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "_") }
    }
}
