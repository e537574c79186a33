import Foundation

/// The tag of ``PointsEntryID``.
public enum PointsEntryTag {}
/// A ledger entry's id: the store's row number, from 1, in the order entries were written.
public typealias PointsEntryID = Identifier<PointsEntryTag, Int64>

/// One entry of the append-only points ledger (积分流水). Its account, delta, reason, case and time
/// never change once written; a held entry's review is recorded on it (status, reviewer, time), and
/// a release writes a new `review_release` entry that pays the points.
public struct PointsEntry: Hashable, Codable, Sendable {
    public var id: PointsEntryID
    public var account: UserID
    /// Points added (positive) or taken away (negative).
    public var delta: Int
    public var reason: PointsReason
    public var caseID: CaseID?
    public var at: Date
    public var status: PointsStatus
    /// Why an anti-gaming rule held it (a ``AntiGaming/Finding`` code), or `nil`.
    public var heldReason: String?
    /// The reviewer and time of the review of a held entry.
    public var reviewedBy: UserID?
    public var reviewedAt: Date?
    /// The grid of the case the points are for (leaderboards by area), or `nil`.
    public var grid: RegionCode?
    /// The device the account reported from, when known (anti-gaming).
    public var deviceID: String?
    /// The other party of the award (the reporter of a claimed task), when there is one (anti-gaming).
    public var counterpart: UserID?
    /// What makes the award unique (`report_filed:case:12`): a second award with the same key is never written.
    public var key: String?

    public init(id: PointsEntryID, account: UserID, delta: Int, reason: PointsReason, caseID: CaseID? = nil, at: Date, status: PointsStatus = .paid,
                heldReason: String? = nil, reviewedBy: UserID? = nil, reviewedAt: Date? = nil, grid: RegionCode? = nil, deviceID: String? = nil,
                counterpart: UserID? = nil, key: String? = nil) {
        self.id = id
        self.account = account
        self.delta = delta
        self.reason = reason
        self.caseID = caseID
        self.at = at
        self.status = status
        self.heldReason = heldReason
        self.reviewedBy = reviewedBy
        self.reviewedAt = reviewedAt
        self.grid = grid
        self.deviceID = deviceID
        self.counterpart = counterpart
        self.key = key
    }

    /// Whether the entry counts in its account's balance.
    public var counts: Bool { status == .paid }
}
