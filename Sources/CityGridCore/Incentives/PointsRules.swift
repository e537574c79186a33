import Foundation

/// The incentive rules (积分规则) as data: the points of each reason, the daily cap per account, the
/// words of a rejection's reason that make it spam rather than merely invalid, and the anti-gaming
/// thresholds. Read from a JSON file (``PointsRulesFile``); ``standard`` is shipped.
public struct PointsRules: Hashable, Sendable {
    /// One reason's rule (积分规则条目).
    public struct Rule: Hashable, Sendable {
        public var reason: PointsReason
        /// Positive for an award, negative for a deduction.
        public var points: Int
        /// The most points of this reason one account may earn in one day; `nil`: no cap.
        public var dailyCap: Int?

        public init(reason: PointsReason, points: Int, dailyCap: Int? = nil) {
            self.reason = reason
            self.points = points
            self.dailyCap = dailyCap
        }
    }

    public var rules: [PointsReason: Rule]
    /// The city's time zone in whole hours from UTC (days of the caps and of leaderboards).
    public var utcOffsetHours: Int
    /// The workflow actions whose rejection of a citizen's report takes points (`reject`).
    public var invalidActions: [WorkflowAction]
    /// Words in the rejection's reason (case-insensitive) that make it a spam report.
    public var spamKeywords: [String]
    public var antiGaming: AntiGaming

    public init(rules: [Rule], utcOffsetHours: Int = 8, invalidActions: [WorkflowAction] = [.reject], spamKeywords: [String] = [],
                antiGaming: AntiGaming = AntiGaming()) {
        self.rules = Dictionary(rules.map { ($0.reason, $0) }, uniquingKeysWith: { a, _ in a })
        self.utcOffsetHours = utcOffsetHours
        self.invalidActions = invalidActions
        self.spamKeywords = spamKeywords
        self.antiGaming = antiGaming
    }

    /// The rule of `reason`, if the rules give it points.
    public func rule(_ reason: PointsReason) -> Rule? { rules[reason] }

    /// Whether a rejection's reason names spam.
    public func isSpam(_ note: String) -> Bool {
        let lowered = note.lowercased()
        return spamKeywords.contains { !$0.isEmpty && lowered.contains($0.lowercased()) }
    }

    /// An award of `reason`'s points, capped as the rule says; `nil` when no rule gives it points.
    public func award(_ reason: PointsReason, to account: UserID, caseID: CaseID?, at: Date, grid: RegionCode? = nil, deviceID: String? = nil,
                      counterpart: UserID? = nil, key: String) -> PointsAward? {
        guard let rule = rules[reason], rule.points != 0 else { return nil }
        return PointsAward(account: account, points: rule.points, reason: reason, caseID: caseID, at: at, grid: grid, deviceID: deviceID,
                           counterpart: counterpart, key: key, dailyCap: rule.dailyCap, utcOffsetHours: utcOffsetHours)
    }
}
