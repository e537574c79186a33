/// Something a caller may read or do (权限), named in the access policy: `case.read`,
/// `evaluation.explain`, `media.upload`. Permissions are data like roles; the constants are the
/// ones CityGrid's front ends ask about.
public struct Permission: RawRepresentable, StringCoded, Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String

    /// A permission name: `resource.verb`, lowercase letters and `_`.
    public init?(rawValue: String) {
        let parts = rawValue.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { (97...122).contains($0) || $0 == 95 } }) else { return nil }
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        guard let parsed = Permission(rawValue: value) else { preconditionFailure("not a permission: \(value)") }
        self = parsed
    }

    /// Report a new case (上报).
    public static let caseReport: Permission = "case.report"
    /// Read cases, their event logs and evidence (查看案件).
    public static let caseRead: Permission = "case.read"
    /// Take workflow steps on cases; which steps is the workflow definition's decision (办理).
    public static let caseAct: Permission = "case.act"
    /// See the reports merged into a case (重复上报).
    public static let caseDuplicates: Permission = "case.duplicates"
    /// Read evaluations: rankings, figures, grades (考核评价).
    public static let evaluationRead: Permission = "evaluation.read"
    /// List the cases behind a figure.
    public static let evaluationExplain: Permission = "evaluation.explain"
    /// Evaluate with a posted rule file (heavy work, bounded).
    public static let evaluationCustom: Permission = "evaluation.custom"
    /// Read analytics: hot spots, trends, recurring problems, time to close.
    public static let analyticsRead: Permission = "analytics.read"
    /// Upload evidence (photos, documents).
    public static let mediaUpload: Permission = "media.upload"
    /// Read the city's organisations and the routing proposal for a case.
    public static let organisationRead: Permission = "organisation.read"
    /// Read the list of users.
    public static let userRead: Permission = "user.read"
    /// Grant a lower body a delegated power, or revoke one, within the reach of the permission (放权).
    public static let delegationGrant: Permission = "delegation.grant"
    /// Read the delegations in force and their history.
    public static let delegationRead: Permission = "delegation.read"
    /// See the pool of tasks the caller's organisation may claim, and claim one (认领).
    public static let caseClaim: Permission = "case.claim"
    /// Moderate virtual communities: hide posts and comments, with reasons kept.
    public static let communityModerate: Permission = "community.moderate"
    /// Read one's own inbox, mark its notices read, and set one's notice preferences (通知).
    public static let noticeRead: Permission = "notice.read"
    /// Read an organisation's inbox and mark its notices read (单位收件箱).
    public static let noticeOrganisation: Permission = "notice.organisation"
    /// Read one's own points balance and ledger entries (我的积分).
    public static let pointsRead: Permission = "points.read"
    /// Redeem one's points for a reward (积分兑换).
    public static let pointsRedeem: Permission = "points.redeem"
    /// Review the points held by the anti-gaming rules: release or void them (积分审核).
    public static let pointsReview: Permission = "points.review"
    /// Manage the points rules and the rewards catalogue (积分规则与奖品管理).
    public static let pointsManage: Permission = "points.manage"
    /// Read a reporter's or citizen's personal data (name, phone, e-mail, account, device) unmasked,
    /// within the reach of the permission: the return visit and intake of a case (个人信息); every
    /// such read by staff is written to the audit log.
    public static let personalRead: Permission = "personal.read"
    /// Query the audit log of staff reads of personal data (个人信息访问审计).
    public static let auditRead: Permission = "audit.read"

    public var description: String { rawValue }
    public static func < (lhs: Permission, rhs: Permission) -> Bool { lhs.rawValue < rhs.rawValue }

    public init?(codedString: String) { self.init(rawValue: codedString) }
    public var codedString: String { rawValue }
    public static let codedStringExpectation = "a permission such as case.read"
}

extension Permission {
    /// Every permission CityGrid's front ends ask about; a policy file naming another is refused (a
    /// typo would otherwise grant nothing, silently).
    public static let known: [Permission] = [
        .caseReport, .caseRead, .caseAct, .caseDuplicates, .evaluationRead, .evaluationExplain, .evaluationCustom,
        .analyticsRead, .mediaUpload, .organisationRead, .userRead, .delegationGrant, .delegationRead, .communityModerate, .caseClaim,
        .noticeRead, .noticeOrganisation, .pointsRead, .pointsRedeem, .pointsReview, .pointsManage,
        .personalRead, .auditRead,
    ]
}
