import CityGridApplication
import CityGridCore
import CityGridService
import CityGridStore
import Foundation
import Testing

/// The points awarding following the change log (each award once, across a restart of the
/// follower), the entry points for claims and suggestions, and the points queries and commands
/// under the access policy.
@Suite struct PointsLedgerTests {
    static func staff(_ f: ApplicationFixture, _ role: Role) -> Caller {
        let holders = f.users.filter { $0.role == role }
        return Caller(user: holders.first { $0.jurisdiction == nil } ?? holders[0])
    }

    static func report(_ f: ApplicationFixture, grid: Int, by caller: Caller) async throws -> CaseID {
        try await f.application.report(ReportRequest(category: "E0102", location: ApplicationFixture.demo.city.grids[grid].boundary.representativePoint,
                                                     description: "points test \(grid)", source: nil, componentID: nil), by: caller).value.id
    }

    @Test func eachAwardIsWrittenOnceAcrossARestartOfTheFollower() async throws {
        let f = try await ApplicationFixture()
        let citizen = f.caller("citizen1")
        let account = citizen.userID!
        let filed = try await Self.report(f, grid: 3, by: citizen)
        let rejected = try await Self.report(f, grid: 7, by: citizen)
        let staffReport = try await Self.report(f, grid: 9, by: Self.staff(f, .intakeOperator))
        for id in [filed, staffReport] {
            _ = try await f.application.act(on: id, StepRequest(action: "accept"), by: Self.staff(f, .intakeOperator))
            _ = try await f.application.act(on: id, StepRequest(action: "file"), by: Self.staff(f, .shiftLeader))
        }
        var reject = StepRequest(action: "reject")
        reject.note = "不属于受理范围"
        _ = try await f.application.act(on: rejected, reject, by: Self.staff(f, .intakeOperator))

        let first = try await PointsAwarder(store: f.store).follower()
        try await first.poll()
        let entries = try await f.store.pointsEntries(account: nil, after: nil, limit: 100)
        // The filed report: report_filed + first_report; the rejected one: a deduction; the staff report: nothing.
        #expect(entries.map(\.reason) == [.reportFiled, .firstReport, .invalidReport])
        #expect(entries.allSatisfy { $0.account == account })
        #expect(try await f.store.pointsBalance(of: account) == 10)
        #expect(try await f.store.pointsCursor() == first.cursor)

        // A restart: a new follower from the saved cursor reads nothing again; a later step of an awarded case awards nothing.
        let second = try await PointsAwarder(store: f.other).follower()
        #expect(second.cursor == first.cursor)
        var supervise = StepRequest(action: "supervise")
        supervise.note = "请尽快处置"
        _ = try await f.application.act(on: filed, supervise, by: Self.staff(f, .shiftLeader))
        try await second.poll()
        // Even a follower that lost its cursor and reads the whole log again writes nothing twice.
        let fromScratch = ChangeFollower(store: f.store, after: 0)
        let awarder = PointsAwarder(store: f.store)
        fromScratch.onEntries { try await awarder.consume($0) }
        try await fromScratch.poll()
        #expect(try await f.store.pointsEntries(account: nil, after: nil, limit: 100).count == 3)
        #expect(try await f.store.pointsBalance(of: account) == 10)
    }

    @Test func aClaimedFixIsAwardedOnceAndAClaimerWhoKeepsMeetingOneReporterIsHeld() async throws {
        let f = try await ApplicationFixture()
        let reporter = f.caller("citizen1")
        let claimer = f.caller("citizen2").userID!
        var cases: [CaseID] = []
        for grid in [11, 12, 13] { cases.append(try await Self.report(f, grid: grid, by: reporter)) }
        let t = Date()
        let one = try await f.application.awardClaimedFix(claimer: claimer, caseID: cases[0], at: t)
        #expect(one?.status == .paid)
        #expect(one?.delta == 20)
        #expect(try await f.application.awardClaimedFix(claimer: claimer, caseID: cases[0], at: t) == nil)
        #expect(try await f.application.awardClaimedFix(claimer: claimer, caseID: cases[1], at: t.addingTimeInterval(60))?.status == .paid)
        let third = try await f.application.awardClaimedFix(claimer: claimer, caseID: cases[2], at: t.addingTimeInterval(120))
        #expect(third?.status == .held)
        #expect(third?.heldReason == AntiGaming.Finding.repeatedPairing.rawValue)
        #expect(try await f.store.pointsBalance(of: claimer) == 40)

        // The review: a citizen may not; an administrator releases it, and the points are paid.
        await #expect { try await f.application.heldPoints(for: f.caller("citizen2")) } throws: { ($0 as? DomainError)?.kind == .forbidden }
        let admin = Self.staff(f, .admin)
        #expect(try await f.application.heldPoints(for: admin).map(\.id) == [third!.id])
        // A body granted the power to reward points (放权) reviews the held points of its jurisdiction only.
        let subdistrict = try #require(third?.grid?.ancestor(at: .subdistrict))
        let other = try #require(ApplicationFixture.demo.city.regions.first { $0.level == .subdistrict && $0.code != subdistrict }?.code)
        let officer = try #require(f.users.first { $0.role == .inspector && $0.organisationCode?.rawValue == "O-\(subdistrict)" })
        func granted(in region: RegionCode) -> Caller {
            Caller(user: officer, delegated: [RoleGrant(role: DelegatedPower.rewardPoints, organisationCode: officer.organisationCode, jurisdiction: region)])
        }
        #expect(try await f.application.heldPoints(for: granted(in: subdistrict)).map(\.id) == [third!.id])
        #expect(try await f.application.heldPoints(for: granted(in: other)).isEmpty)
        await #expect { try await f.application.reviewPoints(third!.id.rawValue, release: true, for: granted(in: other)) } throws: {
            ($0 as? DomainError)?.kind == .notFound
        }
        await #expect { try await f.application.heldPoints(for: Caller(user: officer)) } throws: { ($0 as? DomainError)?.kind == .forbidden }
        // Nobody reviews their own held points, whatever power they hold.
        let claimerUser = try #require(f.users.first { $0.id == claimer })
        let selfReviewer = Caller(user: claimerUser, delegated: [RoleGrant(role: DelegatedPower.rewardPoints, organisationCode: OrganisationCode("O-\(subdistrict)"), jurisdiction: subdistrict)])
        #expect(try await f.application.heldPoints(for: selfReviewer).isEmpty)
        await #expect { try await f.application.reviewPoints(third!.id.rawValue, release: true, for: selfReviewer) } throws: {
            ($0 as? DomainError)?.kind == .notFound
        }
        _ = try await f.application.reviewPoints(third!.id.rawValue, release: true, for: admin)
        #expect(try await f.store.pointsBalance(of: claimer) == 60)

        let adopted = try await f.application.awardSuggestionAdopted(author: claimer, suggestion: "S-1", grid: nil)
        #expect(adopted?.delta == 50)
        #expect(try await f.application.awardSuggestionAdopted(author: claimer, suggestion: "S-1", grid: nil) == nil)
    }

    @Test func citizensSeeTheirOwnPointsRedeemAndTheLeaderboardShowsNoPersonalData() async throws {
        let f = try await ApplicationFixture()
        let citizen = f.caller("citizen2")
        let account = citizen.userID!
        _ = try await f.application.awardSuggestionAdopted(author: account, suggestion: "S-9", grid: ApplicationFixture.demo.city.grids[0].code)
        let admin = Self.staff(f, .admin)
        await #expect { try await f.application.putReward(PointsReward(code: "tea", name: LocalizedText(zh: "茶", en: "Tea"), cost: 30, stock: 1), for: citizen) }
            throws: { ($0 as? DomainError)?.kind == .forbidden }
        try await f.application.putReward(PointsReward(code: "tea", name: LocalizedText(zh: "茶", en: "Tea"), cost: 30, stock: 1), for: admin)
        #expect(try await f.application.rewardsCatalogue(for: .anonymous).map(\.code) == ["tea"])
        _ = try await f.application.redeem(reward: "tea", for: citizen)
        await #expect { try await f.application.redeem(reward: "tea", for: citizen) } throws: { ($0 as? DomainError)?.code == "out_of_stock" }
        await #expect { try await f.application.redeem(reward: "tea", for: .anonymous) } throws: { ($0 as? DomainError)?.kind == .unauthenticated }
        let mine = try await f.application.myPoints(for: citizen)
        #expect(mine.balance == 20)
        #expect(mine.entries.map(\.reason) == [.suggestionAdopted, .redemption])
        await #expect { try await f.application.myPoints(for: Self.staff(f, .dispatcher)) } throws: { ($0 as? DomainError)?.kind == .forbidden }

        let board = try await f.application.pointsLeaderboard(region: nil, period: nil, for: .anonymous)
        let name = citizen.user!.displayName
        #expect(board.count == 1)
        #expect(board.first?.points == 50)
        #expect(board.first?.name.hasPrefix(String(name.first!)) == true)
        #expect(board.first?.name != name)
        #expect(board.first?.name.contains("*") == true)
        await #expect { try await f.application.pointsLeaderboard(region: nil, period: "2026-13", for: .anonymous) } throws: { ($0 as? DomainError)?.field == "period" }
        await #expect { try await f.application.pointsLeaderboard(region: "999999", period: nil, for: .anonymous) } throws: { ($0 as? DomainError)?.field == "region" }
        #expect(try await f.application.pointsLeaderboard(region: nil, period: "2001-01", for: .anonymous).isEmpty)

        await #expect { try await f.application.setPointsRules("{\"version\": 3, \"rules\": []}", for: admin) } throws: { ($0 as? DomainError)?.code == "invalid_points_rules" }
        try await f.application.setPointsRules(PointsRules.standardJSON.replacingOccurrences(of: "\"points\": 50", with: "\"points\": 70"), for: admin)
        #expect(try await f.application.awardSuggestionAdopted(author: account, suggestion: "S-10", grid: nil)?.delta == 70)
    }
}
