import CityGridCore
import CityGridService
import CityGridStore
import Foundation

/// A citizen's own points: the balance and a page of the ledger.
public struct PointsAccountView: Sendable, Codable, Hashable {
    public var account: UserID
    public var balance: Int
    public var entries: [PointsEntry]
}

/// One row of a points leaderboard: a rank, a name with no personal data (the display name masked
/// after its first character), the points.
public struct PointsLeaderboardRow: Sendable, Codable, Hashable {
    public var rank: Int
    public var name: String
    public var points: Int
}

/// The incentive points (激励积分) of the application layer: a citizen's balance, entries and
/// redemptions, public leaderboards and catalogue, the review of held points and the management of
/// rules and rewards, each decided by the access policy; and ``awardClaimedFix(claimer:caseID:at:)``
/// and ``awardSuggestionAdopted(author:suggestion:grid:at:)``, which the claims and suggestions call.
extension CityApplication {
    var points: PointsAwarder { PointsAwarder(store: store) }

    /// The caller's balance and entries after `after`, at most `limit` (1…500).
    public func myPoints(after: Int64? = nil, limit: Int = 50, for caller: Caller) async throws -> PointsAccountView {
        try policy.requireHolding(caller, .pointsRead)
        guard let account = caller.userID else { throw AccessPolicy.unauthenticated }
        try policy.require(caller, .pointsRead, on: .person(id: account, organisationCode: caller.user?.organisationCode, jurisdiction: caller.user?.jurisdiction))
        let limit = try Self.pointsLimit(limit)
        return PointsAccountView(account: account, balance: try await store.pointsBalance(of: account),
                                 entries: try await store.pointsEntries(account: account, after: after.map { PointsEntryID($0) }, limit: limit))
    }

    /// The leaderboard of `region` (a region code; the city when `nil`) over `period` (`yyyy-MM`,
    /// `yyyy-MM-dd` or `yyyy`, in the rules' time zone; all time when `nil`). Public: names masked.
    public func pointsLeaderboard(region: String?, period: String?, limit: Int = 20, for caller: Caller) async throws -> [PointsLeaderboardRow] {
        let limit = try Self.pointsLimit(limit)
        var code: RegionCode?
        if let region, !region.isEmpty {
            guard let parsed = RegionCode(region), current.service.regions[parsed] != nil || current.service.gridIndex[parsed] != nil else {
                throw DomainError.invalidField("region", zh: "区域编码无效：\(region)", en: "Not a region of the city: \(region)")
            }
            code = parsed
        }
        let rules = try await points.rules()
        let (from, to) = try Self.pointsPeriod(period, utcOffsetHours: rules.utcOffsetHours)
        let standings = try await store.pointsLeaderboard(region: code, from: from, to: to, limit: limit)
        let names = Dictionary(try await store.users().map { ($0.id, $0.displayName) }, uniquingKeysWith: { a, _ in a })
        return standings.enumerated().map { PointsLeaderboardRow(rank: $0.offset + 1, name: Self.masked(names[$0.element.account] ?? ""), points: $0.element.points) }
    }

    /// The rewards catalogue (public).
    public func rewardsCatalogue(for caller: Caller) async throws -> [PointsReward] {
        try await store.rewards()
    }

    /// Redeems `quantity` of the reward `code` with the caller's points: the entry written.
    public func redeem(reward code: String, quantity: Int = 1, for caller: Caller, at now: Date = Date()) async throws -> PointsEntry {
        try policy.requireHolding(caller, .pointsRedeem)
        guard let account = caller.userID else { throw AccessPolicy.unauthenticated }
        return try await store.redeem(reward: code, account: account, quantity: quantity, at: now)
    }

    /// The entries held for review that the caller may review (`points.review` reaching the grid of
    /// the entry's case: city-wide for an administrator, the jurisdiction of a body granted the
    /// power to reward points), oldest first.
    public func heldPoints(limit: Int = 100, for caller: Caller) async throws -> [PointsEntry] {
        try policy.requireHolding(caller, .pointsReview)
        let limit = try Self.pointsLimit(limit)
        return Array(try await reviewable(by: caller).prefix(limit))
    }

    /// Releases (pays) or voids a held entry the caller may review; any other is not found.
    public func reviewPoints(_ id: Int64, release: Bool, for caller: Caller, at now: Date = Date()) async throws -> PointsEntry {
        try policy.requireHolding(caller, .pointsReview)
        guard let reviewer = caller.userID else { throw AccessPolicy.unauthenticated }
        guard try await reviewable(by: caller).contains(where: { $0.id == PointsEntryID(id) }) else {
            throw DomainError.notFound(LocalizedText(zh: "待审积分", en: "held points entry"), String(id), field: "id")
        }
        return try await store.reviewPoints(PointsEntryID(id), release: release, by: reviewer, at: now)
    }

    /// The held entries within the reach of the caller's `points.review`, never the caller's own.
    private func reviewable(by caller: Caller) async throws -> [PointsEntry] {
        let policy = self.policy
        return try await store.heldPointsEntries(limit: 100_000).filter { entry in
            entry.account != caller.userID && policy.permits(caller, .pointsReview, on: entry.grid.map { .region($0) } ?? .city)
        }
    }

    /// Adds a reward or replaces the one with its code.
    public func putReward(_ reward: PointsReward, for caller: Caller) async throws {
        try policy.require(caller, .pointsManage, on: .city)
        try await store.putReward(reward)
    }

    /// The rules in force, as a file (JSON).
    public func pointsRules(for caller: Caller) async throws -> String {
        try policy.require(caller, .pointsManage, on: .city)
        return try await store.pointsRulesJSON() ?? PointsRules.standardJSON
    }

    /// Sets the rules file, validated whole first.
    public func setPointsRules(_ json: String, for caller: Caller) async throws {
        try policy.require(caller, .pointsManage, on: .city)
        _ = try PointsRulesFile.parse(Data(json.utf8))
        try await store.setPointsRulesJSON(json)
    }

    /// Awards the claimer of a task the confirmed fix of the case (the claims call it once the check
    /// passes); the case's reporter is the counterpart the anti-gaming rules look at. `nil`: already
    /// awarded, no rule, or the cap used up.
    @discardableResult
    public func awardClaimedFix(claimer: UserID, caseID: CaseID, at now: Date = Date()) async throws -> PointsEntry? {
        guard let value = try await store.caseByID(caseID) else { throw DomainError.notFound("case", "\(caseID)") }
        let awarder = points
        let device = try await store.origin(ofCase: caseID)?.deviceID
        guard let award = PointsAwarding.claimedFixConfirmed(claimer: claimer, caseID: caseID, reporter: value.reporterID, grid: value.chain.grid,
                                                             deviceID: device, at: now, rules: try await awarder.rules()) else { return nil }
        return try await awarder.award(award)
    }

    /// Awards the author of an adopted suggestion (the suggestions call it), once per `suggestion` reference.
    @discardableResult
    public func awardSuggestionAdopted(author: UserID, suggestion: String, grid: RegionCode?, at now: Date = Date()) async throws -> PointsEntry? {
        let awarder = points
        guard let award = PointsAwarding.suggestionAdopted(author: author, suggestion: suggestion, grid: grid, at: now, rules: try await awarder.rules()) else { return nil }
        return try await awarder.award(award)
    }

    /// A display name with every character after the first masked (张三丰 → 张**).
    static func masked(_ name: String) -> String {
        guard let first = name.first else { return "***" }
        return String(first) + String(repeating: "*", count: max(2, name.count - 1))
    }

    static func pointsLimit(_ limit: Int) throws(DomainError) -> Int {
        guard (1...500).contains(limit) else { throw DomainError.invalidField("limit", zh: "limit 须为1到500", en: "limit must be from 1 to 500") }
        return limit
    }

    /// The start and end of a period `yyyy`, `yyyy-MM` or `yyyy-MM-dd` in a time zone `utcOffsetHours` from UTC.
    static func pointsPeriod(_ text: String?, utcOffsetHours: Int) throws(DomainError) -> (Date, Date) {
        guard let text, !text.isEmpty else { return (Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 32_503_680_000)) }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        let bad = DomainError.invalidField("period", zh: "period 须为 yyyy、yyyy-MM 或 yyyy-MM-dd", en: "period must be yyyy, yyyy-MM or yyyy-MM-dd")
        guard (1...3).contains(parts.count), parts.allSatisfy({ $0 != nil }), let year = parts[0], (1970...2999).contains(year) else { throw bad }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: utcOffsetHours * 3600)!
        let month = parts.count > 1 ? parts[1]! : 1, day = parts.count > 2 ? parts[2]! : 1
        guard (1...12).contains(month), let start = calendar.date(from: DateComponents(year: year, month: month, day: day)),
              calendar.component(.day, from: start) == day else { throw bad }
        let unit: Calendar.Component = parts.count == 1 ? .year : parts.count == 2 ? .month : .day
        guard let end = calendar.date(byAdding: unit, value: 1, to: start) else { throw bad }
        return (start, end)
    }
}

extension CityApplication {
    /// The follower that awards the points cases earn, from the cursor saved with the ledger (run it
    /// as a service beside the server); woken by this process's writes.
    public func pointsFollower(interval: Duration = .milliseconds(500), onError: @escaping @Sendable (any Error) -> Void = { _ in }) async throws -> ChangeFollower {
        let follower = try await points.follower(interval: interval, onError: onError)
        follower.listen(to: current.service.changes)
        return follower
    }
}
