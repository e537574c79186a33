/// Who a step's notices go to (通知对象): the store reads the candidates with its primitives
/// ("users with role R in jurisdiction J", "cases merged into C") and writes one notification per
/// recipient this rule names.
public enum NotificationRecipients {
    /// One notice: to `userID`, about `caseID`.
    public struct Recipient: Hashable, Sendable {
        public var userID: UserID
        public var caseID: CaseID

        public init(userID: UserID, caseID: CaseID) {
            self.userID = userID
            self.caseID = caseID
        }
    }

    /// The role whose holders in the level above receive escalations.
    public static let escalationRole = Role.leader

    /// The leaders of `region` (the city-wide ones, without a jurisdiction, when `nil`), among
    /// `users`, told about `caseID`.
    public static func escalation(of caseID: CaseID, region: RegionCode?, among users: [User]) -> [Recipient] {
        users.filter { $0.role == escalationRole && $0.jurisdiction == region }.map { Recipient(userID: $0.id, caseID: caseID) }
    }

    /// The reporters of the cases merged into a parent that ended, each told about their own report;
    /// reports without a known reporter (none: the hotline's anonymous callers, the clock) are skipped.
    public static func mergedReporters(of children: [Case]) -> [Recipient] {
        children.compactMap { child in child.reporterID.map { Recipient(userID: $0, caseID: child.id) } }
    }
}
