import CityGridCore
import Foundation
import Testing

/// ``PointsRules`` as data and the ledger's caps (``PointsPosting``).
@Suite struct PointsRulesTests {
    @Test func theShippedRulesParseAndRoundTrip() throws {
        let rules = PointsRules.standard
        #expect(rules.rule(.reportFiled)?.points == 5)
        #expect(rules.rule(.reportFiled)?.dailyCap == 50)
        #expect(rules.rule(.spamReport)?.points == -20)
        #expect(rules.invalidActions == [.reject])
        let again = try PointsRulesFile.parse(try JSONEncoder().encode(rules.file))
        #expect(again == rules)
    }

    @Test(arguments: [
        (#"{"version": 2, "rules": []}"#, "version"),
        (#"{"version": 1, "rules": [{"reason": "lottery", "points": 5}]}"#, "rules[0].reason"),
        (#"{"version": 1, "rules": [{"reason": "report_filed", "points": -5}]}"#, "rules[0].points"),
        (#"{"version": 1, "rules": [{"reason": "invalid_report", "points": 5}]}"#, "rules[0].points"),
        (#"{"version": 1, "rules": [{"reason": "invalid_report", "points": -5, "daily_cap": 3}]}"#, "rules[0].daily_cap"),
        (#"{"version": 1, "rules": [{"reason": "report_filed", "points": 5, "daily_cap": 0}]}"#, "rules[0].daily_cap"),
        (#"{"version": 1, "rules": [{"reason": "report_filed", "points": 5}, {"reason": "report_filed", "points": 6}]}"#, "rules[1].reason"),
        (#"{"version": 1, "utc_offset_hours": 30, "rules": []}"#, "utc_offset_hours"),
        (#"{"version": 1, "rules": [], "anti_gaming": {"burst_max_awards": 0, "burst_window_minutes": 60, "pairing_min_cases": 3, "pairing_window_days": 30, "self_dealing": true}}"#, "anti_gaming.burst_max_awards"),
    ])
    func aBadRulesFileIsRefusedNamingTheField(_ json: String, _ field: String) {
        #expect {
            _ = try PointsRulesFile.parse(Data(json.utf8))
        } throws: { error in
            let e = error as? DomainError
            return e?.code == "invalid_points_rules" && e?.field == field && !(e?.message.zh.isEmpty ?? true)
        }
    }

    @Test func anAwardEarnsWhatIsLeftOfItsDailyCap() {
        let award = PointsRules.standard.award(.reportFiled, to: 7, caseID: 1, at: Date(), key: "k")!
        #expect(PointsPosting.delta(for: award, earnedToday: 0, balance: 0) == 5)
        #expect(PointsPosting.delta(for: award, earnedToday: 47, balance: 0) == 3)
        #expect(PointsPosting.delta(for: award, earnedToday: 50, balance: 0) == nil)
        #expect(PointsPosting.delta(for: award, earnedToday: 80, balance: 0) == nil)
    }

    @Test func aDeductionTakesAtMostTheBalance() {
        let deduction = PointsRules.standard.award(.spamReport, to: 7, caseID: 1, at: Date(), key: "k")!
        #expect(PointsPosting.delta(for: deduction, earnedToday: 0, balance: 100) == -20)
        #expect(PointsPosting.delta(for: deduction, earnedToday: 0, balance: 8) == -8)
        #expect(PointsPosting.delta(for: deduction, earnedToday: 0, balance: 0) == nil)
    }

    @Test func aSpendingBeyondTheBalanceIsRefused() throws {
        try PointsPosting.checkSpending(30, balance: 30)
        #expect(throws: DomainError.self) { try PointsPosting.checkSpending(31, balance: 30) }
        #expect(throws: DomainError.self) { try PointsPosting.checkSpending(0, balance: 30) }
    }

    @Test func theCapsDayRunsInTheRulesTimeZone() {
        // 2026-11-30T15:59:59Z is 23:59:59 in Beijing; a second later the next day starts there.
        let before = ISOTime.parse("2026-11-30T15:59:59Z")!
        let after = before.addingTimeInterval(1)
        let day = PointsPosting.day(of: before, utcOffsetHours: 8)
        #expect(day.start == ISOTime.parse("2026-11-29T16:00:00Z"))
        #expect(day.end == after)
        #expect(PointsPosting.day(of: after, utcOffsetHours: 8).start == after)
    }

    @Test func spamIsToldByTheRulesWords() {
        #expect(PointsRules.standard.isSpam("恶意重复上报"))
        #expect(PointsRules.standard.isSpam("SPAM from a bot"))
        #expect(!PointsRules.standard.isSpam("不属于城管受理范围"))
    }
}
