import CityGridCore
import Foundation
import Testing

@Suite("WorkflowDefinition")
struct WorkflowDefinitionTests {
    let standard = WorkflowDefinition.standard

    func row(_ name: WorkflowAction) -> String {
        guard let action = standard.actions[name] else { return "\(name): missing" }
        let to: String
        switch action.to {
        case .state(let state): to = state.rawValue
        case .stay: to = "$stay"
        case .previous: to = "$previous"
        }
        return "\(name.rawValue): \(action.from.map(\.rawValue).sorted()) -> \(to) by \(action.roles.map(\.rawValue).sorted()) (\(action.scope.rawValue))"
    }

    @Test("the standard main path, its roles and scopes")
    func standardTransitions() throws {
        let rows = [WorkflowAction.accept, .file, .dispatch, .dispose, .check, .close].map(row)
        #expect(rows == [
            "accept: [\"reported\"] -> accepted by [\"intake_operator\"] (jurisdiction)",
            "file: [\"accepted\"] -> filed by [\"shift_leader\"] (jurisdiction)",
            "dispatch: [\"filed\"] -> dispatched by [\"dispatcher\"] (jurisdiction)",
            "dispose: [\"dispatched\"] -> disposed by [\"department_handler\", \"volunteer\"] (assigned_organisation)",
            "check: [\"disposed\"] -> checked by [\"inspector\"] (jurisdiction)",
            "close: [\"checked\"] -> closed by [\"shift_leader\"] (jurisdiction)",
        ])
        #expect(standard.reportingRoles == [.inspector, .intakeOperator, .citizen, .shiftLeader, .dispatcher, .admin])
        #expect(standard.initial == .reported)
        #expect(standard.reopenWindowDays == 7)
        #expect(standard.arrivalMinutes == 30)
        #expect(standard.duplicateRadiusMetres == 50)
        #expect(standard.duplicateWindowHours == 72)
        #expect(standard.caseLimitStages == ["intake", "filing", "dispatch", "disposal", "check", "closing"])
    }

    @Test("the deviations of the reference: who decides, and where they lead")
    func deviations() {
        #expect(row(.askVerify) == "ask_verify: [\"reported\"] -> verifying by [\"intake_operator\"] (jurisdiction)")
        #expect(row(.verify) == "verify: [\"verifying\"] -> reported by [\"inspector\"] (jurisdiction)")
        #expect(row(.reject) == "reject: [\"reported\", \"verifying\"] -> rejected by [\"intake_operator\"] (jurisdiction)")
        #expect(row(.sendBack) == "send_back: [\"accepted\"] -> reported by [\"shift_leader\"] (jurisdiction)")
        #expect(row(.approveInvalidation) == "approve_invalidation: [\"invalidation_requested\"] -> invalidated by [\"leader\"] (jurisdiction)")
        #expect(row(.requestExtension) == "request_extension: [\"dispatched\"] -> extension_requested by [\"department_handler\"] (assigned_organisation)")
        // Also by a body granted the power to approve extensions (放权).
        #expect(row(.approveExtension) == "approve_extension: [\"extension_requested\"] -> dispatched by [\"approve_extensions\", \"dispatcher\"] (jurisdiction)")
        #expect(row(.approveReturn) == "approve_return: [\"return_requested\"] -> filed by [\"dispatcher\"] (jurisdiction)")
        #expect(row(.resume) == "resume: [\"suspended\"] -> dispatched by [\"dispatcher\"] (jurisdiction)")
        #expect(row(.checkFail) == "check_fail: [\"disposed\"] -> dispatched by [\"inspector\"] (jurisdiction)")
        #expect(row(.approveSelfHandling) == "approve_self_handling: [\"self_handled\"] -> closed by [\"shift_leader\"] (jurisdiction)")
        #expect(row(.summon) == "summon: [\"dispatched\"] -> $stay by [\"dispatcher\", \"leader\", \"summon_departments\"] (jurisdiction)")
        #expect(row(.arrive) == "arrive: [\"checked\", \"dispatched\", \"disposed\"] -> $stay by [\"department_handler\"] (summoned_organisation)")
        #expect(row(.merge) == "merge: [\"accepted\", \"reported\", \"verifying\"] -> merged by [\"intake_operator\", \"shift_leader\"] (jurisdiction)")
        #expect(row(.unmerge) == "unmerge: [\"merged\"] -> $previous by [\"intake_operator\", \"shift_leader\"] (jurisdiction)")
        #expect(row(.visit) == "visit: [\"closed\"] -> $stay by [\"citizen\", \"intake_operator\"] (reporter_or_jurisdiction)")
        #expect(row(.reopen) == "reopen: [\"closed\"] -> $stay by [\"citizen\", \"intake_operator\"] (reporter_or_jurisdiction)")
        #expect(row(.warn) == "warn: \(WorkflowTestKit.openStates.map(\.rawValue).sorted()) -> $stay by [\"system\"] (any)")
        #expect(row(.escalate) == "escalate: \(WorkflowTestKit.openStates.map(\.rawValue).sorted()) -> $stay by [\"system\"] (any)")
    }

    @Test("lookups by state")
    func lookups() {
        #expect(standard.action(.dispatch, from: .filed)?.to == .state(.dispatched))
        #expect(standard.action(.dispatch, from: .accepted) == nil)
        #expect(standard.action(.report, from: .reported) == nil)
        #expect(standard.action("no_such_action", from: .reported) == nil)
        #expect(standard.actions(from: .reported) == [.askVerify, .accept, .reject, .selfHandle, .supervise, .reply, .replyCentre, .merge, .publishDescription, .publicUpdate, .warn, .escalate])
        #expect(standard.actions(from: .checked) == [.close, .supervise, .reply, .replyCentre, .arrive, .completeSubtask, .rateSubtask, .publishReply, .publishDescription, .publicUpdate, .warn, .escalate])
        #expect(standard.actions(from: .closed) == [.rateSubtask, .visit, .reopen, .publishReply, .publishDescription, .publicUpdate])
        #expect(standard.actions(from: .rejected) == [])
        #expect(standard.actions(from: .invalidated) == [])
        #expect(standard.actions(from: .merged) == [.unmerge])
        #expect(standard.actions(from: "no_such_state") == [])
        #expect(standard.isTerminal(.closed) && standard.isTerminal(.rejected) && standard.isTerminal(.invalidated))
        #expect(!standard.isTerminal(.reported) && !standard.isTerminal(.merged) && !standard.isTerminal(.suspended))
        // A state the definition does not know is treated as terminal: nothing may move it.
        #expect(standard.isTerminal("no_such_state"))
        #expect(standard.label(of: CaseState.dispatched) == LocalizedText(zh: "处置中", en: "Dispatched"))
        #expect(standard.label(of: CaseState("gone")) == LocalizedText(zh: "gone", en: "gone"))
        #expect(standard.label(of: WorkflowAction.checkFail) == LocalizedText(zh: "核查不通过（返工）", en: "Check failed (rework)"))
        #expect(standard.label(of: WorkflowAction("gone")) == LocalizedText(zh: "gone", en: "gone"))
    }

    @Test("a custom definition drives the machine")
    func customDefinition() throws {
        let json = """
        {"version": 1, "initial": "reported", "reporting_roles": ["leader"], "reopen_window_days": 7, "case_limit_stages": [],
         "arrival_minutes": 30, "duplicate_radius_metres": 50, "duplicate_window_hours": 72, "stages": [],
         "states": [{"name": "reported", "label_zh": "待受理", "label_en": "Reported"},
                    {"name": "closed", "label_zh": "已结案", "label_en": "Closed", "terminal": true}],
         "actions": [{"name": "close", "label_zh": "结案", "label_en": "Close", "from": ["reported"], "to": "closed", "roles": ["leader"],
                      "scope": "jurisdiction", "effects": ["stamp_closed"]}]}
        """
        let shortcut = try WorkflowDefinitionFile.decode(json: Data(json.utf8)).0
        let environment = WorkflowEnvironment(definition: shortcut, catalogue: Fixture.catalogue, calendar: .chinaDefault,
                                              organisations: Fixture.organisations, routingRules: [])
        let machine = WorkflowMachine(environment: environment)
        let outcome = try machine.apply(WorkflowCommand(.close), to: Fixture.reportedCase(), by: Fixture.leader, at: cst("2026-11-30T10:00:00"))
        #expect(outcome.next.state == .closed)
        #expect(outcome.next.closedAt == cst("2026-11-30T10:00:00"))
        #expect(outcome.event.fromState == .reported)
        #expect(outcome.event.sequence == 2)
        // Stamping the close tells the reporter; nothing else is asked of the store.
        #expect(outcome.followUps.count == 1)
        if case .notifyReporter(let caseID, let reporterID, _)? = outcome.followUps.first {
            #expect(caseID == 42 && reporterID == Fixture.reportedCase().reporterID)
        } else {
            Issue.record("closing must notify the reporter")
        }
        // An action the definition does not name is invalid input; one it names, from the wrong state, a conflict.
        expectRefusal(.invalid, code: "invalid_field", field: "action") { () throws(DomainError) in
            try machine.apply(WorkflowCommand(.accept), to: Fixture.reportedCase(), by: Fixture.intakeOperator, at: cst("2026-11-30T10:00:00"))
        }
        expectRefusal(.conflict, code: "invalid_transition", field: "action") { () throws(DomainError) in
            try machine.apply(WorkflowCommand(.close), to: outcome.next, by: Fixture.leader, at: cst("2026-11-30T10:00:00"))
        }
        expectRefusal(.forbidden, code: "role_not_allowed", field: "source") { () throws(DomainError) in
            try machine.authoriseReport(by: Fixture.citizen, at: GridChain(grid: Fixture.grid))
        }
    }

    @Test("the environment indexes organisations by code, the first of a duplicate winning")
    func environment() {
        let duplicate = Organisation(code: "D-WATER", name: LocalizedText(zh: "重复", en: "Duplicate"), kind: .enterprise)
        let environment = Fixture.environment(organisations: Fixture.organisations + [duplicate])
        #expect(environment.organisations.count == Fixture.organisations.count)
        #expect(environment.organisations["D-WATER"]?.kind == .department)
        #expect(environment.organisations["D-SANITATION"]?.jurisdiction == region("910101"))
        // The default definition is the shipped one.
        #expect(environment.definition.actionOrder == WorkflowDefinition.standard.actionOrder)
        #expect(environment.definition.states == WorkflowDefinition.standard.states)
        #expect(environment.definition.actions == WorkflowDefinition.standard.actions)
    }
}
