@testable import CityGridCore
import CityGridGeometry
import Foundation
import Testing

/// The rules the store applies inside its transactions, as pure functions: merge checks, notice
/// recipients, the clock's next look, workflow replacement.
@Suite struct StoreRulesTests {
    let open: Set<CaseState> = [.reported, .filed]

    @Test func aMergeNeedsAnOpenUnmergedParentOfTheSameCategoryInTheJurisdiction() {
        let parent = Fixture.reportedCase()
        let ok: () throws(DomainError) -> Void = {
            try MergeRule.check(parent: parent, parentID: 42, category: Fixture.exposedGarbage, openStates: self.open,
                                jurisdiction: region("910101001"), childDuplicates: 0)
        }
        #expect(throws: Never.self) { try ok() }
        expectRefusal(.invalid, code: "invalid_field", field: "parent_case_id") { () throws(DomainError) in
            try MergeRule.check(parent: nil, parentID: 42, category: Fixture.exposedGarbage, openStates: open, jurisdiction: nil, childDuplicates: 0)
        }
        expectRefusal(.invalid, code: "invalid_field", field: "parent_case_id") { () throws(DomainError) in
            try MergeRule.check(parent: parent, parentID: 42, category: Fixture.exposedGarbage, openStates: open,
                                jurisdiction: region("910101002"), childDuplicates: 0)
        }
        expectRefusal(.conflict, code: "parent_not_open", field: "parent_case_id") { () throws(DomainError) in
            try MergeRule.check(parent: parent, parentID: 42, category: Fixture.manholeCover, openStates: open, jurisdiction: nil, childDuplicates: 0)
        }
        var closed = parent
        closed.state = .closed
        expectRefusal(.conflict, code: "parent_not_open", field: "parent_case_id") { () throws(DomainError) in
            try MergeRule.check(parent: closed, parentID: 42, category: Fixture.exposedGarbage, openStates: open, jurisdiction: nil, childDuplicates: 0)
        }
        var merged = parent
        merged.parentCaseID = 7
        expectRefusal(.conflict, code: "parent_not_open", field: "parent_case_id") { () throws(DomainError) in
            try MergeRule.check(parent: merged, parentID: 42, category: Fixture.exposedGarbage, openStates: open, jurisdiction: nil, childDuplicates: 0)
        }
        expectRefusal(.conflict, code: "has_duplicates", field: "action") { () throws(DomainError) in
            try MergeRule.check(parent: parent, parentID: 42, category: Fixture.exposedGarbage, openStates: open, jurisdiction: nil, childDuplicates: 2)
        }
    }

    @Test func escalationsGoToTheLeadersOfTheRegionAndMergedReportersAreTold() {
        let district = region("910101")
        let users = [
            User(id: 1, username: "l1", displayName: "L1", role: .leader, jurisdiction: district),
            User(id: 2, username: "l2", displayName: "L2", role: .leader),
            User(id: 3, username: "d", displayName: "D", role: .dispatcher, jurisdiction: district),
            User(id: 4, username: "l4", displayName: "L4", role: .leader, jurisdiction: district),
        ]
        #expect(NotificationRecipients.escalation(of: 9, region: district, among: users).map(\.userID) == [1, 4])
        #expect(NotificationRecipients.escalation(of: 9, region: nil, among: users) == [.init(userID: 2, caseID: 9)])
        var a = Fixture.reportedCase(), b = Fixture.reportedCase(), anonymous = Fixture.reportedCase()
        a.id = 50; a.reporterID = 15
        b.id = 51; b.reporterID = 16
        anonymous.id = 52; anonymous.reporterID = nil
        #expect(NotificationRecipients.mergedReporters(of: [a, anonymous, b]) == [.init(userID: 15, caseID: 50), .init(userID: 16, caseID: 51)])
    }

    @Test func theClocksNextLook() {
        var c = Fixture.reportedCase()
        #expect(ClockRule.nextLook(at: c) == nil, "no stage clock")
        let warn = cst("2026-11-30T10:00:00"), due = cst("2026-11-30T11:00:00")
        c.warnAt = warn
        c.stageDeadlineAt = due
        #expect(ClockRule.nextLook(at: c) == warn)
        c.alertLevel = .warned
        #expect(ClockRule.nextLook(at: c) == due.addingTimeInterval(1))
        c.alertLevel = .escalated
        #expect(ClockRule.nextLook(at: c) == nil)
        c.alertLevel = .none
        c.suspendedSince = warn
        #expect(ClockRule.nextLook(at: c) == nil, "suspended")
    }

    @Test func aWorkflowMustKeepTheStatesCasesAreIn() {
        #expect(throws: Never.self) { try WorkflowReplacement.check(statesInUse: ["reported", "closed"], newStates: [.reported, .closed, .filed]) }
        expectRefusal(.conflict, code: "states_in_use", field: "states") { () throws(DomainError) in
            try WorkflowReplacement.check(statesInUse: ["reported", "closed"], newStates: [.reported])
        }
    }
}
