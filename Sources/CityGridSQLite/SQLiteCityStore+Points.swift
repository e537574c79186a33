import CityGridCore
import CityGridStore
import Foundation
import GRDB

/// The points ledger in SQLite (积分账本): `points_entries` append-only, `points_balances` kept in the
/// same write transactions, so a batch of awards, a redemption or a review is judged on what its own
/// transaction reads and written whole (SQLite's single writer serialises them).
extension SQLiteCityStore {
    static let pointsColumns = """
        id, account, delta, reason, case_id, at, status, held_reason, reviewed_by, reviewed_at, grid_code, device_id, counterpart, award_key
        """

    static func pointsEntry(_ row: Row) -> PointsEntry {
        let id: Int64 = row["id"], account: Int64 = row["account"], delta: Int = row["delta"], reason: String = row["reason"]
        let caseID: Int64? = row["case_id"], at: Int64 = row["at"], status: String = row["status"], heldReason: String? = row["held_reason"]
        let reviewedBy: Int64? = row["reviewed_by"], reviewedAt: Int64? = row["reviewed_at"], grid: String? = row["grid_code"]
        let device: String? = row["device_id"], counterpart: Int64? = row["counterpart"], key: String? = row["award_key"]
        var entry = PointsEntry(id: PointsEntryID(id), account: UserID(account), delta: delta, reason: PointsReason(rawValue: reason) ?? "unknown",
                                at: Date(timeIntervalSince1970: TimeInterval(at)), status: PointsStatus(rawValue: status) ?? .voided)
        entry.caseID = caseID.map { CaseID($0) }
        entry.heldReason = heldReason
        entry.reviewedBy = reviewedBy.map { UserID($0) }
        entry.reviewedAt = reviewedAt.map { Date(timeIntervalSince1970: TimeInterval($0)) }
        entry.grid = grid.flatMap { RegionCode($0) }
        entry.deviceID = device
        entry.counterpart = counterpart.map { UserID($0) }
        entry.key = key
        return entry
    }

    private static func balance(_ account: UserID, _ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT balance FROM points_balances WHERE account = ?", arguments: [account]) ?? 0
    }

    /// Appends `entry` (its id taken here) and moves the balance when it counts.
    private static func append(_ entry: PointsEntry, _ db: Database) throws -> PointsEntry {
        try db.execute(sql: """
            INSERT INTO points_entries (account, delta, reason, case_id, at, status, held_reason, reviewed_by, reviewed_at, grid_code, device_id, counterpart, award_key)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [entry.account, entry.delta, entry.reason.rawValue, entry.caseID, CaseRow.seconds(entry.at), entry.status.rawValue,
                             entry.heldReason, entry.reviewedBy, CaseRow.seconds(entry.reviewedAt), entry.grid?.rawValue, entry.deviceID,
                             entry.counterpart, entry.key])
        var stored = entry
        stored.id = PointsEntryID(db.lastInsertedRowID)
        if entry.counts {
            // An update first: SQLite checks `balance >= 0` on the row an upsert would insert before
            // it finds the conflict, so a deduction could not go through `INSERT … ON CONFLICT`.
            try db.execute(sql: "UPDATE points_balances SET balance = balance + ? WHERE account = ?", arguments: [entry.delta, entry.account])
            if db.changesCount == 0 {
                try db.execute(sql: "INSERT INTO points_balances (account, balance) VALUES (?, ?)", arguments: [entry.account, entry.delta])
            }
        }
        return stored
    }

    public func postPoints(_ awards: [PointsAward], cursor: Int64?) async throws -> [PointsEntry] {
        try await writeTransaction { db in
            var written: [PointsEntry] = []
            for award in awards {
                guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM points_entries WHERE award_key = ?", arguments: [award.key]) == 0 else { continue }
                let at = Date(timeIntervalSince1970: award.at.timeIntervalSince1970.rounded(.down))
                let day = PointsPosting.day(of: at, utcOffsetHours: award.utcOffsetHours)
                let earned = try Int.fetchOne(db, sql: """
                    SELECT COALESCE(SUM(delta), 0) FROM points_entries
                    WHERE account = ? AND reason = ? AND at >= ? AND at < ? AND delta > 0 AND status <> 'voided'
                    """, arguments: [award.account, award.reason.rawValue, CaseRow.seconds(day.start), CaseRow.seconds(day.end)]) ?? 0
                guard let delta = PointsPosting.delta(for: award, earnedToday: earned, balance: try Self.balance(award.account, db)) else { continue }
                let held = award.heldReason != nil && delta > 0
                written.append(try Self.append(PointsEntry(id: PointsEntryID(0), account: award.account, delta: delta, reason: award.reason, caseID: award.caseID,
                                                           at: at, status: held ? .held : .paid, heldReason: held ? award.heldReason : nil, grid: award.grid,
                                                           deviceID: award.deviceID, counterpart: award.counterpart, key: award.key), db))
            }
            if let cursor { try db.execute(sql: "UPDATE points_state SET cursor = MAX(cursor, ?) WHERE id = 1", arguments: [cursor]) }
            return written
        }
    }

    public func pointsCursor() async throws -> Int64 {
        try await readSnapshot { db in try Int64.fetchOne(db, sql: "SELECT cursor FROM points_state WHERE id = 1") ?? 0 }
    }

    public func pointsBalance(of account: UserID) async throws -> Int {
        try await readSnapshot { db in try Self.balance(account, db) }
    }

    public func pointsBalances() async throws -> [PointsStanding] {
        try await readSnapshot { db in
            try Row.fetchAll(db, sql: "SELECT account, balance FROM points_balances ORDER BY account").map {
                PointsStanding(account: UserID($0["account"] as Int64), points: $0["balance"])
            }
        }
    }

    public func pointsEntries(account: UserID?, after: PointsEntryID?, limit: Int) async throws -> [PointsEntry] {
        guard limit > 0 else { return [] }
        return try await readSnapshot { db in
            let filter = account == nil ? "" : "AND account = \(account!.rawValue)"
            return try Row.fetchAll(db, sql: "SELECT \(Self.pointsColumns) FROM points_entries WHERE id > ? \(filter) ORDER BY id LIMIT ?",
                                    arguments: [after?.rawValue ?? 0, limit]).map(Self.pointsEntry)
        }
    }

    public func pointsEntries(since: Date) async throws -> [PointsEntry] {
        try await readSnapshot { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.pointsColumns) FROM points_entries WHERE at >= ? ORDER BY id", arguments: [CaseRow.seconds(since)]).map(Self.pointsEntry)
        }
    }

    public func heldPointsEntries(limit: Int) async throws -> [PointsEntry] {
        guard limit > 0 else { return [] }
        return try await readSnapshot { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.pointsColumns) FROM points_entries WHERE status = 'held' ORDER BY id LIMIT ?", arguments: [limit]).map(Self.pointsEntry)
        }
    }

    public func reviewPoints(_ id: PointsEntryID, release: Bool, by reviewer: UserID, at: Date) async throws -> PointsEntry {
        try await writeTransaction { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.pointsColumns) FROM points_entries WHERE id = ?", arguments: [id]) else {
                throw PointsStoreRefusal.missingEntry(id)
            }
            var entry = Self.pointsEntry(row)
            guard entry.status == .held else { throw PointsStoreRefusal.notHeld(id) }
            entry.status = release ? .released : .voided
            entry.reviewedBy = reviewer
            entry.reviewedAt = Date(timeIntervalSince1970: at.timeIntervalSince1970.rounded(.down))
            try db.execute(sql: "UPDATE points_entries SET status = ?, reviewed_by = ?, reviewed_at = ? WHERE id = ? AND status = 'held'",
                           arguments: [entry.status.rawValue, reviewer, CaseRow.seconds(at), id])
            if release {
                _ = try Self.append(PointsEntry(id: PointsEntryID(0), account: entry.account, delta: entry.delta, reason: .reviewRelease, caseID: entry.caseID,
                                                at: entry.reviewedAt!, grid: entry.grid, counterpart: entry.counterpart, key: "review_release:\(id.rawValue)"), db)
            }
            return entry
        }
    }

    public func pointsLeaderboard(region: RegionCode?, from: Date, to: Date, limit: Int) async throws -> [PointsStanding] {
        guard limit > 0 else { return [] }
        return try await readSnapshot { db in
            // Grid codes start with the codes of the regions above them (RegionCode.contains).
            let prefix = (region?.rawValue ?? "") + "%"
            return try Row.fetchAll(db, sql: """
                SELECT account, SUM(delta) AS points FROM points_entries
                WHERE status = 'paid' AND delta > 0 AND at >= ? AND at < ? AND (? OR grid_code LIKE ?)
                GROUP BY account ORDER BY points DESC, account LIMIT ?
                """, arguments: [CaseRow.seconds(from), CaseRow.seconds(to), region == nil, prefix, limit]).map {
                PointsStanding(account: UserID($0["account"] as Int64), points: $0["points"])
            }
        }
    }

    public func rewards() async throws -> [PointsReward] {
        try await readSnapshot { db in
            try Row.fetchAll(db, sql: "SELECT code, name_zh, name_en, cost, stock FROM points_rewards ORDER BY code").map {
                PointsReward(code: $0["code"], name: LocalizedText(zh: $0["name_zh"], en: $0["name_en"]), cost: $0["cost"], stock: $0["stock"])
            }
        }
    }

    public func putReward(_ reward: PointsReward) async throws {
        try reward.validate()
        try await writeTransaction { db in
            try db.execute(sql: """
                INSERT INTO points_rewards (code, name_zh, name_en, cost, stock) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(code) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en, cost = excluded.cost, stock = excluded.stock
                """, arguments: [reward.code, reward.name.zh, reward.name.en, reward.cost, reward.stock])
        }
    }

    public func redeem(reward code: String, account: UserID, quantity: Int, at: Date) async throws -> PointsEntry {
        try await writeTransaction { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT cost, stock FROM points_rewards WHERE code = ?", arguments: [code]) else {
                throw PointsStoreRefusal.missingReward(code)
            }
            guard quantity > 0, quantity <= 1000 else { throw PointsStoreRefusal.badQuantity() }
            let cost: Int = row["cost"], stock: Int = row["stock"]
            guard stock >= quantity else { throw PointsReward.outOfStock(code) }
            try PointsPosting.checkSpending(cost * quantity, balance: try Self.balance(account, db))
            try db.execute(sql: "UPDATE points_rewards SET stock = stock - ? WHERE code = ?", arguments: [quantity, code])
            return try Self.append(PointsEntry(id: PointsEntryID(0), account: account, delta: -cost * quantity, reason: .redemption,
                                               at: Date(timeIntervalSince1970: at.timeIntervalSince1970.rounded(.down))), db)
        }
    }

    public func pointsRulesJSON() async throws -> String? {
        try await readSnapshot { db in try String.fetchOne(db, sql: "SELECT rules FROM points_state WHERE id = 1") }
    }

    public func setPointsRulesJSON(_ json: String) async throws {
        try await writeTransaction { db in try db.execute(sql: "UPDATE points_state SET rules = ? WHERE id = 1", arguments: [json]) }
    }
}
