import CityGridCore
import CityGridStore
import Foundation

/// The points ledger's tables in memory (积分账本).
struct PointsTables: Sendable {
    var entries: [PointsEntry] = []
    var keys: Set<String> = []
    var balances: [UserID: Int] = [:]
    var rewards: [String: PointsReward] = [:]
    var rulesJSON: String?
    var cursor: Int64 = 0
}

/// The points ledger in memory: each method one critical section, so a batch is judged and written
/// whole, as SQLite's write transaction does; times to the second, as SQLite keeps them.
extension InMemoryCityStore {
    public func postPoints(_ awards: [PointsAward], cursor: Int64?) async throws -> [PointsEntry] {
        try transaction { state in
            var written: [PointsEntry] = []
            for award in awards {
                guard !state.points.keys.contains(award.key) else { continue }
                let at = Self.second(award.at)
                let day = PointsPosting.day(of: at, utcOffsetHours: award.utcOffsetHours)
                let earned = state.points.entries.reduce(0) { sum, e in
                    e.account == award.account && e.reason == award.reason && e.delta > 0 && e.status != .voided && e.at >= day.start && e.at < day.end ? sum + e.delta : sum
                }
                let balance = state.points.balances[award.account] ?? 0
                guard let delta = PointsPosting.delta(for: award, earnedToday: earned, balance: balance) else { continue }
                let held = award.heldReason != nil && delta > 0
                let entry = PointsEntry(id: PointsEntryID(Int64(state.points.entries.count + 1)), account: award.account, delta: delta, reason: award.reason,
                                        caseID: award.caseID, at: at, status: held ? .held : .paid, heldReason: held ? award.heldReason : nil,
                                        grid: award.grid, deviceID: award.deviceID, counterpart: award.counterpart, key: award.key)
                Self.append(entry, &state.points)
                written.append(entry)
            }
            if let cursor { state.points.cursor = max(state.points.cursor, cursor) }
            return written
        }
    }

    private static func append(_ entry: PointsEntry, _ tables: inout PointsTables) {
        tables.entries.append(entry)
        if let key = entry.key { tables.keys.insert(key) }
        if entry.counts { tables.balances[entry.account, default: 0] += entry.delta }
    }

    private static func second(_ date: Date) -> Date { Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)) }

    public func pointsCursor() async throws -> Int64 {
        try locked { $0.points.cursor }
    }

    public func pointsBalance(of account: UserID) async throws -> Int {
        try locked { $0.points.balances[account] ?? 0 }
    }

    public func pointsBalances() async throws -> [PointsStanding] {
        try locked { state in state.points.balances.map { PointsStanding(account: $0.key, points: $0.value) }.sorted { $0.account < $1.account } }
    }

    public func pointsEntries(account: UserID?, after: PointsEntryID?, limit: Int) async throws -> [PointsEntry] {
        guard limit > 0 else { return [] }
        return try locked { state in
            let start = Int(after?.rawValue ?? 0)
            guard start < state.points.entries.count else { return [] }
            return Array(state.points.entries[max(0, start)...].lazy.filter { account == nil || $0.account == account }.prefix(limit))
        }
    }

    public func pointsEntries(since: Date) async throws -> [PointsEntry] {
        let since = Self.second(since)
        return try locked { state in state.points.entries.filter { $0.at >= since } }
    }

    public func heldPointsEntries(limit: Int) async throws -> [PointsEntry] {
        guard limit > 0 else { return [] }
        return try locked { state in Array(state.points.entries.lazy.filter { $0.status == .held }.prefix(limit)) }
    }

    public func reviewPoints(_ id: PointsEntryID, release: Bool, by reviewer: UserID, at: Date) async throws -> PointsEntry {
        try transaction { state in
            let index = Int(id.rawValue) - 1
            guard state.points.entries.indices.contains(index) else { throw PointsStoreRefusal.missingEntry(id) }
            var entry = state.points.entries[index]
            guard entry.status == .held else { throw PointsStoreRefusal.notHeld(id) }
            entry.status = release ? .released : .voided
            entry.reviewedBy = reviewer
            entry.reviewedAt = Self.second(at)
            state.points.entries[index] = entry
            if release {
                Self.append(PointsEntry(id: PointsEntryID(Int64(state.points.entries.count + 1)), account: entry.account, delta: entry.delta,
                                        reason: .reviewRelease, caseID: entry.caseID, at: Self.second(at), grid: entry.grid, counterpart: entry.counterpart,
                                        key: "review_release:\(id.rawValue)"), &state.points)
            }
            return entry
        }
    }

    public func pointsLeaderboard(region: RegionCode?, from: Date, to: Date, limit: Int) async throws -> [PointsStanding] {
        guard limit > 0 else { return [] }
        let from = Self.second(from), to = Self.second(to)
        return try locked { state in
            var sums: [UserID: Int] = [:]
            for e in state.points.entries where e.counts && e.delta > 0 && e.at >= from && e.at < to {
                if let region { guard let grid = e.grid, region.contains(grid) else { continue } }
                sums[e.account, default: 0] += e.delta
            }
            return Array(sums.map { PointsStanding(account: $0.key, points: $0.value) }
                .sorted { $0.points != $1.points ? $0.points > $1.points : $0.account < $1.account }.prefix(limit))
        }
    }

    public func rewards() async throws -> [PointsReward] {
        try locked { state in state.points.rewards.values.sorted { $0.code < $1.code } }
    }

    public func putReward(_ reward: PointsReward) async throws {
        try reward.validate()
        try locked { state in state.points.rewards[reward.code] = reward }
    }

    public func redeem(reward code: String, account: UserID, quantity: Int, at: Date) async throws -> PointsEntry {
        try transaction { state in
            guard let reward = state.points.rewards[code] else { throw PointsStoreRefusal.missingReward(code) }
            guard quantity > 0, quantity <= 1000 else { throw PointsStoreRefusal.badQuantity() }
            guard reward.stock >= quantity else { throw PointsReward.outOfStock(code) }
            try PointsPosting.checkSpending(reward.cost * quantity, balance: state.points.balances[account] ?? 0)
            state.points.rewards[code]?.stock -= quantity
            let entry = PointsEntry(id: PointsEntryID(Int64(state.points.entries.count + 1)), account: account, delta: -reward.cost * quantity,
                                    reason: .redemption, at: Self.second(at))
            Self.append(entry, &state.points)
            return entry
        }
    }

    public func pointsRulesJSON() async throws -> String? {
        try locked { $0.points.rulesJSON }
    }

    public func setPointsRulesJSON(_ json: String) async throws {
        try locked { $0.points.rulesJSON = json }
    }
}
