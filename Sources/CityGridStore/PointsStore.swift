import CityGridCore
import Foundation

/// One account's points over a period (a leaderboard row).
public struct PointsStanding: Hashable, Sendable, Codable {
    public var account: UserID
    public var points: Int

    public init(account: UserID, points: Int) {
        self.account = account
        self.points = points
    }
}

/// The incentive points ledger (积分账本): append-only entries, balances, the rewards catalogue, the
/// rules file and the awarding cursor.
///
/// Contract:
/// - Entries are only appended; an entry's account, delta, reason, case and time never change. A
///   held entry is reviewed once: released (its status, reviewer and time recorded, and a paid
///   `review_release` entry of the same points appended) or voided.
/// - A balance is the sum of the account's `paid` entries; it never goes below zero.
/// - ``postPoints(_:cursor:)`` writes a batch in one write transaction, judging each award by
///   ``PointsPosting`` on what that transaction reads (earned today, balance), so concurrent writers
///   never overshoot a daily cap nor take a balance below zero; an award whose key is already in the
///   ledger is skipped; the cursor, when given, is saved in the same transaction (never moved back).
/// - ``redeem(reward:account:quantity:at:)`` checks the stock and the balance, takes the stock and
///   appends the negative entry in one write transaction, or refuses (`out_of_stock`,
///   `insufficient_points`) and writes nothing.
public protocol PointsStore: Sendable {
    /// Writes the awards that earn something; returns the entries written, in order.
    @discardableResult
    func postPoints(_ awards: [PointsAward], cursor: Int64?) async throws -> [PointsEntry]

    /// The cursor of the change log the awarding has read to (0 when never saved).
    func pointsCursor() async throws -> Int64

    /// An account's balance (0 for an account with no entry).
    func pointsBalance(of account: UserID) async throws -> Int

    /// Every account with an entry and its balance, by account.
    func pointsBalances() async throws -> [PointsStanding]

    /// Entries after `after` (by id), oldest first, at most `limit`; only `account`'s when given.
    func pointsEntries(account: UserID?, after: PointsEntryID?, limit: Int) async throws -> [PointsEntry]

    /// Entries written at or after `since` (the history the anti-gaming rules look at), oldest first.
    func pointsEntries(since: Date) async throws -> [PointsEntry]

    /// Held entries, oldest first, at most `limit`.
    func heldPointsEntries(limit: Int) async throws -> [PointsEntry]

    /// Releases (`release`) or voids a held entry; refuses one not held (`not_held`) or missing.
    func reviewPoints(_ id: PointsEntryID, release: Bool, by reviewer: UserID, at: Date) async throws -> PointsEntry

    /// The accounts that earned most in `[from, to)` from entries of cases in grids under `region`
    /// (all when `nil`): the sum of paid positive entries other than releases' counterparts, highest first, then by account.
    func pointsLeaderboard(region: RegionCode?, from: Date, to: Date, limit: Int) async throws -> [PointsStanding]

    /// The rewards catalogue, by code.
    func rewards() async throws -> [PointsReward]

    /// Adds a reward or replaces one with the same code (its name, cost and stock).
    func putReward(_ reward: PointsReward) async throws

    /// Redeems `quantity` of a reward for `account`: the entry written.
    func redeem(reward code: String, account: UserID, quantity: Int, at: Date) async throws -> PointsEntry

    /// The rules file the city set (`nil`: the shipped rules).
    func pointsRulesJSON() async throws -> String?

    /// Sets the rules file (validated by the caller).
    func setPointsRulesJSON(_ json: String) async throws
}
