import CityGridCore
import Testing

@Suite("WorkflowDefinition")
struct WorkflowDefinitionTests {
    let standard = WorkflowDefinition.standard

    @Test("the standard main path, its roles and scopes")
    func standardTransitions() throws {
        let rows = standard.transitions.map { "\($0.action.rawValue): \($0.from.rawValue) -> \($0.to.rawValue) by \($0.roles.map(\.rawValue).sorted()) (\($0.scope.rawValue))" }
        #expect(rows == [
            "accept: reported -> accepted by [\"intake_operator\"] (jurisdiction)",
            "file: accepted -> filed by [\"shift_leader\"] (jurisdiction)",
            "dispatch: filed -> dispatched by [\"dispatcher\"] (jurisdiction)",
            "dispose: dispatched -> disposed by [\"department_handler\"] (assigned_organisation)",
            "check: disposed -> checked by [\"inspector\"] (jurisdiction)",
            "close: checked -> closed by [\"shift_leader\"] (jurisdiction)",
        ])
        #expect(standard.reportingRoles == [.inspector, .intakeOperator, .citizen, .shiftLeader, .dispatcher, .admin])
    }

    @Test("lookups by state")
    func lookups() {
        #expect(standard.transition(.dispatch, from: .filed)?.to == .dispatched)
        #expect(standard.transition(.dispatch, from: .accepted) == nil)
        #expect(standard.transition(.report, from: .reported) == nil)
        #expect(standard.actions(from: .reported) == [.accept])
        #expect(standard.actions(from: .checked) == [.close])
        #expect(standard.actions(from: .closed) == [])
    }

    @Test("a custom definition drives the machine")
    func customDefinition() throws {
        let shortcut = WorkflowDefinition(
            transitions: [WorkflowDefinition.Transition(action: .close, from: .reported, to: .closed, roles: [.leader])],
            reportingRoles: [.leader])
        let environment = WorkflowEnvironment(definition: shortcut, catalogue: Fixture.catalogue, calendar: .chinaDefault,
                                              organisations: Fixture.organisations, routingRules: [])
        let machine = WorkflowMachine(environment: environment)
        let (closed, event) = try machine.apply(WorkflowCommand(.close), to: Fixture.reportedCase(), by: Fixture.leader, at: cst("2026-11-30T10:00:00"))
        #expect(closed.state == .closed)
        #expect(closed.closedAt == cst("2026-11-30T10:00:00"))
        #expect(event.fromState == .reported)
        #expect(event.sequence == 2)
        expectRefusal(.conflict, code: "invalid_transition", field: "action") { () throws(DomainError) in
            try machine.apply(WorkflowCommand(.accept), to: Fixture.reportedCase(), by: Fixture.intakeOperator, at: cst("2026-11-30T10:00:00"))
        }
        expectRefusal(.forbidden, code: "role_not_allowed", field: "source") { () throws(DomainError) in
            try machine.authoriseReport(by: Fixture.citizen, at: GridChain(grid: Fixture.grid))
        }
    }

    @Test("the environment indexes organisations by code, the first of a duplicate winning")
    func environment() {
        let duplicate = Organisation(code: "D-WATER", name: LocalizedText(zh: "重复", en: "Duplicate"), kind: .enterprise)
        let environment = Fixture.environment(organisations: Fixture.organisations + [duplicate])
        #expect(environment.organisations.count == 2)
        #expect(environment.organisations["D-WATER"]?.kind == .department)
        #expect(environment.organisations["D-SANITATION"]?.jurisdiction == region("910101"))
        #expect(environment.definition == .standard)
    }
}
