/// Where a case stands in the closed loop (闭环).
///
/// States are data: the workflow definition (``WorkflowDefinition``) names them, labels them and says
/// which are terminal, so a city can add a stage. The constants below are the states of the shipped
/// definition that code refers to by name.
public struct CaseState: StringCoded, Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    /// Reported, waiting for intake (待受理).
    public static let reported: CaseState = "reported"
    /// An inspector has been asked to verify the report on site (核实中).
    public static let verifying: CaseState = "verifying"
    /// Accepted by intake, waiting to be filed (待立案).
    public static let accepted: CaseState = "accepted"
    /// Filed, waiting for dispatch (待派遣).
    public static let filed: CaseState = "filed"
    /// Sent to the responsible body (处置中).
    public static let dispatched: CaseState = "dispatched"
    /// The body reports it disposed, waiting for the on-site check (待核查).
    public static let disposed: CaseState = "disposed"
    /// Checked on site and found fixed, waiting to be closed (待结案).
    public static let checked: CaseState = "checked"
    /// Closed (已结案).
    public static let closed: CaseState = "closed"
    /// Rejected as not a case (不予受理).
    public static let rejected: CaseState = "rejected"
    /// Invalidated with a leader's approval (已作废).
    public static let invalidated: CaseState = "invalidated"
    /// Merged into another case as a duplicate (已合并).
    public static let merged: CaseState = "merged"
    /// Suspended: seasonal or engineering work; the clock stops (挂账中).
    public static let suspended: CaseState = "suspended"

    public var description: String { rawValue }
    public static func < (lhs: CaseState, rhs: CaseState) -> Bool { lhs.rawValue < rhs.rawValue }

    public init?(codedString: String) {
        guard !codedString.isEmpty else { return nil }
        self.rawValue = codedString
    }
    public var codedString: String { rawValue }
    public static let codedStringExpectation = "a state name"
}
