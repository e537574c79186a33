import Foundation

/// An award or deduction to write (待记积分): what ``PointsAwarding`` decides and the store posts
/// through ``PointsPosting`` (the daily cap and the balance are judged in the store's transaction).
public struct PointsAward: Hashable, Codable, Sendable {
    public var account: UserID
    /// The rule's points: positive for an award, negative for a deduction.
    public var points: Int
    public var reason: PointsReason
    public var caseID: CaseID?
    public var at: Date
    /// The anti-gaming finding that holds it for review, or `nil` (paid at once).
    public var heldReason: String?
    public var grid: RegionCode?
    public var deviceID: String?
    public var counterpart: UserID?
    /// What makes it unique: written at most once per key.
    public var key: String
    /// The most points of this reason the account may earn in one day (``PointsRules``), or `nil`.
    public var dailyCap: Int?
    /// The rules' time zone, in whole hours from UTC: where a day of the cap starts.
    public var utcOffsetHours: Int

    public init(account: UserID, points: Int, reason: PointsReason, caseID: CaseID? = nil, at: Date, heldReason: String? = nil,
                grid: RegionCode? = nil, deviceID: String? = nil, counterpart: UserID? = nil, key: String, dailyCap: Int? = nil, utcOffsetHours: Int = 8) {
        self.account = account
        self.points = points
        self.reason = reason
        self.caseID = caseID
        self.at = at
        self.heldReason = heldReason
        self.grid = grid
        self.deviceID = deviceID
        self.counterpart = counterpart
        self.key = key
        self.dailyCap = dailyCap
        self.utcOffsetHours = utcOffsetHours
    }
}
