import CityGridCore
import CityGridGeometry
import Foundation
import Testing

@Suite("WorkflowMachine")
struct WorkflowMachineTests {
    let machine = Fixture.machine

    /// The actor of the standard definition who may take `action` on a case of ``Fixture/reportedCase``.
    static func rightActor(for action: WorkflowAction) -> Actor {
        switch action {
        case .report, .accept: Fixture.intakeOperator
        case .file, .close: Fixture.shiftLeader
        case .dispatch: Fixture.dispatcher
        case .dispose: Fixture.sanitationHandler
        case .check: Fixture.inspector
        default: WorkflowTestKit.actor(for: action)
        }
    }

    static let mainPath: [WorkflowAction] = [.accept, .file, .dispatch, .dispose, .check, .close]

    /// A command that satisfies the guards of a main-path action: the disposal needs evidence.
    static func command(_ action: WorkflowAction, note: String = "") -> WorkflowCommand {
        WorkflowCommand(action, note: note, attachments: action == .dispose ? ["media:photo-1"] : [])
    }

    /// The case moved along the main path up to (not including) `state`'s successor.
    func caseIn(_ state: CaseState) throws -> Case {
        var value = Fixture.reportedCase()
        var at = cst("2026-11-30T09:00:00")
        for action in Self.mainPath where value.state != state {
            value = try machine.apply(Self.command(action), to: value, by: Self.rightActor(for: action), at: at).next
            at = at.addingTimeInterval(600)
        }
        #expect(value.state == state)
        return value
    }

    @Test("the main path by the right roles: states, timestamps, versions and events")
    func mainPath() throws {
        let times = [
            cst("2026-11-30T09:05:00"), cst("2026-11-30T09:20:00"), cst("2026-11-30T10:00:00"),
            cst("2026-11-30T15:45:00"), cst("2026-11-30T16:30:00"), cst("2026-12-01T09:10:00"),
        ]
        let states: [CaseState] = [.accepted, .filed, .dispatched, .disposed, .checked, .closed]
        var value = Fixture.reportedCase()
        var events: [CaseEvent] = []
        for (i, action) in Self.mainPath.enumerated() {
            let before = value
            let actor = Self.rightActor(for: action)
            let outcome = try machine.apply(Self.command(action, note: "step \(i + 1)"), to: value, by: actor, at: times[i])
            let (next, event) = (outcome.next, outcome.event)
            #expect(next.state == states[i])
            #expect(next.version == before.version + 1)
            #expect(next.version == i + 2)
            #expect(event == CaseEvent(caseID: 42, sequence: i + 2, actorID: actor.userID, role: actor.role, action: action, at: times[i],
                                       fromState: before.state, toState: states[i], note: "step \(i + 1)",
                                       attachments: action == .dispose ? ["media:photo-1"] : []))
            // Only closing asks the store for more: telling the reporter and the reporters of merged duplicates.
            #expect(outcome.followUps.count == (action == .close ? (value.reporterID != nil ? 2 : 1) : 0))
            // The input is a value: untouched.
            #expect(before.version == i + 1)
            value = next
            events.append(event)
        }
        #expect(value.acceptedAt == times[0])
        #expect(value.filedAt == times[1])
        #expect(value.dispatchedAt == times[2])
        #expect(value.disposedAt == times[3])
        #expect(value.checkedAt == times[4])
        #expect(value.closedAt == times[5])
        #expect(value.departmentCode == "D-SANITATION")
        // E0102 has 1 working day = 7 working hours from Monday 10:00.
        #expect(value.deadlineAt == cst("2026-12-01T10:00:00"))
        #expect(value.disposedOnTime == true)
        #expect(events.map(\.sequence) == [2, 3, 4, 5, 6, 7])
        #expect(events.map(\.fromState) == [.reported, .accepted, .filed, .dispatched, .disposed, .checked])
        // Nothing else changed.
        #expect(value.number == "E0102202611300001")
        #expect(value.reportedAt == cst("2026-11-30T08:30:00"))
        #expect(value.chain == GridChain(grid: Fixture.grid))
        #expect(value.reworkCount == 0 && value.suspendedSeconds == 0)
    }

    static func split(_ outcome: StepOutcome) -> (Case, CaseEvent) { (outcome.next, outcome.event) }

    @Test("each step sets only its own timestamp")
    func onlyOwnTimestamp() throws {
        let accepted = try caseIn(.accepted)
        #expect(accepted.acceptedAt == cst("2026-11-30T09:00:00"))
        #expect(accepted.filedAt == nil && accepted.dispatchedAt == nil && accepted.deadlineAt == nil && accepted.departmentCode == nil)
        let filed = try caseIn(.filed)
        #expect(filed.filedAt == cst("2026-11-30T09:10:00"))
        #expect(filed.dispatchedAt == nil && filed.disposedAt == nil)
        let dispatched = try caseIn(.dispatched)
        #expect(dispatched.dispatchedAt == cst("2026-11-30T09:20:00"))
        #expect(dispatched.disposedAt == nil && dispatched.checkedAt == nil && dispatched.closedAt == nil)
    }

    @Test("times are stored in whole seconds")
    func wholeSeconds() throws {
        let (next, event) = try Self.split(machine.apply(WorkflowCommand(.accept), to: Fixture.reportedCase(), by: Fixture.intakeOperator,
                                              at: cst("2026-11-30T09:05:00").addingTimeInterval(0.75)))
        #expect(next.acceptedAt == cst("2026-11-30T09:05:00"))
        #expect(event.at == cst("2026-11-30T09:05:00"))
    }

    @Test("dispatch routes automatically and sets the deadline from the calendar")
    func autoRoute() throws {
        let filed = try caseIn(.filed)
        let at = cst("2026-11-27T16:30:00")
        let (dispatched, event) = try Self.split(machine.apply(WorkflowCommand(.dispatch), to: filed, by: Fixture.dispatcher, at: at))
        #expect(dispatched.departmentCode == "D-SANITATION")
        #expect(dispatched.dispatchedAt == at)
        #expect(dispatched.deadlineAt == WorkCalendar.chinaDefault.deadline(from: at, limit: TimeLimit(amount: 1, unit: .workingDays)))
        // Friday 16:30 + 7 working hours: 1 h on Friday, 6 h on Monday.
        #expect(dispatched.deadlineAt == cst("2026-11-30T16:30:00"))
        #expect(event.note == "auto-routed")
        #expect(event.action == .dispatch)
    }

    @Test("an auto-routed dispatch keeps the dispatcher's note")
    func autoRouteKeepsNote() throws {
        let (_, event) = try Self.split(machine.apply(WorkflowCommand(.dispatch, note: "urgent"), to: try caseIn(.filed), by: Fixture.dispatcher,
                                           at: cst("2026-11-30T10:00:00")))
        #expect(event.note == "urgent")
    }

    @Test("a component case goes to the water authority with its working-hours limit")
    func componentRoute() throws {
        var value = Fixture.reportedCase(category: Fixture.manholeCover)
        value.state = .filed
        let (dispatched, _) = try Self.split(machine.apply(WorkflowCommand(.dispatch), to: value, by: Fixture.dispatcher, at: cst("2026-11-30T10:00:00")))
        #expect(dispatched.departmentCode == "D-WATER")
        // 6 working hours from Monday 10:00: 2 h before lunch, 4 h after.
        #expect(dispatched.deadlineAt == cst("2026-11-30T17:30:00"))
    }

    @Test("an explicit routing rule in the environment wins")
    func routingRule() throws {
        let machine = WorkflowMachine(environment: Fixture.environment(rules: [RoutingRule(categoryPrefix: "E01", regionPrefix: "910101001",
                                                                                          departmentCode: "D-WATER")]))
        let (dispatched, _) = try Self.split(machine.apply(WorkflowCommand(.dispatch), to: try caseIn(.filed), by: Fixture.dispatcher, at: cst("2026-11-30T10:00:00")))
        #expect(dispatched.departmentCode == "D-WATER")
    }

    @Test("the dispatcher can name another department")
    func override() throws {
        let at = cst("2026-11-30T10:00:00")
        let (dispatched, event) = try Self.split(machine.apply(WorkflowCommand(.dispatch, departmentCode: "D-WATER"), to: try caseIn(.filed),
                                                    by: Fixture.dispatcher, at: at))
        #expect(dispatched.departmentCode == "D-WATER")
        #expect(dispatched.state == .dispatched)
        #expect(dispatched.deadlineAt == cst("2026-12-01T10:00:00"))
        #expect(event.note == "")
        // Now the water handler disposes it, and the sanitation handler may not.
        expectRefusal(.forbidden, code: "not_assigned", field: nil) { () throws(DomainError) in
            try machine.apply(Self.command(.dispose), to: dispatched, by: Fixture.sanitationHandler, at: at)
        }
        #expect(try machine.apply(Self.command(.dispose), to: dispatched, by: Fixture.waterHandler, at: at).next.state == .disposed)
    }

    @Test("an unknown department is refused")
    func unknownDepartment() throws {
        let filed = try caseIn(.filed)
        expectRefusal(.invalid, code: "unknown_department", field: "department_code") { () throws(DomainError) in
            try machine.apply(WorkflowCommand(.dispatch, departmentCode: "D-NOPE"), to: filed, by: Fixture.dispatcher, at: cst("2026-11-30T10:00:00"))
        }
    }

    @Test("without a responsible body the dispatcher must name one")
    func noRoute() throws {
        let machine = WorkflowMachine(environment: Fixture.environment(organisations: [Fixture.organisations[0]]))
        let filed = try caseIn(.filed)
        expectRefusal(.invalid, code: "no_route", field: "department_code") { () throws(DomainError) in
            try machine.apply(WorkflowCommand(.dispatch), to: filed, by: Fixture.dispatcher, at: cst("2026-11-30T10:00:00"))
        }
        #expect(try machine.apply(WorkflowCommand(.dispatch, departmentCode: "D-WATER"), to: filed, by: Fixture.dispatcher,
                                  at: cst("2026-11-30T10:00:00")).next.departmentCode == "D-WATER")
    }

    @Test("a case whose category left the catalogue cannot be dispatched")
    func unknownCategoryOnDispatch() throws {
        var value = Fixture.reportedCase(category: category("E0999"))
        value.state = .filed
        expectRefusal(.conflict, code: "unknown_category", field: "category") { () throws(DomainError) in
            try machine.apply(WorkflowCommand(.dispatch), to: value, by: Fixture.dispatcher, at: cst("2026-11-30T10:00:00"))
        }
    }

    static let wrongStatePairs: [(CaseState, WorkflowAction)] = WorkflowDefinition.standard.states.keys.sorted().flatMap { state in
        WorkflowDefinition.standard.actionOrder.compactMap { action in
            WorkflowDefinition.standard.action(action, from: state) == nil ? (state, action) : nil
        }
    }

    @Test("every action that does not leave the state is a conflict", arguments: wrongStatePairs)
    func wrongState(state: CaseState, action: WorkflowAction) {
        var value = Fixture.reportedCase()
        value.state = state
        value.departmentCode = "D-SANITATION"
        expectRefusal(.conflict, code: "invalid_transition", field: "action") { () throws(DomainError) in
            try machine.apply(WorkflowCommand(action, departmentCode: action == .dispatch ? "D-WATER" : nil), to: value,
                              by: Self.rightActor(for: action), at: cst("2026-11-30T10:00:00"))
        }
    }

    @Test("there are 18 × 47 − 153 wrong (state, action) pairs")
    func wrongStateCount() {
        #expect(WorkflowDefinition.standard.states.count == 18)
        #expect(WorkflowDefinition.standard.actionOrder.count == 47)
        #expect(Self.wrongStatePairs.count == 693)
    }

    static let closedActions: [WorkflowAction] = [.rateSubtask, .visit, .reopen, .publishReply, .publishDescription, .publicUpdate]

    @Test("a closed case accepts no action but those that keep it closed",
          arguments: WorkflowDefinition.standard.actionOrder.filter { !closedActions.contains($0) })
    func closedCase(action: WorkflowAction) throws {
        let closed = try caseIn(.closed)
        #expect(closed.version == 7)
        expectRefusal(.conflict, code: "invalid_transition", field: "action") { () throws(DomainError) in
            try machine.apply(WorkflowCommand(action), to: closed, by: Self.rightActor(for: action), at: cst("2026-12-02T10:00:00"))
        }
    }

    @Test("the actions a closed case takes keep it closed")
    func closedCaseStays() throws {
        #expect(WorkflowDefinition.standard.actions(from: .closed) == Self.closedActions)
        let closed = try caseIn(.closed)
        for action in Self.closedActions {
            #expect(WorkflowDefinition.standard.actions[action]?.to == .stay)
        }
        let visited = try machine.apply(WorkflowCommand(.visit, solved: true, satisfaction: .satisfied), to: closed,
                                        by: Fixture.intakeOperator, at: cst("2026-12-02T10:00:00"))
        #expect(visited.next.state == .closed && visited.event.fromState == .closed && visited.event.toState == .closed)
        let reopened = try machine.apply(WorkflowCommand(.reopen), to: closed, by: Fixture.intakeOperator, at: cst("2026-12-02T10:00:00"))
        #expect(reopened.next.state == .closed)
        // The summoned-body rating needs a summoned body: this case had none.
        expectRefusal(.invalid, code: "invalid_field", field: "department_code") { () throws(DomainError) in
            try machine.apply(WorkflowCommand(.rateSubtask, departmentCode: "D-WATER", rating: 3), to: closed, by: Fixture.dispatcher,
                              at: cst("2026-12-02T10:00:00"))
        }
    }

    static let wrongRolePairs: [(WorkflowAction, Role)] = WorkflowDefinition.standard.actionOrder.flatMap { action in
        Role.allCases.filter { !WorkflowDefinition.standard.actions[action]!.roles.contains($0) }.map { (action, $0) }
    }

    @Test("a role not named by the action is forbidden", arguments: wrongRolePairs)
    func wrongRole(action: WorkflowAction, role: Role) throws {
        let definition = try #require(WorkflowDefinition.standard.actions[action])
        var value = Fixture.reportedCase()
        value.state = try #require(definition.from.sorted().first)
        value.departmentCode = "D-SANITATION"
        let actor = Actor(userID: 77, role: role, organisationCode: "D-SANITATION")
        expectRefusal(.forbidden, code: "role_not_allowed", field: "action") { () throws(DomainError) in
            try machine.apply(WorkflowCommand(action), to: value, by: actor, at: cst("2026-11-30T10:00:00"))
        }
    }

    @Test("there are 47 × 11 − 59 wrong (action, role) pairs")
    func wrongRoleCount() {
        #expect(Role.allCases.count == 11)
        #expect(Self.wrongRolePairs.count == 458)
    }

    @Test("an actor outside the case's jurisdiction is forbidden", arguments: [
        (WorkflowAction.accept, CaseState.reported, Role.intakeOperator), (.file, .accepted, .shiftLeader), (.dispatch, .filed, .dispatcher),
        (.check, .disposed, .inspector), (.close, .checked, .shiftLeader),
    ])
    func outsideJurisdiction(action: WorkflowAction, state: CaseState, role: Role) {
        var value = Fixture.reportedCase()
        value.state = state
        value.departmentCode = state == .disposed || state == .checked ? "D-SANITATION" : nil
        for jurisdiction in ["910102", "910101002", "910101001002", "910101001001002"] {
            let actor = Actor(userID: 50, role: role, organisationCode: "CENTRE", jurisdiction: region(jurisdiction))
            expectRefusal(.forbidden, code: "outside_jurisdiction", field: nil) { () throws(DomainError) in
                try machine.apply(WorkflowCommand(action), to: value, by: actor, at: cst("2026-11-30T10:00:00"))
            }
        }
        for jurisdiction in ["910101", "910101001", "910101001001", "910101001001001"] {
            let actor = Actor(userID: 50, role: role, organisationCode: "CENTRE", jurisdiction: region(jurisdiction))
            #expect((try? machine.apply(WorkflowCommand(action), to: value, by: actor, at: cst("2026-11-30T10:00:00")))?.next.version == 2)
        }
    }

    @Test("only a handler of the assigned organisation may dispose, wherever their jurisdiction")
    func disposeNeedsAssignment() throws {
        let dispatched = try caseIn(.dispatched)
        #expect(dispatched.departmentCode == "D-SANITATION")
        expectRefusal(.forbidden, code: "not_assigned", field: nil) { () throws(DomainError) in
            try machine.apply(WorkflowCommand(.dispose), to: dispatched, by: Fixture.waterHandler, at: cst("2026-11-30T11:00:00"))
        }
        let noOrganisation = Actor(userID: 60, role: .departmentHandler)
        expectRefusal(.forbidden, code: "not_assigned", field: nil) { () throws(DomainError) in
            try machine.apply(WorkflowCommand(.dispose), to: dispatched, by: noOrganisation, at: cst("2026-11-30T11:00:00"))
        }
        var unassigned = dispatched
        unassigned.departmentCode = nil
        expectRefusal(.forbidden, code: "not_assigned", field: nil) { () throws(DomainError) in
            try machine.apply(WorkflowCommand(.dispose), to: unassigned, by: Fixture.sanitationHandler, at: cst("2026-11-30T11:00:00"))
        }
        let farHandler = Actor(userID: 61, role: .departmentHandler, organisationCode: "D-SANITATION", jurisdiction: region("910199"))
        let (disposed, event) = try Self.split(machine.apply(Self.command(.dispose), to: dispatched, by: farHandler, at: cst("2026-11-30T11:00:00")))
        #expect(disposed.state == .disposed)
        #expect(disposed.disposedAt == cst("2026-11-30T11:00:00"))
        #expect(event.actorID == 61)
        #expect(event.sequence == 5)
    }

    @Test("the checks run in order: state, then role, then scope")
    func checkOrder() {
        let value = Fixture.reportedCase()
        // Wrong state and wrong role: the state is reported.
        expectRefusal(.conflict, code: "invalid_transition", field: "action") { () throws(DomainError) in
            try machine.apply(WorkflowCommand(.close), to: value, by: Fixture.citizen, at: cst("2026-11-30T10:00:00"))
        }
        // Wrong role and outside jurisdiction: the role is reported.
        let outsider = Actor(userID: 70, role: .dispatcher, jurisdiction: region("910102"))
        expectRefusal(.forbidden, code: "role_not_allowed", field: "action") { () throws(DomainError) in
            try machine.apply(WorkflowCommand(.accept), to: value, by: outsider, at: cst("2026-11-30T10:00:00"))
        }
    }

    @Test("a report needs a reporting role; inspectors only inside their patrol area")
    func authoriseReport() throws {
        let chain = GridChain(grid: Fixture.grid)
        try machine.authoriseReport(by: Fixture.citizen, at: chain)
        try machine.authoriseReport(by: Fixture.inspector, at: chain)
        expectRefusal(.forbidden, code: "role_not_allowed", field: "source") { () throws(DomainError) in
            try machine.authoriseReport(by: Fixture.leader, at: chain)
        }
        expectRefusal(.forbidden, code: "outside_jurisdiction", field: "location") { () throws(DomainError) in
            try machine.authoriseReport(by: Fixture.inspector, at: GridChain(grid: Fixture.otherSubdistrictGrid))
        }
    }
}
