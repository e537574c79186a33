import CityGridCore
import CityGridGeometry
import Foundation
import Testing

/// ``PointsAwarding``: what a case's history earns.
@Suite struct PointsAwardingTests {
    let t0 = Date(timeIntervalSince1970: 1_795_900_000)
    let grid = RegionCode("110101001001001")!

    func value(_ id: Int64, reporter: UserID?) -> Case {
        var c = Case(id: CaseID(id), number: "N\(id)", category: CategoryCode("E0102")!, source: .citizenApp, location: GeoPoint(lon: 116.4, lat: 39.9),
                     chain: GridChain(grid: grid), description: "d", reporterID: reporter, reportedAt: t0)
        c.state = .reported
        return c
    }

    func event(_ id: Int64, _ seq: Int, _ action: WorkflowAction, from: CaseState?, to: CaseState, role: Role = .intakeOperator, note: String = "", at: Double = 0) -> CaseEvent {
        CaseEvent(caseID: CaseID(id), sequence: seq, actorID: 3, role: role, action: action, at: t0.addingTimeInterval(at), fromState: from, toState: to, note: note)
    }

    func report(_ id: Int64) -> CaseEvent { event(id, 1, .report, from: nil, to: .reported, role: .citizen) }

    @Test func aFiledCitizenReportEarnsTheReportAndTheFirstReport() {
        var c = value(1, reporter: 7)
        c.state = .filed
        let events = [report(1), event(1, 2, .accept, from: .reported, to: .accepted, at: 60), event(1, 3, .file, from: .accepted, to: .filed, at: 120)]
        let awards = PointsAwarding.awards(for: .init(value: c, events: events, reporterIsCitizen: true, deviceID: "phone"), rules: .standard)
        #expect(awards.map(\.reason) == [.reportFiled, .firstReport])
        #expect(awards.allSatisfy { $0.account == 7 && $0.at == t0.addingTimeInterval(120) && $0.grid == grid && $0.deviceID == "phone" })
        #expect(awards.map(\.points) == [5, 10])
        #expect(Set(awards.map(\.key)).count == 2)
    }

    @Test func aReportNotFiledYetEarnsNothing() {
        let awards = PointsAwarding.awards(for: .init(value: value(1, reporter: 7), events: [report(1)], reporterIsCitizen: true), rules: .standard)
        #expect(awards.isEmpty)
    }

    @Test func aLikelyDuplicateFiledIsNoFirstReport() {
        var c = value(2, reporter: 7)
        c.likelyDuplicateOf = 1
        let events = [report(2), event(2, 2, .file, from: .accepted, to: .filed)]
        #expect(PointsAwarding.awards(for: .init(value: c, events: events, reporterIsCitizen: true), rules: .standard).map(\.reason) == [.reportFiled])
    }

    @Test func staffReportsEarnNothing() {
        let events = [event(1, 1, .report, from: nil, to: .reported), event(1, 2, .file, from: .accepted, to: .filed)]
        #expect(PointsAwarding.awards(for: .init(value: value(1, reporter: 7), events: events, reporterIsCitizen: false), rules: .standard).isEmpty)
    }

    @Test func theParentOfAMergedDuplicateEarnsTheFirstReport() {
        var child = value(2, reporter: 8)
        child.state = .merged
        child.parentCaseID = 1
        let events = [report(2), event(2, 2, .merge, from: .reported, to: .merged, at: 30)]
        let awards = PointsAwarding.awards(for: .init(value: child, events: events, reporterIsCitizen: true, parent: value(1, reporter: 7), parentReporterIsCitizen: true),
                                           rules: .standard)
        #expect(awards.map(\.reason) == [.firstReport])
        #expect(awards.first?.account == 7)
        #expect(awards.first?.caseID == 1)
        #expect(awards.first?.key == PointsAwarding.key(.firstReport, caseID: 1))
    }

    @Test func aRejectedReportIsDeductedAsInvalidOrSpam() {
        let invalid = PointsAwarding.awards(for: .init(value: value(1, reporter: 7), events: [report(1), event(1, 2, .reject, from: .reported, to: .rejected, note: "不属于受理范围")],
                                                       reporterIsCitizen: true), rules: .standard)
        #expect(invalid.map(\.reason) == [.invalidReport])
        #expect(invalid.map(\.points) == [-5])
        let spam = PointsAwarding.awards(for: .init(value: value(1, reporter: 7), events: [report(1), event(1, 2, .reject, from: .reported, to: .rejected, note: "恶意上报")],
                                                    reporterIsCitizen: true), rules: .standard)
        #expect(spam.map(\.reason) == [.spamReport])
        #expect(spam.map(\.points) == [-20])
        // Both are one deduction per case.
        #expect(spam.first?.key == invalid.first?.key)
    }

    @Test func theClaimedFixNamesTheReporterAsCounterpart() {
        let award = PointsAwarding.claimedFixConfirmed(claimer: 10, caseID: 5, reporter: 20, grid: grid, at: t0, rules: .standard)
        #expect(award?.reason == .claimedFixConfirmed)
        #expect(award?.counterpart == 20)
        #expect(award?.points == 20)
        #expect(award?.dailyCap == 100)
        let adopted = PointsAwarding.suggestionAdopted(author: 7, suggestion: "S-12", grid: nil, at: t0, rules: .standard)
        #expect(adopted?.key == "suggestion_adopted:S-12")
    }
}
