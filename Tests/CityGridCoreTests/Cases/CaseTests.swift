import CityGridCore
import CityGridGeometry
import Foundation
import Testing

@Suite("Case")
struct CaseTests {
    @Test("a new case is reported, at version 1, with nothing else set")
    func newCase() {
        let value = Fixture.reportedCase()
        #expect(value.state == .reported)
        #expect(value.version == 1)
        #expect(value.kind == .event)
        #expect(value.acceptedAt == nil && value.filedAt == nil && value.dispatchedAt == nil)
        #expect(value.disposedAt == nil && value.checkedAt == nil && value.closedAt == nil && value.deadlineAt == nil)
        #expect(value.departmentCode == nil)
        #expect(value.reworkCount == 0 && value.extensionCount == 0 && value.returnCount == 0 && value.suspendedSeconds == 0)
        #expect(value.supervisionCount == 0 && value.dispatchCount == 0 && value.reopenCount == 0 && value.alertLevel == AlertLevel.none)
        #expect(value.caseDeadlineAt == nil && value.stage == nil && value.stageStartedAt == nil && value.stageDeadlineAt == nil && value.warnAt == nil)
        #expect(value.pendingExtensionSeconds == nil && value.suspendedSince == nil)
        #expect(value.parentCaseID == nil && value.stateBeforeMerge == nil && value.likelyDuplicateOf == nil && value.reopenedFromID == nil)
        #expect(!value.verified && !value.selfHandled && value.solved == nil && value.satisfaction == nil && value.subtasks.isEmpty)
        #expect(value.light(at: cst("2026-11-30T10:00:00")) == .none)
        #expect(Fixture.reportedCase(category: category("C0101")).kind == .component)
    }

    @Test("disposedOnTime compares the disposal with the deadline")
    func disposedOnTime() {
        var value = Fixture.reportedCase()
        #expect(value.disposedOnTime == nil)
        value.deadlineAt = cst("2026-12-01T10:00:00")
        #expect(value.disposedOnTime == nil)
        value.disposedAt = cst("2026-12-01T10:00:00")
        #expect(value.disposedOnTime == true)
        value.disposedAt = cst("2026-12-01T10:00:01")
        #expect(value.disposedOnTime == false)
        value.deadlineAt = nil
        #expect(value.disposedOnTime == nil)
    }

    @Test("states: closed, rejected and invalidated are terminal; the shipped definition names 18 states")
    func states() {
        let definition = WorkflowDefinition.standard
        #expect(definition.states.values.filter(\.terminal).map(\.name).sorted() == [.closed, .invalidated, .rejected])
        #expect(definition.states.keys.map(\.rawValue).sorted() == [
            "accepted", "checked", "claimed", "closed", "dispatched", "disposed", "extension_requested", "filed", "invalidated", "invalidation_requested",
            "merged", "rejected", "reported", "return_requested", "self_handled", "suspended", "suspension_requested", "verifying",
        ])
        // The named constants are the shipped states.
        for state: CaseState in [.reported, .verifying, .accepted, .filed, .dispatched, .disposed, .checked, .closed, .rejected,
                                 .invalidated, .merged, .suspended] {
            #expect(definition.states[state] != nil, "\(state)")
        }
        #expect(CaseState("dispatched") == .dispatched && CaseState.dispatched.description == "dispatched")
        #expect(CaseState.closed > CaseState.accepted)
        #expect(CaseState(codedString: "") == nil && CaseState(codedString: "x")?.rawValue == "x")
        #expect(WorkflowAction(codedString: "") == nil && WorkflowAction.checkFail.rawValue == "check_fail")
    }

    @Test("a case survives a JSON round trip")
    func coding() throws {
        var value = Fixture.reportedCase()
        value.departmentCode = "D-SANITATION"
        value.deadlineAt = cst("2026-12-01T10:00:00")
        value.state = "extension_requested"
        value.pendingExtensionSeconds = 7200
        value.subtasks = [Subtask(departmentCode: "D-WATER", summonedAt: cst("2026-11-30T10:00:00"), arrivalDeadline: cst("2026-11-30T10:30:00"),
                                  disposalDeadline: cst("2026-12-01T10:00:00"))]
        value.subtasks[0].rating = 4
        value.satisfaction = .basicallySatisfied
        value.stateBeforeMerge = .accepted
        let state = try JSONSerialization.jsonObject(with: JSONEncoder().encode(value)) as? [String: Any]
        #expect(state?["state"] as? String == "extension_requested")
        let decoded = try JSONDecoder().decode(Case.self, from: JSONEncoder().encode(value))
        #expect(decoded == value)
    }
}
