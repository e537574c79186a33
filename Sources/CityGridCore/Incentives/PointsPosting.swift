import Foundation

/// The ledger's own rules (记账规则), applied by a store inside the write transaction to the facts it
/// reads there, so that concurrent awards and redemptions never overshoot a cap nor overspend:
///
/// - an award earns at most what is left of its reason's daily cap for the account (held awards
///   count toward the cap, voided ones do not); nothing left: nothing is written;
/// - a deduction takes at most the account's balance (a balance never goes below zero); a zero
///   balance: nothing is written;
/// - a spending (a redemption) is refused whole when the balance is short.
public enum PointsPosting {
    /// The points to write for `award`, given what the account earned of that reason on that day and
    /// its balance now; `nil`: write nothing.
    public static func delta(for award: PointsAward, earnedToday: Int, balance: Int) -> Int? {
        if award.points > 0 {
            let room = award.dailyCap.map { max(0, $0 - earnedToday) } ?? award.points
            let points = min(award.points, room)
            return points > 0 ? points : nil
        }
        if award.points < 0 {
            let points = max(award.points, -max(0, balance))
            return points < 0 ? points : nil
        }
        return nil
    }

    /// Refuses a spending of `cost` points from a balance of `balance`.
    public static func checkSpending(_ cost: Int, balance: Int) throws(DomainError) {
        guard cost > 0 else { throw DomainError.invalidField("quantity", zh: "兑换数量须为正数", en: "The quantity must be positive") }
        guard balance >= cost else {
            throw DomainError(.conflict, code: "insufficient_points", zh: "积分不足：需要\(cost)，余额\(balance)", en: "Not enough points: \(cost) needed, \(balance) held")
        }
    }

    /// The day (in the rules' time zone, whole hours from UTC) that `date` falls in: its start and end.
    public static func day(of date: Date, utcOffsetHours: Int) -> (start: Date, end: Date) {
        let offset = Double(utcOffsetHours * 3600)
        let local = (date.timeIntervalSince1970 + offset)
        let start = (local / 86_400).rounded(.down) * 86_400 - offset
        return (Date(timeIntervalSince1970: start), Date(timeIntervalSince1970: start + 86_400))
    }
}
