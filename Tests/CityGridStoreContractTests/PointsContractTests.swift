import CityGridCore
import CityGridSimulation
import CityGridStore
import Foundation
import Testing

/// ``PointsStore``: the ledger appends, balances, caps, refuses overspending, reviews once, ranks by
/// area and period; and under many concurrent clients awarding and redeeming it always balances.
@Suite struct PointsContractTests {
    static let t0 = ContractCity.t0
    static let grid = RegionCode("110101001001001")!
    static let otherGrid = RegionCode("110102001001001")!

    static func award(_ account: UserID, _ reason: PointsReason = .reportFiled, caseID: Int64, at: Date = t0, points: Int? = nil, cap: Int? = 50,
                      held: String? = nil, grid: RegionCode = grid) -> PointsAward {
        PointsAward(account: account, points: points ?? PointsRules.standard.rule(reason)!.points, reason: reason, caseID: CaseID(caseID), at: at,
                    heldReason: held, grid: grid, key: "\(reason.rawValue):case:\(caseID)", dailyCap: reason.isDeduction ? nil : cap)
    }

    @Test(arguments: StoreKind.allCases) func awardsAreWrittenOnceAndBalance(_ kind: StoreKind) async throws {
        let open = try kind.open()
        let store = open.store
        let written = try await store.postPoints([Self.award(1, caseID: 1), Self.award(1, .firstReport, caseID: 1), Self.award(2, caseID: 2)], cursor: 17)
        #expect(written.map(\.id.rawValue) == [1, 2, 3])
        #expect(written.map(\.at) == Array(repeating: ContractCity.stored(Self.t0), count: 3))
        // The same keys again: nothing; the cursor never moves back.
        #expect(try await store.postPoints([Self.award(1, caseID: 1)], cursor: 5).isEmpty)
        #expect(try await store.pointsCursor() == 17)
        #expect(try await store.pointsBalance(of: 1) == 15)
        #expect(try await store.pointsBalances() == [PointsStanding(account: 1, points: 15), PointsStanding(account: 2, points: 5)])
        #expect(try await store.pointsEntries(account: 1, after: nil, limit: 10).map(\.reason) == [.reportFiled, .firstReport])
        #expect(try await store.pointsEntries(account: nil, after: PointsEntryID(1), limit: 1).map(\.id.rawValue) == [2])
        #expect(try await store.pointsEntries(since: Self.t0.addingTimeInterval(1)).isEmpty)
    }

    @Test(arguments: StoreKind.allCases) func theDailyCapIsNeverOvershotAndADeductionStopsAtZero(_ kind: StoreKind) async throws {
        let open = try kind.open()
        let store = open.store
        // A cap of 12 a day at 5 each: 5, 5, 2, then nothing; the next day (Beijing time) earns again.
        let awards = (1...4).map { Self.award(1, caseID: Int64($0), at: Self.t0.addingTimeInterval(Double($0)), cap: 12) }
        #expect(try await store.postPoints(awards, cursor: nil).map(\.delta) == [5, 5, 2])
        #expect(try await store.postPoints([Self.award(1, caseID: 9, at: Self.t0.addingTimeInterval(86_400), cap: 12)], cursor: nil).map(\.delta) == [5])
        // A deduction of 20 from 17 takes 17; another finds nothing to take.
        #expect(try await store.postPoints([Self.award(1, .spamReport, caseID: 20)], cursor: nil).map(\.delta) == [-17])
        #expect(try await store.postPoints([Self.award(1, .invalidReport, caseID: 21)], cursor: nil).isEmpty)
        #expect(try await store.pointsBalance(of: 1) == 0)
    }

    @Test(arguments: StoreKind.allCases) func aRedemptionTakesStockAndPointsOrNothing(_ kind: StoreKind) async throws {
        let open = try kind.open()
        let store = open.store
        try await store.putReward(PointsReward(code: "bus-card", name: LocalizedText(zh: "公交卡", en: "Bus card"), cost: 8, stock: 2))
        await #expect(throws: DomainError.self) { try await store.putReward(PointsReward(code: "bad code", name: LocalizedText(zh: "x", en: "x"), cost: 1, stock: 1)) }
        try await store.postPoints([Self.award(1, caseID: 1), Self.award(1, .firstReport, caseID: 1), Self.award(1, .firstReport, caseID: 2)], cursor: nil)
        let entry = try await store.redeem(reward: "bus-card", account: 1, quantity: 2, at: Self.t0)
        #expect(entry.delta == -16)
        #expect(entry.reason == .redemption)
        #expect(try await store.rewards().first?.stock == 0)
        #expect(try await store.pointsBalance(of: 1) == 9)
        try await store.putReward(PointsReward(code: "bus-card", name: LocalizedText(zh: "公交卡", en: "Bus card"), cost: 8, stock: 1))
        await #expect { try await store.redeem(reward: "bus-card", account: 1, quantity: 2, at: Self.t0) } throws: { ($0 as? DomainError)?.code == "out_of_stock" }
        await #expect { try await store.redeem(reward: "bus-card", account: 2, quantity: 1, at: Self.t0) } throws: { ($0 as? DomainError)?.code == "insufficient_points" }
        await #expect { try await store.redeem(reward: "nothing", account: 1, quantity: 1, at: Self.t0) } throws: { ($0 as? DomainError)?.kind == .notFound }
        // The refusals wrote nothing.
        #expect(try await store.rewards().first?.stock == 1)
        #expect(try await store.pointsBalance(of: 1) == 9)
        #expect(try await store.pointsEntries(account: nil, after: nil, limit: 100).count == 4)
    }

    @Test(arguments: StoreKind.allCases) func aHeldEntryCountsOnlyOnceReleasedAndIsReviewedOnce(_ kind: StoreKind) async throws {
        let open = try kind.open()
        let store = open.store
        let written = try await store.postPoints([Self.award(1, caseID: 1, held: "burst_account"), Self.award(1, caseID: 2, held: "self_dealing")], cursor: nil)
        #expect(written.map(\.status) == [.held, .held])
        #expect(try await store.pointsBalance(of: 1) == 0)
        #expect(try await store.heldPointsEntries(limit: 10).map(\.heldReason) == ["burst_account", "self_dealing"])
        let released = try await store.reviewPoints(written[0].id, release: true, by: 99, at: Self.t0.addingTimeInterval(5))
        #expect(released.status == .released)
        #expect(released.reviewedBy == 99)
        _ = try await store.reviewPoints(written[1].id, release: false, by: 99, at: Self.t0)
        #expect(try await store.pointsBalance(of: 1) == 5)
        #expect(try await store.heldPointsEntries(limit: 10).isEmpty)
        let all = try await store.pointsEntries(account: nil, after: nil, limit: 10)
        #expect(all.map(\.status) == [.released, .voided, .paid])
        #expect(all.last?.reason == .reviewRelease)
        await #expect { try await store.reviewPoints(written[0].id, release: true, by: 99, at: Self.t0) } throws: { ($0 as? DomainError)?.code == "not_held" }
        await #expect { try await store.reviewPoints(PointsEntryID(77), release: true, by: 99, at: Self.t0) } throws: { ($0 as? DomainError)?.kind == .notFound }
        #expect(try await store.pointsBalance(of: 1) == 5)
    }

    @Test(arguments: StoreKind.allCases) func theLeaderboardRanksByAreaAndPeriod(_ kind: StoreKind) async throws {
        let open = try kind.open()
        let store = open.store
        try await store.postPoints([
            Self.award(1, caseID: 1), Self.award(1, .firstReport, caseID: 1),
            Self.award(2, caseID: 2, grid: Self.otherGrid), Self.award(2, .firstReport, caseID: 2, grid: Self.otherGrid),
            Self.award(2, .firstReport, caseID: 3, at: Self.t0.addingTimeInterval(40 * 86_400), grid: Self.otherGrid),
            Self.award(3, caseID: 4), Self.award(3, caseID: 5, held: "burst_account"),
        ], cursor: nil)
        let all = try await store.pointsLeaderboard(region: nil, from: Self.t0.addingTimeInterval(-86_400), to: Self.t0.addingTimeInterval(86_400), limit: 10)
        #expect(all == [PointsStanding(account: 1, points: 15), PointsStanding(account: 2, points: 15), PointsStanding(account: 3, points: 5)])
        let district = try await store.pointsLeaderboard(region: RegionCode("110101")!, from: Self.t0.addingTimeInterval(-86_400), to: Self.t0.addingTimeInterval(86_400), limit: 10)
        #expect(district.map(\.account) == [1, 3])
        let later = try await store.pointsLeaderboard(region: nil, from: Self.t0.addingTimeInterval(86_400), to: Self.t0.addingTimeInterval(90 * 86_400), limit: 10)
        #expect(later == [PointsStanding(account: 2, points: 10)])
        #expect(try await store.pointsLeaderboard(region: nil, from: Self.t0.addingTimeInterval(-86_400), to: Self.t0.addingTimeInterval(86_400), limit: 1).count == 1)
    }

    @Test(arguments: StoreKind.allCases) func theRulesFileIsKept(_ kind: StoreKind) async throws {
        let open = try kind.open()
        #expect(try await open.store.pointsRulesJSON() == nil)
        try await open.store.setPointsRulesJSON(PointsRules.standardJSON)
        #expect(try await open.store.pointsRulesJSON() == PointsRules.standardJSON)
    }

    /// Property: many clients awarding, deducting and redeeming at once (seeded random operations);
    /// afterwards the sum of counted entries equals the sum of balances, account by account; no
    /// balance is below zero; no stock below zero and each reward's stock fell by what was redeemed;
    /// no daily cap is exceeded; no key is written twice.
    @Test(arguments: StoreKind.allCases, [1, 2, 3] as [UInt64]) func theLedgerBalancesUnderConcurrentClients(_ kind: StoreKind, _ seed: UInt64) async throws {
        let open = try kind.open()
        let store = open.store
        let rewards = [PointsReward(code: "tea", name: LocalizedText(zh: "茶", en: "Tea"), cost: 7, stock: 15),
                       PointsReward(code: "bike", name: LocalizedText(zh: "单车券", en: "Bike pass"), cost: 12, stock: 6)]
        for r in rewards { try await store.putReward(r) }
        let accounts: [UserID] = (1...6).map { UserID(Int64($0)) }
        let cap = 25
        let clients = 12, operations = 40
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<clients {
                group.addTask {
                    var random = SplitMix64(seed: seed &* 1000 &+ UInt64(client))
                    for op in 0..<operations {
                        let account = accounts[Int(random.next() % UInt64(accounts.count))]
                        // Keys collide across clients on purpose (caseID from a small range): each is written once.
                        let caseID = Int64(random.next() % 120)
                        let at = Self.t0.addingTimeInterval(Double(random.next() % 3) * 86_400 + Double(op))
                        switch random.next() % 5 {
                        case 0, 1:
                            try await store.postPoints([Self.award(account, caseID: caseID, at: at, cap: cap),
                                                        Self.award(account, .firstReport, caseID: caseID, at: at, cap: cap)], cursor: nil)
                        case 2:
                            try await store.postPoints([Self.award(account, .invalidReport, caseID: 1000 + caseID, at: at)], cursor: nil)
                        default:
                            do {
                                _ = try await store.redeem(reward: rewards[Int(random.next() % 2)].code, account: account, quantity: 1 + Int(random.next() % 2), at: at)
                            } catch let error as DomainError where error.code == "insufficient_points" || error.code == "out_of_stock" {}
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        var entries: [PointsEntry] = []
        var after: PointsEntryID?
        while true {
            let page = try await store.pointsEntries(account: nil, after: after, limit: 100)
            entries += page
            guard let last = page.last else { break }
            after = last.id
        }
        let balances = try await store.pointsBalances()
        var sums: [UserID: Int] = [:]
        for e in entries where e.counts { sums[e.account, default: 0] += e.delta }
        #expect(balances.reduce(0) { $0 + $1.points } == sums.values.reduce(0, +))
        for b in balances {
            #expect(b.points == sums[b.account] ?? 0, "account \(b.account)")
            #expect(b.points >= 0)
        }
        for a in accounts { #expect(try await store.pointsBalance(of: a) == sums[a] ?? 0) }
        let stocks = Dictionary(uniqueKeysWithValues: try await store.rewards().map { ($0.code, $0.stock) })
        let spent = entries.filter { $0.reason == .redemption }.reduce(0) { $0 - $1.delta }
        #expect(stocks.values.allSatisfy { $0 >= 0 })
        let taken = rewards.reduce(0) { $0 + ($1.stock - stocks[$1.code]!) * $1.cost }
        #expect(spent == taken)
        var perDay: [String: Int] = [:]
        for e in entries where e.delta > 0 && e.reason != .reviewRelease {
            perDay["\(e.account)/\(e.reason)/\(PointsPosting.day(of: e.at, utcOffsetHours: 8).start)", default: 0] += e.delta
        }
        #expect(perDay.values.allSatisfy { $0 <= cap })
        let keys = entries.compactMap(\.key)
        #expect(Set(keys).count == keys.count)
        #expect(entries.contains { $0.reason == .redemption } && entries.contains { $0.delta < 0 && $0.reason == .invalidReport })
    }
}

