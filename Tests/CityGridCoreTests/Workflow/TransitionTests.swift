import CityGridCore
import CityGridGeometry
import Foundation
import Testing

/// A test per transition of the shipped definition: each action succeeds from each of its states for
/// each of its roles with exactly its effects, and is refused from every other state, for every other
/// role, outside its scope, and when each of its guards fails.
@Suite("Transitions of the shipped workflow")
struct TransitionTests {
    typealias Kit = WorkflowTestKit
    static let definition = WorkflowDefinition.standard
    static let actions = definition.actionOrder
    let machine = Kit.machine
    let calendar = Kit.calendar

    /// Actions that need a summoned body on the case.
    static func needsSummon(_ action: WorkflowAction) -> Bool { [.arrive, .completeSubtask, .rateSubtask].contains(action) }

    /// Actions that need the summoned body to have arrived: a rating comes after the arrival.
    static func needsArrival(_ action: WorkflowAction) -> Bool { action == .rateSubtask }

    /// The case as `action` should leave it, and the follow-ups it should ask for, computed from the
    /// reference's rules (not from the definition file).
    func expected(_ action: WorkflowAction, before: Case, command: WorkflowCommand, actor: Actor, at: Date)
        -> (value: Case, followUps: [StepOutcome.FollowUp], note: String) {
        var value = before
        value.version += 1
        value.updatedAt = at
        var followUps: [StepOutcome.FollowUp] = []
        var note = command.note
        var target = before.state
        func shift(by seconds: Int64) {
            value.deadlineAt = value.deadlineAt.map { calendar.adding(workingSeconds: seconds, to: $0) }
            value.caseDeadlineAt = value.caseDeadlineAt.map { calendar.adding(workingSeconds: seconds, to: $0) }
            value.stageDeadlineAt = value.stageDeadlineAt.map { calendar.adding(workingSeconds: seconds, to: $0) }
            value.warnAt = value.warnAt.map { calendar.adding(workingSeconds: seconds, to: $0) }
        }
        switch action {
        case .askVerify: target = "verifying"
        case .verify: value.verified = true; target = .reported
        case .accept: value.acceptedAt = at; target = .accepted
        case .reject:
            // Reporters of duplicates merged into a case that ends are told, whichever way it ends.
            followUps = [Kit.notifyMerged(before, endingIn: .rejected)]
            target = .rejected
        case .file: value.filedAt = at; target = .filed
        case .sendBack: target = .reported
        case .dispatch:
            // E0102 goes to the district's sanitation office; a first dispatch starts one working day.
            value.departmentCode = "D-SANITATION"
            value.dispatchedAt = at
            value.dispatchCount += 1
            value.deadlineAt = calendar.adding(workingSeconds: 7 * 3600, to: at)
            target = .dispatched
        case .requestInvalidation: target = "invalidation_requested"
        case .approveInvalidation:
            followUps = [Kit.notifyMerged(before, endingIn: .invalidated)]
            target = .invalidated
        case .refuseInvalidation: target = .filed
        case .requestExtension:
            value.pendingExtensionSeconds = Int64(command.hours! * 3600)
            target = "extension_requested"
        case .approveExtension:
            value.pendingExtensionSeconds = nil
            value.extensionCount += 1
            shift(by: before.pendingExtensionSeconds!)
            target = .dispatched
        case .refuseExtension: value.pendingExtensionSeconds = nil; target = .dispatched
        case .requestReturn: target = "return_requested"
        case .approveReturn: value.returnCount += 1; value.departmentCode = nil; target = .filed
        case .refuseReturn: target = .dispatched
        case .requestSuspension: target = "suspension_requested"
        case .approveSuspension: value.suspendedSince = at; target = .suspended
        case .refuseSuspension: target = .dispatched
        case .resume:
            value.suspendedSince = nil
            value.suspendedSeconds += Int64(at.timeIntervalSince(before.suspendedSince!))
            shift(by: calendar.workingSeconds(from: before.suspendedSince!, to: at))
            target = .dispatched
        case .dispose, .disposeClaimed: value.disposedAt = at; target = .disposed
        case .check: value.checkedAt = at; target = .checked
        case .checkFail: value.reworkCount += 1; target = .dispatched
        case .close:
            value.closedAt = at
            followUps = Kit.closingFollowUps(before)
            target = .closed
        case .selfHandle: value.selfHandled = true; value.disposedAt = at; target = "self_handled"
        case .approveSelfHandling:
            value.closedAt = at
            followUps = Kit.closingFollowUps(before)
            target = .closed
        case .refuseSelfHandling: target = .reported
        case .supervise: value.supervisionCount += 1
        case .reply, .replyCentre: break
        case .summon:
            for code in command.departmentCodes where !value.subtasks.contains(where: { $0.departmentCode == code && !$0.isDone }) {
                var subtask = Subtask(departmentCode: code, summonedAt: at, arrivalDeadline: at.addingTimeInterval(1800),
                                      disposalDeadline: calendar.adding(workingSeconds: 7 * 3600, to: at))
                // The summoning side is recorded: it alone rates the response.
                subtask.summonedBy = actor.principal
                subtask.summonerOrganisation = actor.organisationCode
                value.subtasks.append(subtask)
            }
        case .arrive:
            let i = value.subtasks.firstIndex { $0.departmentCode == actor.organisationCode && !$0.isDone }!
            value.subtasks[i].arrivedAt = value.subtasks[i].arrivedAt ?? at
        case .completeSubtask:
            let i = value.subtasks.firstIndex { $0.departmentCode == actor.organisationCode && !$0.isDone }!
            value.subtasks[i].arrivedAt = value.subtasks[i].arrivedAt ?? at
            value.subtasks[i].doneAt = at
        case .rateSubtask:
            let i = value.subtasks.lastIndex { $0.departmentCode == command.departmentCode }!
            value.subtasks[i].rating = command.rating
        case .merge:
            value.parentCaseID = command.parentCaseID
            value.stateBeforeMerge = before.state
            followUps = [.requireOpenParent(command.parentCaseID!, child: before.id, category: before.category, openStates: Kit.openForMerging,
                                            jurisdiction: actor.jurisdiction)]
            target = .merged
        case .unmerge:
            value.parentCaseID = nil
            value.stateBeforeMerge = nil
            target = before.stateBeforeMerge!
        case .visit:
            value.solved = command.solved
            value.satisfaction = command.satisfaction
            // The answer is written into the event's note, before the note given.
            let solved = command.solved.map { $0 ? "yes" : "no" } ?? "-"
            let answer = "satisfaction=\(command.satisfaction?.rawValue ?? "-"); solved=\(solved)"
            note = note.isEmpty ? answer : answer + "; " + note
        case .reopen:
            value.reopenCount += 1
            followUps = [.spawn(reopened(before, note: command.note, actor: actor, at: at))]
        case .warn:
            value.alertLevel = max(value.alertLevel, .warned)
            if before.stage == "disposal" { value.disposalAlertLevel = value.alertLevel }
        case .escalate:
            value.alertLevel = .escalated
            if before.stage == "disposal" { value.disposalAlertLevel = .escalated }
            value.supervisionCount += 1
            let above = levelAbove(before)
            if note.isEmpty { note = escalationNote(before, above) }
            followUps = [.notifyLeaders(caseID: before.id, region: above, message: LocalizedText(
                zh: "案件 \(before.number) 已超时，升级由您督办", en: "Case \(before.number) is overdue and escalated to you for supervision"))]
        case .publishReply, .publishDescription, .publicUpdate:
            break  // recorded by its event only: the public view reads it from the log
        case .claim:
            value.departmentCode = actor.organisationCode
            // The category's disposal deadline starts with the claim (a rework then runs under it).
            if before.deadlineAt == nil {
                value.deadlineAt = calendar.adding(workingSeconds: Kit.disposalSeconds(before.category), to: at)
                value.disposalAlertLevel = .none
            }
            target = "claimed"
        case .giveUpClaim, .releaseClaim:
            value.departmentCode = nil
            value.deadlineAt = nil
            value.disposalAlertLevel = .none
            target = .filed
        default:
            Issue.record("no expectation written for \(action)")
        }
        if target != before.state {
            // Leaving a stage records who left it, when, and the deadline it was under.
            if let stage = before.stage, Self.definition.states[target]?.stage != stage {
                value.stageLog.record(.init(stage: stage, actorID: actor.userID, at: at, dueAt: before.stageDeadlineAt))
            }
            Kit.enter(target, &value, at: at)
        }
        return (value, followUps, note)
    }

    /// The new case that "not fixed" opens: same place, category and reporter, clocks started anew.
    func reopened(_ before: Case, note: String, actor: Actor, at: Date) -> CaseDraft {
        var value = Case(id: .unassigned, number: "", category: before.category, source: before.source, location: before.location, chain: before.chain,
                         description: "重新上报（未解决）/ Reopened, not fixed: " + (note.isEmpty ? before.description : note),
                         reporterID: before.reporterID, componentID: before.componentID, reportedAt: at, state: .reported)
        value.reopenedFromID = before.id
        value.caseDeadlineAt = calendar.adding(workingSeconds: Kit.caseSeconds(before.category), to: at)
        Kit.enter(.reported, &value, at: at)
        let event = CaseEvent(caseID: .unassigned, sequence: 1, actorID: actor.userID, role: actor.role, action: .report, at: at,
                              fromState: nil, toState: .reported, note: "reopens \(before.number)")
        return CaseDraft(value: value, numberPrefix: CaseNumber.prefix(category: before.category, localDay: calendar.localDate(of: at)), events: [event])
    }

    /// The level above: the district for a body of the district (the sanitation office, a volunteer
    /// team), the city (nil) for a city-wide body and for an undispatched case (the centre holds it).
    func levelAbove(_ value: Case) -> RegionCode? {
        ["D-SANITATION", "V-910101001", "V-910101002"].contains(value.departmentCode?.rawValue ?? "") ? RegionCode("910101") : nil
    }

    func escalationNote(_ value: Case, _ above: RegionCode?) -> String {
        let overdue = value.stage.map { "stage \($0) overdue" } ?? "overdue"
        return above == nil ? "\(overdue); supervised by the city's leaders" : "\(overdue); supervised by the leaders of district 910101"
    }

    // MARK: - Success from every state, for every role, with exactly its effects

    @Test("succeeds from each of its states for each of its roles, with exactly its effects", arguments: actions)
    func succeeds(action name: WorkflowAction) throws {
        let action = try #require(Self.definition.actions[name])
        var successes = 0
        for state in action.from.sorted() {
            let (before, last) = Kit.caseIn(state, summon: Self.needsSummon(name), arrived: Self.needsArrival(name))
            let at = last.addingTimeInterval(Kit.step)
            for role in action.roles.sorted(by: { $0.rawValue < $1.rawValue }) {
                let actor = Kit.actor(role, for: name, on: before)
                let command = Kit.command(name, for: before)
                if action.scope == .assignedOrganisation, before.departmentCode == nil {
                    // Nobody's organisation is assigned before a dispatch: the action has nobody in scope.
                    expectRefusal(.forbidden, code: "not_assigned", field: nil) { () throws(DomainError) in
                        try machine.apply(command, to: before, by: actor, at: at)
                    }
                    continue
                }
                let outcome = try machine.apply(command, to: before, by: actor, at: at)
                let (value, followUps, note) = expected(name, before: before, command: command, actor: actor, at: at)
                #expect(outcome.next == value, "\(name) from \(state) by \(role)")
                #expect(outcome.followUps == followUps, "\(name) from \(state) by \(role)")
                #expect(outcome.event == CaseEvent(caseID: before.id, sequence: before.version + 1, actorID: actor.userID, role: role,
                                                   action: name, at: at, fromState: state, toState: value.state, note: note,
                                                   attachments: command.attachments), "\(name) from \(state) by \(role)")
                switch action.to {
                case .state(let target): #expect(outcome.next.state == target)
                case .stay: #expect(outcome.next.state == state)
                case .previous: #expect(outcome.next.state == before.stateBeforeMerge)
                }
                successes += 1
            }
        }
        #expect(successes > 0, "\(name) never succeeded")
    }

    // MARK: - (a) from a state it does not leave

    @Test("is refused as a conflict from every state it does not leave", arguments: actions)
    func refusedFromOtherStates(action name: WorkflowAction) throws {
        let action = try #require(Self.definition.actions[name])
        let others = Self.definition.states.keys.filter { !action.from.contains($0) }.sorted()
        #expect(others.count + action.from.count == 18)
        for state in others {
            let (value, last) = Kit.caseIn(state)
            let actor = Kit.actor(for: name, on: value)
            expectRefusal(.conflict, code: "invalid_transition", field: "action") { () throws(DomainError) in
                try machine.apply(Kit.command(name, for: value), to: value, by: actor, at: last.addingTimeInterval(Kit.step))
            }
        }
    }

    // MARK: - (b) for a role it does not name

    @Test("is forbidden for every role it does not name", arguments: actions)
    func refusedForOtherRoles(action name: WorkflowAction) throws {
        let action = try #require(Self.definition.actions[name])
        let state = try #require(action.from.sorted().first)
        let (value, last) = Kit.caseIn(state, summon: Self.needsSummon(name), arrived: Self.needsArrival(name))
        for role in Role.allCases where !action.roles.contains(role) {
            // City-wide, of the case's own organisation, the reporter: everything right but the role.
            let actor = Actor(value.reporterID.map { .user($0) } ?? .anonymous, role: role, organisationCode: value.departmentCode ?? "D-WATER")
            expectRefusal(.forbidden, code: "role_not_allowed", field: "action") { () throws(DomainError) in
                try machine.apply(Kit.command(name, for: value), to: value, by: actor, at: last.addingTimeInterval(Kit.step))
            }
        }
    }

    // MARK: - (c) outside its scope

    /// A case that `name` may leave, preferably a dispatched one (so that the assigned organisation is
    /// set), with the summons and arrival the action needs.
    static func caseForRefusals(_ name: WorkflowAction) throws -> (WorkflowDefinition.Action, Case, Date) {
        let action = try #require(definition.actions[name])
        let state = try #require(action.from.sorted { a, b in
            (a == .dispatched ? 0 : 1, a.rawValue) < (b == .dispatched ? 0 : 1, b.rawValue)
        }.first)
        let (value, last) = Kit.caseIn(state, summon: needsSummon(name), arrived: needsArrival(name))
        return (action, value, last)
    }

    @Test("is forbidden outside its scope", arguments: actions)
    func refusedOutsideScope(action name: WorkflowAction) throws {
        let (action, value, last) = try Self.caseForRefusals(name)
        let at = last.addingTimeInterval(Kit.step)
        let command = Kit.command(name, for: value)
        func refused(_ actor: Actor, _ code: String, sourceLocation: SourceLocation = #_sourceLocation) {
            expectRefusal(.forbidden, code: code, field: nil, sourceLocation: sourceLocation) { () throws(DomainError) in
                try machine.apply(command, to: value, by: actor, at: at)
            }
        }
        switch action.scope {
        case .jurisdiction:
            for role in action.roles {
                // Another district, another subdistrict, a neighbouring grid of the same community.
                for outside in ["910102", "910101002", "910101001002", "910101001001002"] {
                    refused(Actor(userID: 50, role: role, organisationCode: "CENTRE", jurisdiction: region(outside)), "outside_jurisdiction")
                }
                // Every level that holds the grid is in scope.
                for inside in ["910101", "910101001", "910101001001", "910101001001001"] {
                    let actor = Actor(userID: 50, role: role, organisationCode: "CENTRE", jurisdiction: region(inside))
                    #expect((try? machine.apply(command, to: value, by: actor, at: at))?.next.version == value.version + 1, "\(name) by \(role) in \(inside)")
                }
            }
        case .assignedOrganisation:
            // The body holding the case: the one it was dispatched to, or the team that claimed it.
            let holder = try #require(value.departmentCode)
            #expect(holder == (value.state == "claimed" ? Kit.team : "D-SANITATION"))
            let role = Kit.role(for: name)
            func member(_ code: OrganisationCode?) -> Actor { Actor(userID: 61, role: role, organisationCode: code) }
            refused(member("D-WATER"), "not_assigned")
            refused(member("S-910101001"), "not_assigned")
            refused(member(nil), "not_assigned")
            // The jurisdiction of the member does not matter; the organisation does.
            let far = Actor(userID: 62, role: role, organisationCode: holder, jurisdiction: region("910199"))
            #expect((try? machine.apply(command, to: value, by: far, at: at))?.next.version == value.version + 1)
            var unassigned = value
            unassigned.departmentCode = nil
            expectRefusal(.forbidden, code: "not_assigned", field: nil) { () throws(DomainError) in
                try machine.apply(command, to: unassigned, by: member(holder), at: at)
            }
        case .claimable:
            // A department is dispatched cases, never claims one; a team claims only where it serves.
            refused(Actor(userID: 70, role: .volunteer, organisationCode: "D-WATER"), "not_claimable")
            refused(Actor(userID: 70, role: .volunteer, organisationCode: nil), "not_claimable")
            refused(Actor(userID: 70, role: .volunteer, organisationCode: "V-910101002"), "outside_jurisdiction")
            for team in ["V-910101001", "N-GREEN"] {
                let claimant = Actor(userID: 71, role: .volunteer, organisationCode: OrganisationCode(team))
                #expect((try? machine.apply(command, to: value, by: claimant, at: at))?.next.departmentCode == OrganisationCode(team))
            }
            var manhole = value
            manhole.category = Fixture.manholeCover
            expectRefusal(.forbidden, code: "not_claimable", field: nil) { () throws(DomainError) in
                try machine.apply(command, to: manhole, by: Actor(userID: 71, role: .volunteer, organisationCode: "V-910101001"), at: at)
            }
        case .summonedOrganisation:
            #expect(value.subtasks.map(\.departmentCode) == ["D-WATER"])
            // The assigned body was not summoned: being assigned is not being summoned.
            refused(Kit.handler("D-SANITATION"), "not_summoned")
            refused(Kit.handler("S-910101001"), "not_summoned")
            refused(Kit.handler(nil), "not_summoned")
        case .reporterOrJurisdiction:
            refused(Kit.otherCitizen, "outside_jurisdiction")
            refused(Actor(userID: 50, role: .intakeOperator, organisationCode: "CENTRE", jurisdiction: region("910102")), "outside_jurisdiction")
            refused(Actor(userID: 50, role: .intakeOperator, organisationCode: "CENTRE", jurisdiction: region("910101001001002")), "outside_jurisdiction")
            // The reporter needs no jurisdiction; staff need theirs, not to be the reporter.
            #expect((try? machine.apply(command, to: value, by: Kit.reporter, at: at))?.next.version == value.version + 1)
            let local = Actor(userID: 51, role: .intakeOperator, organisationCode: "CENTRE", jurisdiction: region("910101001001"))
            #expect((try? machine.apply(command, to: value, by: local, at: at))?.next.version == value.version + 1)
        case .any:
            // The system's clock acts on every case, wherever it is and whatever it is attached to; so
            // does the public's update, from anyone (an outside client's citizen has no account).
            let anywhere = name == .publicUpdate ? Actor(.anonymous, role: .citizen)
                : Actor(.system, role: .system, organisationCode: "D-WATER", jurisdiction: region("910102"))
            #expect((try? machine.apply(command, to: value, by: anywhere, at: at))?.next.version == value.version + 1)
        }
    }

    // MARK: - (d) when each of its guards fails

    /// Ways to make `rule` fail for `action` on `value`: a changed command, case or time, and the
    /// refusal expected.
    struct Breach {
        var label: String
        var value: Case
        var command: WorkflowCommand
        var at: Date
        var kind: DomainError.Kind
        var code: String
        var field: String?
    }

    func breaches(of rule: WorkflowGuard, _ action: WorkflowAction, _ value: Case, _ command: WorkflowCommand, _ at: Date) -> [Breach] {
        func with(_ label: String, _ field: String, _ change: (inout WorkflowCommand) -> Void) -> Breach {
            var changed = command
            change(&changed)
            return Breach(label: label, value: value, command: changed, at: at, kind: .invalid, code: "invalid_field", field: field)
        }
        switch rule {
        case .reason:
            return [with("no note", "note") { $0.note = "" }, with("blank note", "note") { $0.note = " \n\t " }]
        case .hours:
            return [with("no hours", "hours") { $0.hours = nil }, with("zero hours", "hours") { $0.hours = 0 },
                    with("negative hours", "hours") { $0.hours = -2 }, with("too many hours", "hours") { $0.hours = 2000.5 },
                    with("NaN hours", "hours") { $0.hours = .nan }, with("infinite hours", "hours") { $0.hours = .infinity }]
        case .evidence:
            return [with("no evidence", "attachments") { $0.note = ""; $0.attachments = [] },
                    with("blank note only", "attachments") { $0.note = "  "; $0.attachments = [] }]
        case .departments:
            return [with("none", "department_codes") { $0.departmentCodes = [] },
                    with("twice the same", "department_codes") { $0.departmentCodes = ["D-WATER", "D-WATER"] },
                    with("21 bodies", "department_codes") { $0.departmentCodes = (0...20).map { OrganisationCode("D-\($0)") } },
                    with("unknown body", "department_codes[1]") { $0.departmentCodes = ["D-WATER", "D-NOPE"] },
                    with("a body that does not dispose", "department_codes[0]") { $0.departmentCodes = ["CENTRE"] }]
        case .parent:
            return [with("no parent", "parent_case_id") { $0.parentCaseID = nil }, with("zero", "parent_case_id") { $0.parentCaseID = 0 },
                    with("negative", "parent_case_id") { $0.parentCaseID = -7 },
                    with("itself", "parent_case_id") { $0.parentCaseID = value.id }]
        case .satisfaction:
            return [with("no satisfaction", "satisfaction") { $0.satisfaction = nil }]
        case .reopenWindow:
            var neverClosed = value
            neverClosed.closedAt = nil
            return [Breach(label: "a second after the window", value: value, command: command,
                           at: value.closedAt!.addingTimeInterval(7 * 86_400 + 1), kind: .conflict, code: "reopen_window_passed", field: "action"),
                    Breach(label: "a year later", value: value, command: command,
                           at: value.closedAt!.addingTimeInterval(365 * 86_400), kind: .conflict, code: "reopen_window_passed", field: "action"),
                    Breach(label: "no closing date", value: neverClosed, command: command, at: at,
                           kind: .conflict, code: "reopen_window_passed", field: "action")]
        case .subtasksDone:
            var open = value
            open.subtasks = [Subtask(departmentCode: "D-WATER", summonedAt: at, arrivalDeadline: at, disposalDeadline: at)]
            var someOpen = open
            someOpen.subtasks.insert(Subtask(departmentCode: "S-910101001", summonedAt: at, arrivalDeadline: at, disposalDeadline: at), at: 0)
            someOpen.subtasks[0].doneAt = at
            return [Breach(label: "a sub-task open", value: open, command: command, at: at, kind: .conflict, code: "subtasks_open", field: "action"),
                    Breach(label: "one done, one open", value: someOpen, command: command, at: at, kind: .conflict, code: "subtasks_open", field: "action")]
        case .ownSubtaskOpen:
            var done = value
            for i in done.subtasks.indices { done.subtasks[i].doneAt = at }
            return [Breach(label: "own sub-task done", value: done, command: command, at: at, kind: .conflict, code: "no_open_subtask", field: "action")]
        case .rating:
            // The body rated is the latest sub-task of the command's department.
            let rated = value.subtasks.lastIndex { $0.departmentCode == command.departmentCode }!
            var otherSummoner = value
            otherSummoner.subtasks[rated].summonedBy = .user(999)
            otherSummoner.subtasks[rated].summonerOrganisation = "S-910101001"
            var notArrived = value
            notArrived.subtasks[rated].arrivedAt = nil
            return [with("no rating", "rating") { $0.rating = nil }, with("zero", "rating") { $0.rating = 0 },
                    with("six", "rating") { $0.rating = 6 },
                    with("no body", "department_code") { $0.departmentCode = nil },
                    with("a body not summoned", "department_code") { $0.departmentCode = "D-SANITATION" },
                    Breach(label: "summoned by another user of another organisation", value: otherSummoner, command: command, at: at,
                           kind: .forbidden, code: "not_summoner", field: nil),
                    Breach(label: "not arrived yet", value: notArrived, command: command, at: at,
                           kind: .conflict, code: "not_arrived", field: "department_code")]
        case .notVisited:
            var visited = value
            visited.satisfaction = .dissatisfied
            var visitedUnsolved = value
            visitedUnsolved.satisfaction = .satisfied
            visitedUnsolved.solved = false
            return [Breach(label: "visited already", value: visited, command: command, at: at, kind: .conflict, code: "already_visited", field: "action"),
                    Breach(label: "visited already, not solved", value: visitedUnsolved, command: command, at: at,
                           kind: .conflict, code: "already_visited", field: "action")]
        case .notReopened:
            var reopened = value
            reopened.reopenCount = 1
            var reopenedTwice = value
            reopenedTwice.reopenCount = 2
            return [Breach(label: "reopened once", value: reopened, command: command, at: at, kind: .conflict, code: "already_reopened", field: "action"),
                    Breach(label: "reopened twice", value: reopenedTwice, command: command, at: at,
                           kind: .conflict, code: "already_reopened", field: "action")]
        case .reporterOnlyForCitizens:
            // The scope `reporter_or_jurisdiction` already refuses another citizen: see `reporterOnlyGuard`.
            return []
        }
    }

    @Test("is refused when each of its guards fails", arguments: actions)
    func refusedByGuards(action name: WorkflowAction) throws {
        let (action, value, last) = try Self.caseForRefusals(name)
        let at = last.addingTimeInterval(Kit.step)
        let command = Kit.command(name, for: value)
        let actor = Kit.actor(for: name, on: value)
        // The unchanged command succeeds: each refusal below is its guard's doing.
        #expect((try? machine.apply(command, to: value, by: actor, at: at)) != nil)
        for rule in action.guards {
            let list = breaches(of: rule, name, value, command, at)
            #expect(!list.isEmpty || rule == .reporterOnlyForCitizens, "no breach of \(rule)")
            for breach in list {
                let error = refusal { () throws(DomainError) in try machine.apply(breach.command, to: breach.value, by: actor, at: breach.at) }
                #expect(error?.kind == breach.kind, "\(name) \(rule): \(breach.label)")
                #expect(error?.code == breach.code, "\(name) \(rule): \(breach.label)")
                #expect(error?.field == breach.field, "\(name) \(rule): \(breach.label): \(String(describing: error))")
            }
        }
    }

    @Test("the guards of the shipped actions")
    func guardsOfActions() {
        let rows = Self.actions.compactMap { name -> String? in
            let guards = Self.definition.actions[name]!.guards
            return guards.isEmpty ? nil : "\(name): \(guards.map(\.rawValue).joined(separator: ", "))"
        }
        #expect(rows == [
            "verify: reason", "reject: reason", "send_back: reason", "request_invalidation: reason", "refuse_invalidation: reason",
            "request_extension: hours, reason", "refuse_extension: reason", "request_return: reason", "refuse_return: reason",
            "request_suspension: reason", "refuse_suspension: reason", "dispose: evidence", "check_fail: reason", "close: subtasks_done",
            "self_handle: evidence", "refuse_self_handling: reason", "supervise: reason", "reply: reason", "reply_centre: reason", "summon: departments",
            "arrive: own_subtask_open", "complete_subtask: own_subtask_open, evidence", "rate_subtask: rating", "merge: parent",
            "visit: not_visited, satisfaction", "reopen: not_reopened, reopen_window", "publish_reply: reason", "public_update: reason",
            "give_up_claim: reason", "dispose_claimed: evidence",
        ])
    }

    @Test("the effects of the shipped actions that end a case tell the reporters of merged duplicates")
    func notifyingActions() {
        let notifying = Self.actions.filter { Self.definition.actions[$0]!.effects.contains(.notifyMerged) }
        #expect(notifying == [.reject, .approveInvalidation, .close, .approveSelfHandling])
        // Every way into a terminal state tells them.
        for name in Self.actions {
            let action = Self.definition.actions[name]!
            if case .state(let target) = action.to, Self.definition.isTerminal(target) {
                #expect(action.effects.contains(.notifyMerged), "\(name)")
            }
        }
    }

    @Test("the reporter-only guard refuses another citizen where the scope would let them in")
    func reporterOnlyGuard() throws {
        // The shipped definition leaves it to the scope, which refuses another citizen first.
        let (closed, last) = Kit.caseIn(.closed)
        for action: WorkflowAction in [.visit, .reopen] {
            #expect(Self.definition.actions[action]?.guards.contains(.reporterOnlyForCitizens) == false, "\(action)")
            #expect(Self.definition.actions[action]?.scope == .reporterOrJurisdiction, "\(action)")
            expectRefusal(.forbidden, code: "outside_jurisdiction", field: nil) { () throws(DomainError) in
                try machine.apply(Kit.command(action, for: closed), to: closed, by: Kit.otherCitizen, at: last.addingTimeInterval(60))
            }
        }
        // A city that opens return visits to any case keeps citizens to their own reports with the guard.
        var file = try JSONDecoder().decode(WorkflowDefinitionFile.self, from: Data(WorkflowDefinition.standardJSON.utf8))
        let i = try #require(file.actions.firstIndex { $0.name == "visit" })
        file.actions[i].scope = .any
        file.actions[i].guards = [.reporterOnlyForCitizens] + (file.actions[i].guards ?? [])
        let lenient = WorkflowMachine(environment: Kit.environment(definition: try file.definition()))
        expectRefusal(.forbidden, code: "not_reporter", field: nil) { () throws(DomainError) in
            try lenient.apply(Kit.command(.visit, for: closed), to: closed, by: Kit.otherCitizen, at: last.addingTimeInterval(60))
        }
        #expect(try lenient.apply(Kit.command(.visit, for: closed), to: closed, by: Kit.reporter, at: last.addingTimeInterval(60)).next.solved == true)
        // Staff are not held to it.
        let far = Actor(userID: 50, role: .intakeOperator, jurisdiction: region("910102"))
        #expect(try lenient.apply(Kit.command(.visit, for: closed), to: closed, by: far, at: last.addingTimeInterval(60)).next.version == closed.version + 1)
    }

    @Test("the limits of the hours, the departments and the ratings are inclusive")
    func inclusiveLimits() throws {
        let (dispatched, last) = Kit.caseIn(.dispatched)
        let at = last.addingTimeInterval(60)
        let most = try machine.apply(WorkflowCommand(.requestExtension, note: "big works", hours: 2000), to: dispatched,
                                     by: Fixture.sanitationHandler, at: at)
        #expect(most.next.pendingExtensionSeconds == Int64(7_200_000))
        let least = try machine.apply(WorkflowCommand(.requestExtension, note: "a little", hours: 0.0001), to: dispatched,
                                      by: Fixture.sanitationHandler, at: at)
        #expect(least.next.pendingExtensionSeconds == 0)
        let twenty = (0..<20).map { "E-\($0)" }
        let many = try WorkflowMachine(environment: WorkflowEnvironment(
            catalogue: Fixture.catalogue, calendar: .chinaDefault,
            organisations: Kit.organisations + twenty.map { Organisation(code: OrganisationCode($0), name: LocalizedText(zh: $0, en: $0), kind: .enterprise) },
            routingRules: [])).apply(WorkflowCommand(.summon, departmentCodes: twenty.map { OrganisationCode($0) }), to: dispatched, by: Fixture.dispatcher, at: at)
        #expect(many.next.subtasks.map(\.departmentCode.rawValue) == twenty)
        let (summoned, summonedAt) = Kit.caseIn(.dispatched, summon: true, arrived: true)
        for rating in [1, 5] {
            let rated = try machine.apply(WorkflowCommand(.rateSubtask, departmentCode: "D-WATER", rating: rating), to: summoned,
                                          by: Fixture.leader, at: summonedAt.addingTimeInterval(60))
            #expect(rated.next.subtasks[0].rating == rating)
        }
    }

    @Test("notes and attachments are checked on every action")
    func textChecks() {
        let (dispatched, last) = Kit.caseIn(.dispatched)
        let at = last.addingTimeInterval(60)
        let cases: [(WorkflowCommand, String)] = [
            (WorkflowCommand(.dispose, note: String(repeating: "x", count: 4001)), "note"),
            (WorkflowCommand(.dispose, note: "bell\u{7}"), "note"),
            (WorkflowCommand(.dispose, attachments: Array(repeating: "media:1", count: 21)), "attachments"),
            (WorkflowCommand(.dispose, attachments: ["media:1", "ftp://example.org/x"]), "attachments[1]"),
            (WorkflowCommand(.dispose, attachments: ["https://example.org/a b"]), "attachments[0]"),
            (WorkflowCommand(.dispose, attachments: ["https://" + String(repeating: "a", count: 1993)]), "attachments[0]"),
        ]
        for (command, field) in cases {
            expectRefusal(.invalid, code: "invalid_field", field: field) { () throws(DomainError) in
                try machine.apply(command, to: dispatched, by: Fixture.sanitationHandler, at: at)
            }
        }
        let longest = WorkflowCommand(.dispose, note: String(repeating: "网", count: 4000),
                                      attachments: Array(repeating: "http://example.org/x", count: 20))
        #expect((try? machine.apply(longest, to: dispatched, by: Fixture.sanitationHandler, at: at))?.next.state == .disposed)
        // An action the definition does not know.
        expectRefusal(.invalid, code: "invalid_field", field: "action") { () throws(DomainError) in
            try machine.apply(WorkflowCommand("teleport"), to: dispatched, by: Fixture.dispatcher, at: at)
        }
        expectRefusal(.invalid, code: "invalid_field", field: "action") { () throws(DomainError) in
            try machine.apply(WorkflowCommand(.report), to: dispatched, by: Fixture.dispatcher, at: at)
        }
    }

    @Test("permits judges state, role and scope only")
    func permits() {
        let (dispatched, _) = Kit.caseIn(.dispatched)
        #expect(machine.permits(.dispose, on: dispatched, by: Fixture.sanitationHandler))
        #expect(!machine.permits(.dispose, on: dispatched, by: Fixture.waterHandler))
        #expect(!machine.permits(.dispose, on: dispatched, by: Fixture.dispatcher))
        #expect(!machine.permits(.close, on: dispatched, by: Fixture.shiftLeader))
        #expect(machine.permits(.requestExtension, on: dispatched, by: Fixture.sanitationHandler))
        #expect(machine.permits(.warn, on: dispatched, by: Kit.system))
        #expect(!machine.permits(.warn, on: dispatched, by: Fixture.admin))
        #expect(!machine.permits("teleport", on: dispatched, by: Fixture.dispatcher))
    }
}

extension Fixture {
    static let admin = Actor(userID: 19, role: .admin, organisationCode: "CENTRE")
}

/// The behaviours of single transitions that the reference pins: clocks, deadlines, sub-tasks, the
/// reopening window, warnings and the traffic light, with literal times on the China calendar.
@Suite("Clocks and pinned transitions")
struct PinnedTransitionTests {
    typealias Kit = WorkflowTestKit
    let machine = Kit.machine
    let calendar = Kit.calendar

    func step(_ action: WorkflowAction, _ value: Case, by actor: Actor? = nil, at: String,
              _ change: (inout WorkflowCommand) -> Void = { _ in }) throws(DomainError) -> StepOutcome {
        var command = Kit.command(action, for: value)
        change(&command)
        return try machine.apply(command, to: value, by: actor ?? Kit.actor(for: action, on: value), at: cst(at))
    }

    @Test("a new case's clocks: intake's hour, and the whole case as the sum of the main path's stages")
    func startClocks() {
        // Monday 09:00: intake by 10:00, yellow from 09:48; the case 15 working hours: Wednesday 10:00.
        let monday = Kit.newCase()
        #expect(monday.stage == "intake" && monday.stageStartedAt == cst("2026-11-30T09:00:00"))
        #expect(monday.stageDeadlineAt == cst("2026-11-30T10:00:00"))
        #expect(monday.warnAt == cst("2026-11-30T09:48:00"))
        #expect(monday.caseDeadlineAt == cst("2026-12-02T10:00:00"))
        #expect(monday.deadlineAt == nil)
        // Friday 16:00: 1.5 h on Friday, 7 h on Monday, 6.5 h on Tuesday.
        let friday = Kit.newCase(at: cst("2026-11-27T16:00:00"))
        #expect(friday.caseDeadlineAt == cst("2026-12-01T17:00:00"))
        #expect(friday.stageDeadlineAt == cst("2026-11-27T17:00:00"))
        // A manhole cover has 6 working hours of disposal: one hour less.
        let cover = Kit.newCase(category: Fixture.manholeCover, at: cst("2026-11-27T16:00:00"))
        #expect(cover.caseDeadlineAt == cst("2026-12-01T16:00:00"))
        // Reported on a holiday: the clock starts on the next workday.
        let holiday = Kit.newCase(at: cst("2026-10-03T10:00:00"))
        #expect(holiday.stageDeadlineAt == cst("2026-10-08T10:00:00"))
        #expect(holiday.warnAt == cst("2026-10-08T09:48:00"))
    }

    @Test("each stage starts its own clock; moving inside a stage keeps it")
    func stageClocks() throws {
        let accepted = try step(.accept, Kit.newCase(), at: "2026-11-30T11:50:00").next
        // Filing: one working hour from 11:50, across lunch: 14:20; yellow 12 minutes before, at 14:08.
        #expect(accepted.stage == "filing" && accepted.stageStartedAt == cst("2026-11-30T11:50:00"))
        #expect(accepted.stageDeadlineAt == cst("2026-11-30T14:20:00"))
        #expect(accepted.warnAt == cst("2026-11-30T14:08:00"))
        let (dispatched, _) = Kit.caseIn(.dispatched)
        #expect(dispatched.stage == "disposal" && dispatched.stageDeadlineAt == dispatched.deadlineAt)
        let requested = try step(.requestExtension, dispatched, at: "2026-11-30T15:00:00").next
        #expect(requested.stage == "disposal")
        #expect(requested.stageStartedAt == dispatched.stageStartedAt && requested.stageDeadlineAt == dispatched.stageDeadlineAt)
        #expect(requested.warnAt == dispatched.warnAt)
        // The whole case's deadline does not move along the path.
        #expect(dispatched.caseDeadlineAt == Kit.newCase().caseDeadlineAt)
        // A merged case is parked: no stage, no light.
        let (merged, _) = Kit.caseIn(.merged)
        #expect(merged.stage == nil && merged.stageDeadlineAt == nil && merged.warnAt == nil)
        #expect(merged.light(at: cst("2026-12-30T10:00:00")) == TrafficLight.none)
        // Undoing the merge restarts the stage it was merged from.
        let unmerged = try step(.unmerge, merged, at: "2026-11-30T14:00:00").next
        #expect(unmerged.state == .reported && unmerged.stage == "intake")
        #expect(unmerged.stageStartedAt == cst("2026-11-30T14:00:00") && unmerged.stageDeadlineAt == cst("2026-11-30T15:00:00"))
        #expect(unmerged.parentCaseID == nil && unmerged.stateBeforeMerge == nil)
    }

    @Test("approve_extension moves every deadline by exactly the requested working hours")
    func approveExtension() throws {
        let (dispatched, _) = Kit.caseIn(.dispatched)
        // Dispatched Monday 09:30: disposal by Tuesday 09:30, yellow from Monday 16:36 (1.4 h before).
        #expect(dispatched.dispatchedAt == cst("2026-11-30T09:30:00"))
        #expect(dispatched.deadlineAt == cst("2026-12-01T09:30:00"))
        #expect(dispatched.warnAt == cst("2026-11-30T16:36:00"))
        #expect(dispatched.caseDeadlineAt == cst("2026-12-02T10:00:00"))
        let requested = try step(.requestExtension, dispatched, at: "2026-11-30T09:40:00") { $0.hours = 10 }.next
        #expect(requested.pendingExtensionSeconds == 36_000)
        // Asking moves nothing.
        #expect(requested.deadlineAt == dispatched.deadlineAt && requested.caseDeadlineAt == dispatched.caseDeadlineAt)
        let warned = try step(.warn, requested, by: Kit.system, at: "2026-11-30T09:45:00").next
        #expect(warned.alertLevel == .warned)
        let approved = try step(.approveExtension, warned, at: "2026-11-30T09:50:00")
        let value = approved.next
        #expect(value.state == .dispatched && value.extensionCount == 1 && value.pendingExtensionSeconds == nil)
        #expect(value.deadlineAt == cst("2026-12-02T14:00:00"))
        #expect(value.stageDeadlineAt == cst("2026-12-02T14:00:00"))
        #expect(value.caseDeadlineAt == cst("2026-12-03T14:30:00"))
        #expect(value.warnAt == cst("2026-12-02T11:06:00"))
        for (old, new) in [(dispatched.deadlineAt, value.deadlineAt), (dispatched.caseDeadlineAt, value.caseDeadlineAt),
                           (dispatched.stageDeadlineAt, value.stageDeadlineAt), (dispatched.warnAt, value.warnAt)] {
            #expect(calendar.workingSeconds(from: old!, to: new!) == 36_000)
        }
        // Green again: the warning can be raised anew.
        #expect(value.alertLevel == AlertLevel.none)
        #expect(value.light(at: cst("2026-12-02T11:05:59")) == .green)
        // A refused extension moves nothing and forgets the request.
        let refused = try step(.refuseExtension, requested, at: "2026-11-30T09:50:00").next
        #expect(refused.deadlineAt == dispatched.deadlineAt && refused.caseDeadlineAt == dispatched.caseDeadlineAt)
        #expect(refused.warnAt == dispatched.warnAt && refused.pendingExtensionSeconds == nil && refused.extensionCount == 0)
    }

    @Test("an extension that still leaves the case overdue keeps it escalated; one into the yellow lowers it to warned")
    func extensionAlertLevels() throws {
        let (dispatched, _) = Kit.caseIn(.dispatched)
        let escalated = try step(.escalate, dispatched, by: Kit.system, at: "2026-12-01T15:00:00").next
        #expect(escalated.alertLevel == .escalated)
        let short = try step(.requestExtension, escalated, at: "2026-12-01T15:01:00") { $0.hours = 1 }.next
        // Tuesday 09:30 + 1 h = 10:30, still before 15:02.
        let stillLate = try step(.approveExtension, short, at: "2026-12-01T15:02:00").next
        #expect(stillLate.deadlineAt == cst("2026-12-01T10:30:00") && stillLate.alertLevel == .escalated)
        #expect(stillLate.light(at: cst("2026-12-01T15:02:00")) == .red)
        // Tuesday 09:30 + 6 h = 17:00; yellow from 15:36: at 15:40 the case is yellow, warned, not escalated.
        let longer = try step(.requestExtension, escalated, at: "2026-12-01T15:01:00") { $0.hours = 6 }.next
        let yellow = try step(.approveExtension, longer, at: "2026-12-01T15:40:00").next
        #expect(yellow.deadlineAt == cst("2026-12-01T17:00:00") && yellow.warnAt == cst("2026-12-01T15:36:00"))
        #expect(yellow.alertLevel == .warned)
        #expect(yellow.light(at: cst("2026-12-01T15:40:00")) == .yellow)
    }

    @Test("resume moves every deadline by the working time suspended and counts the calendar time")
    func suspension() throws {
        let (dispatched, _) = Kit.caseIn(.dispatched)
        let requested = try step(.requestSuspension, dispatched, at: "2026-11-30T09:40:00").next
        #expect(requested.suspendedSince == nil && requested.light(at: cst("2026-11-30T09:40:00")) == .green)
        let suspended = try step(.approveSuspension, requested, at: "2026-11-30T09:50:00").next
        #expect(suspended.state == .suspended && suspended.suspendedSince == cst("2026-11-30T09:50:00"))
        // Nothing moves while suspended; the light is paused, even long after the deadline.
        #expect(suspended.deadlineAt == dispatched.deadlineAt && suspended.caseDeadlineAt == dispatched.caseDeadlineAt)
        #expect(suspended.light(at: cst("2026-12-05T10:00:00")) == .paused)
        // A week later, Monday 10:00: 35 h 10 min of working time, 7 days 10 minutes of calendar time.
        let resumed = try step(.resume, suspended, at: "2026-12-07T10:00:00").next
        #expect(resumed.state == .dispatched && resumed.suspendedSince == nil)
        #expect(resumed.suspendedSeconds == 7 * 86_400 + 600)
        #expect(calendar.workingSeconds(from: cst("2026-11-30T09:50:00"), to: cst("2026-12-07T10:00:00")) == 126_600)
        // 20 minutes of disposal were used before the suspension; 6 h 40 min are left from Monday 10:00.
        #expect(resumed.deadlineAt == cst("2026-12-08T09:40:00"))
        #expect(resumed.stageDeadlineAt == cst("2026-12-08T09:40:00"))
        #expect(resumed.caseDeadlineAt == cst("2026-12-09T10:10:00"))
        #expect(calendar.workingSeconds(from: dispatched.warnAt!, to: resumed.warnAt!) == 126_600)
        #expect(resumed.light(at: cst("2026-12-07T10:00:00")) == .green)
        // A second suspension adds to the first.
        let again = try step(.approveSuspension, try step(.requestSuspension, resumed, at: "2026-12-07T10:10:00").next, at: "2026-12-07T10:20:00").next
        let resumedAgain = try step(.resume, again, at: "2026-12-07T11:20:00").next
        #expect(resumedAgain.suspendedSeconds == 7 * 86_400 + 600 + 3600)
        #expect(resumedAgain.deadlineAt == cst("2026-12-08T10:40:00"))
        // A refused suspension moves nothing.
        let refused = try step(.refuseSuspension, requested, at: "2026-11-30T09:50:00").next
        #expect(refused.deadlineAt == dispatched.deadlineAt && refused.suspendedSince == nil && refused.suspendedSeconds == 0)
    }

    @Test("a suspension over a weekend and a holiday moves deadlines by working time only")
    func suspensionOverHoliday() throws {
        // Dispatched Wednesday 2026-09-30 10:00: disposal by Thursday... which is National Day: 2026-10-08 10:00.
        var value = Kit.newCase(at: cst("2026-09-30T09:30:00"))
        value = try step(.accept, value, at: "2026-09-30T09:40:00").next
        value = try step(.file, value, at: "2026-09-30T09:50:00").next
        value = try step(.dispatch, value, at: "2026-09-30T10:00:00").next
        #expect(value.deadlineAt == cst("2026-10-08T10:00:00"))
        value = try step(.requestSuspension, value, at: "2026-09-30T16:00:00").next
        value = try step(.approveSuspension, value, at: "2026-09-30T16:30:00").next
        // Suspended from 16:30 on the last workday before the holiday to 09:00 on the first after it: one working hour.
        let resumed = try step(.resume, value, at: "2026-10-08T09:00:00").next
        #expect(resumed.suspendedSeconds == Int64(cst("2026-10-08T09:00:00").timeIntervalSince(cst("2026-09-30T16:30:00"))))
        #expect(resumed.deadlineAt == cst("2026-10-08T11:00:00"))
    }

    @Test("check_fail counts rework and sends the case back to the same disposal deadline")
    func checkFail() throws {
        let (disposed, _) = Kit.caseIn(.disposed)
        #expect(disposed.stage == "check" && disposed.deadlineAt == cst("2026-12-01T09:30:00"))
        let failed = try step(.checkFail, disposed, at: "2026-12-01T11:00:00")
        let value = failed.next
        #expect(value.state == .dispatched && value.reworkCount == 1)
        #expect(value.deadlineAt == disposed.deadlineAt && value.caseDeadlineAt == disposed.caseDeadlineAt)
        #expect(value.departmentCode == "D-SANITATION" && value.dispatchCount == 1)
        // The disposal stage restarts, to the unchanged deadline: already past, so red.
        #expect(value.stage == "disposal" && value.stageStartedAt == cst("2026-12-01T11:00:00"))
        #expect(value.stageDeadlineAt == disposed.deadlineAt)
        #expect(value.light(at: cst("2026-12-01T11:00:00")) == .red)
        #expect(failed.event.note == "note for check_fail")
        // The rework is disposed again: the second disposal is late, and a second failure counts again.
        let redone = try step(.dispose, value, at: "2026-12-01T14:00:00").next
        #expect(redone.disposedAt == cst("2026-12-01T14:00:00") && redone.disposedOnTime == false)
        #expect(try step(.checkFail, redone, at: "2026-12-01T15:00:00").next.reworkCount == 2)
    }

    @Test("a dispatch after an approved return restarts the disposal deadline; other dispatches keep it")
    func dispatchAfterReturn() throws {
        let (dispatched, _) = Kit.caseIn(.dispatched)
        let requested = try step(.requestReturn, dispatched, at: "2026-11-30T09:40:00").next
        let returned = try step(.approveReturn, requested, at: "2026-11-30T09:50:00").next
        #expect(returned.state == .filed && returned.departmentCode == nil && returned.returnCount == 1)
        #expect(returned.stage == "dispatch")
        let redispatched = try step(.dispatch, returned, at: "2026-11-30T14:00:00") { $0.departmentCode = "D-WATER" }.next
        #expect(redispatched.departmentCode == "D-WATER" && redispatched.dispatchCount == 2)
        // 14:00 + 7 working hours: 3.5 h on Monday, 3.5 h on Tuesday.
        #expect(redispatched.deadlineAt == cst("2026-12-01T14:00:00"))
        #expect(redispatched.stageDeadlineAt == cst("2026-12-01T14:00:00"))
        #expect(redispatched.caseDeadlineAt == dispatched.caseDeadlineAt)
        // A refused return keeps the body and the deadline.
        let kept = try step(.refuseReturn, requested, at: "2026-11-30T09:50:00").next
        #expect(kept.departmentCode == "D-SANITATION" && kept.deadlineAt == dispatched.deadlineAt && kept.returnCount == 0)
        // A filed case that already has a disposal deadline and no return keeps it on dispatch.
        var filed = Kit.caseIn(.filed).0
        filed.deadlineAt = cst("2026-12-04T10:00:00")
        #expect(try step(.dispatch, filed, at: "2026-11-30T14:00:00").next.deadlineAt == cst("2026-12-04T10:00:00"))
    }

    @Test("whistle and report: sub-tasks, arrival, completion, ratings, and no closing while one is open")
    func whistleAndReport() throws {
        let (dispatched, _) = Kit.caseIn(.dispatched)
        let summoned = try step(.summon, dispatched, at: "2026-11-30T10:00:00") { $0.departmentCodes = ["D-WATER", "S-910101001"] }.next
        #expect(summoned.subtasks.map(\.departmentCode) == ["D-WATER", "S-910101001"])
        // The summoning side is recorded on each sub-task: the dispatcher and the centre.
        #expect(summoned.subtasks.map(\.summonedBy) == [.user(13), .user(13)] && summoned.subtasks.map(\.summonerOrganisation) == ["CENTRE", "CENTRE"])
        #expect(summoned.subtasks[0].arrivalDeadline == cst("2026-11-30T10:30:00"))
        #expect(summoned.subtasks[0].disposalDeadline == cst("2026-12-01T10:00:00"))
        #expect(summoned.state == .dispatched && summoned.deadlineAt == dispatched.deadlineAt)
        // Summoning a body again while its sub-task is open adds nothing.
        #expect(try step(.summon, summoned, at: "2026-11-30T10:05:00").next.subtasks.count == 2)
        let office = Kit.handler("S-910101001")
        let arrived = try step(.arrive, summoned, by: office, at: "2026-11-30T10:40:00").next
        #expect(arrived.subtasks[1].arrivedAt == cst("2026-11-30T10:40:00") && arrived.subtasks[1].arrivedOnTime == false)
        // A second arrival keeps the first time.
        #expect(try step(.arrive, arrived, by: office, at: "2026-11-30T10:50:00").next.subtasks[1].arrivedAt == cst("2026-11-30T10:40:00"))
        var value = try step(.completeSubtask, arrived, by: office, at: "2026-11-30T15:00:00").next
        #expect(value.subtasks[1].doneAt == cst("2026-11-30T15:00:00"))
        expectRefusal(.conflict, code: "no_open_subtask", field: "action") { () throws(DomainError) in
            try step(.completeSubtask, value, by: office, at: "2026-11-30T15:10:00")
        }
        value = try step(.dispose, value, at: "2026-11-30T15:20:00").next
        value = try step(.check, value, at: "2026-11-30T15:30:00").next
        // The water authority has not finished: no closing.
        expectRefusal(.conflict, code: "subtasks_open", field: "action") { () throws(DomainError) in
            try step(.close, value, at: "2026-11-30T15:40:00")
        }
        // Completing without an arrival counts the arrival at completion.
        value = try step(.completeSubtask, value, by: Fixture.waterHandler, at: "2026-11-30T16:00:00").next
        #expect(value.subtasks[0].arrivedAt == cst("2026-11-30T16:00:00") && value.subtasks[0].doneAt == cst("2026-11-30T16:00:00"))
        let closed = try step(.close, value, at: "2026-11-30T16:10:00").next
        #expect(closed.state == .closed)
        // Ratings, after closing too.
        let rated = try step(.rateSubtask, closed, by: Fixture.leader, at: "2026-11-30T16:20:00") { $0.departmentCode = "D-WATER"; $0.rating = 2 }.next
        #expect(rated.subtasks.map(\.rating) == [2, nil])
        // A body summoned again after finishing gets a new sub-task; the rating goes to the latest.
        var again = try step(.summon, try step(.completeSubtask, summoned, by: Fixture.waterHandler, at: "2026-11-30T11:00:00").next,
                             at: "2026-11-30T11:10:00").next
        #expect(again.subtasks.map(\.departmentCode) == ["D-WATER", "S-910101001", "D-WATER"])
        // The latest has not arrived yet: no rating until it has, though the first one did arrive.
        expectRefusal(.conflict, code: "not_arrived", field: "department_code") { () throws(DomainError) in
            try step(.rateSubtask, again, by: Fixture.dispatcher, at: "2026-11-30T11:15:00") { $0.departmentCode = "D-WATER"; $0.rating = 5 }
        }
        again = try step(.arrive, again, by: Fixture.waterHandler, at: "2026-11-30T11:15:00").next
        again = try step(.rateSubtask, again, by: Fixture.dispatcher, at: "2026-11-30T11:20:00") { $0.departmentCode = "D-WATER"; $0.rating = 5 }.next
        #expect(again.subtasks.map(\.rating) == [nil, nil, 5])
    }

    @Test("only the summoning user or their organisation rates a summoned body, and only after it arrived")
    func ratingBySummoner() throws {
        let (dispatched, _) = Kit.caseIn(.dispatched)
        // A leader of the sanitation office (a district body, in scope) blows the whistle.
        let districtLeader = Actor(userID: 70, role: .leader, organisationCode: "D-SANITATION", jurisdiction: region("910101"))
        let summoned = try step(.summon, dispatched, by: districtLeader, at: "2026-11-30T10:00:00") { $0.departmentCodes = ["D-WATER"] }.next
        #expect(summoned.subtasks[0].summonedBy == .user(70) && summoned.subtasks[0].summonerOrganisation == "D-SANITATION")
        func rate(_ value: Case, by actor: Actor, _ rating: Int = 4) throws(DomainError) -> Case {
            try step(.rateSubtask, value, by: actor, at: "2026-11-30T11:00:00") { $0.departmentCode = "D-WATER"; $0.rating = rating }.next
        }
        // Before the arrival, not even the summoner rates.
        expectRefusal(.conflict, code: "not_arrived", field: "department_code") { () throws(DomainError) in try rate(summoned, by: districtLeader) }
        let arrived = try step(.arrive, summoned, by: Fixture.waterHandler, at: "2026-11-30T10:20:00").next
        // The centre's leader and dispatcher are in scope but neither summoned nor of the summoning body.
        for actor in [Fixture.leader, Fixture.dispatcher] {
            expectRefusal(.forbidden, code: "not_summoner", field: nil) { () throws(DomainError) in try rate(arrived, by: actor) }
        }
        // Nor is a dispatcher without an organisation.
        let loose = Actor(userID: 71, role: .dispatcher, jurisdiction: region("910101"))
        expectRefusal(.forbidden, code: "not_summoner", field: nil) { () throws(DomainError) in try rate(arrived, by: loose) }
        // The summoner rates; so does a colleague of the summoning organisation.
        #expect(try rate(arrived, by: districtLeader, 2).subtasks[0].rating == 2)
        let colleague = Actor(userID: 72, role: .dispatcher, organisationCode: "D-SANITATION", jurisdiction: region("910101001"))
        #expect(try rate(arrived, by: colleague, 5).subtasks[0].rating == 5)
        // The same user rates even under another organisation (the user is the summoner).
        let moved = Actor(userID: 70, role: .leader, organisationCode: "CENTRE", jurisdiction: region("910101"))
        #expect(try rate(arrived, by: moved, 3).subtasks[0].rating == 3)
        // A summoner without an organisation: only that user rates.
        let lone = Actor(userID: 73, role: .dispatcher, jurisdiction: region("910101"))
        var bySomeone = try step(.summon, dispatched, by: lone, at: "2026-11-30T10:00:00") { $0.departmentCodes = ["D-WATER"] }.next
        #expect(bySomeone.subtasks[0].summonedBy == .user(73) && bySomeone.subtasks[0].summonerOrganisation == nil)
        bySomeone = try step(.arrive, bySomeone, by: Fixture.waterHandler, at: "2026-11-30T10:20:00").next
        expectRefusal(.forbidden, code: "not_summoner", field: nil) { () throws(DomainError) in try rate(bySomeone, by: loose) }
        #expect(try rate(bySomeone, by: lone, 1).subtasks[0].rating == 1)
        // A sub-task recorded before summoners were (no summoner) is rated by anyone in scope, once arrived.
        var legacy = arrived
        legacy.subtasks[0].summonedBy = nil
        legacy.subtasks[0].summonerOrganisation = nil
        #expect(try rate(legacy, by: Fixture.leader, 4).subtasks[0].rating == 4)
        // The rating is checked before the summoner, the summoner before the arrival.
        expectRefusal(.invalid, code: "invalid_field", field: "rating") { () throws(DomainError) in try rate(summoned, by: Fixture.leader, 0) }
        expectRefusal(.forbidden, code: "not_summoner", field: nil) { () throws(DomainError) in try rate(summoned, by: Fixture.leader) }
    }

    @Test("a held extension is clamped to 0...2000 hours even where no guard checks the hours")
    func extensionClamp() throws {
        // The shipped definition refuses such hours with its guard; a definition built in code without it clamps.
        var definition = WorkflowDefinition.standard
        definition.actions[.requestExtension]!.guards.removeAll { $0 == .hours }
        let lax = WorkflowMachine(environment: Kit.environment(definition: definition))
        let (dispatched, last) = Kit.caseIn(.dispatched)
        let at = last.addingTimeInterval(60)
        func held(_ hours: Double?) throws -> Int64? {
            try lax.apply(WorkflowCommand(.requestExtension, note: "works", hours: hours), to: dispatched, by: Fixture.sanitationHandler, at: at)
                .next.pendingExtensionSeconds
        }
        #expect(try held(5000) == 7_200_000)
        #expect(try held(.infinity) == 7_200_000)
        #expect(try held(2000.5) == 7_200_000)
        #expect(try held(-3) == 0)
        #expect(try held(-.infinity) == 0)
        #expect(try held(nil) == 0)
        #expect(try held(1.5) == 5400)
        expectRefusal(.invalid, code: "invalid_field", field: "hours") { () throws(DomainError) in
            try machine.apply(WorkflowCommand(.requestExtension, note: "works", hours: 5000), to: dispatched, by: Fixture.sanitationHandler, at: at)
        }
    }

    @Test("reopening: within 7 days of closing, a new linked case; not after")
    func reopenWindow() throws {
        let (closed, _) = Kit.caseIn(.closed)
        #expect(closed.closedAt == cst("2026-11-30T10:00:00"))
        let inWindow = try step(.reopen, closed, by: Kit.reporter, at: "2026-12-07T10:00:00") { $0.note = "still broken" }
        #expect(inWindow.next.state == .closed && inWindow.next.reopenCount == 1)
        guard case .spawn(let draft) = try #require(inWindow.followUps.first) else {
            Issue.record("no spawn")
            return
        }
        #expect(draft.value.reopenedFromID == 42 && draft.value.state == .reported && draft.value.reporterID == 16)
        #expect(draft.value.description == "重新上报（未解决）/ Reopened, not fixed: still broken")
        #expect(draft.value.reportedAt == cst("2026-12-07T10:00:00") && draft.value.stage == "intake")
        #expect(draft.numberPrefix == "E010220261207")
        #expect(draft.events.map(\.note) == ["reopens E0102202611300001"])
        #expect(draft.events.map(\.role) == [.citizen])
        expectRefusal(.conflict, code: "reopen_window_passed", field: "action") { () throws(DomainError) in
            try step(.reopen, closed, by: Kit.reporter, at: "2026-12-07T10:00:01")
        }
        // One reopening per case: a second one in the window, by the reporter or by staff, is a conflict.
        for actor in [Kit.reporter, Fixture.intakeOperator] {
            expectRefusal(.conflict, code: "already_reopened", field: "action") { () throws(DomainError) in
                try step(.reopen, inWindow.next, by: actor, at: "2026-12-01T10:00:00")
            }
        }
        // The window is the definition's.
        var file = try JSONDecoder().decode(WorkflowDefinitionFile.self, from: Data(WorkflowDefinition.standardJSON.utf8))
        file.reopen_window_days = 1
        let strict = WorkflowMachine(environment: Kit.environment(definition: try file.definition()))
        expectRefusal(.conflict, code: "reopen_window_passed", field: "action") { () throws(DomainError) in
            try strict.apply(WorkflowCommand(.reopen), to: closed, by: Kit.reporter, at: cst("2026-12-01T10:00:01"))
        }
        #expect(try strict.apply(WorkflowCommand(.reopen), to: closed, by: Kit.reporter, at: cst("2026-12-01T10:00:00")).next.reopenCount == 1)
    }

    @Test("warnings and escalations: the system only, level 1 then 2, reset by a new stage")
    func warnAndEscalate() throws {
        let reported = Kit.newCase()
        for role in Role.allCases where role != .system {
            expectRefusal(.forbidden, code: "role_not_allowed", field: "action") { () throws(DomainError) in
                try machine.apply(WorkflowCommand(.warn), to: reported, by: Actor(userID: 1, role: role), at: cst("2026-11-30T09:50:00"))
            }
            expectRefusal(.forbidden, code: "role_not_allowed", field: "action") { () throws(DomainError) in
                try machine.apply(WorkflowCommand(.escalate), to: reported, by: Actor(userID: 1, role: role), at: cst("2026-11-30T10:01:00"))
            }
        }
        let warned = try machine.apply(WorkflowCommand(.warn), to: reported, by: Kit.system, at: cst("2026-11-30T09:50:00"))
        #expect(warned.next.alertLevel == .warned && warned.next.state == .reported && warned.event.actorID == nil && warned.event.role == .system)
        let escalated = try machine.apply(WorkflowCommand(.escalate), to: warned.next, by: Kit.system, at: cst("2026-11-30T10:01:00"))
        #expect(escalated.next.alertLevel == .escalated && escalated.next.supervisionCount == 1)
        #expect(escalated.event.note == "stage intake overdue; supervised by the city's leaders")
        // A late warning does not lower the level.
        #expect(try machine.apply(WorkflowCommand(.warn), to: escalated.next, by: Kit.system, at: cst("2026-11-30T10:02:00")).next.alertLevel == .escalated)
        // A new stage starts green: the alerts can be raised anew.
        let accepted = try step(.accept, escalated.next, at: "2026-11-30T10:03:00").next
        #expect(accepted.alertLevel == AlertLevel.none && accepted.supervisionCount == 1)
        // A district body's overdue case is supervised by the district's leaders; a city-wide body's by the centre.
        let (dispatched, _) = Kit.caseIn(.dispatched)
        let district = try machine.apply(WorkflowCommand(.escalate), to: dispatched, by: Kit.system, at: cst("2026-12-01T10:00:00"))
        #expect(district.event.note == "stage disposal overdue; supervised by the leaders of district 910101")
        #expect(district.followUps.first.map { if case .notifyLeaders(_, let region, _) = $0 { region == RegionCode("910101") } else { false } } == true)
        var water = dispatched
        water.departmentCode = "D-WATER"
        let city = try machine.apply(WorkflowCommand(.escalate), to: water, by: Kit.system, at: cst("2026-12-01T10:00:00"))
        #expect(city.event.note == "stage disposal overdue; supervised by the city's leaders")
        #expect(city.followUps.first.map { if case .notifyLeaders(_, let region, _) = $0 { region == nil } else { false } } == true)
        // A note given by the clock is kept.
        #expect(try machine.apply(WorkflowCommand(.escalate, note: "custom"), to: water, by: Kit.system, at: cst("2026-12-01T10:00:00")).event.note == "custom")
        // Moving inside the stage keeps the level.
        let stillEscalated = try step(.requestExtension, district.next, at: "2026-12-01T10:05:00").next
        #expect(stillEscalated.alertLevel == .escalated)
    }

    @Test("the traffic light: green before warnAt, yellow to the deadline, red after, paused while suspended")
    func trafficLight() throws {
        let reported = Kit.newCase()
        #expect(reported.light(at: cst("2026-11-30T08:00:00")) == .green)
        #expect(reported.light(at: cst("2026-11-30T09:47:59")) == .green)
        #expect(reported.light(at: cst("2026-11-30T09:48:00")) == .yellow)
        #expect(reported.light(at: cst("2026-11-30T10:00:00")) == .yellow)
        #expect(reported.light(at: cst("2026-11-30T10:00:01")) == .red)
        let (dispatched, _) = Kit.caseIn(.dispatched)
        #expect(dispatched.light(at: cst("2026-11-30T16:35:59")) == .green)
        #expect(dispatched.light(at: cst("2026-11-30T16:36:00")) == .yellow)
        // Overnight the light stays yellow: the deadline is in working time.
        #expect(dispatched.light(at: cst("2026-12-01T08:00:00")) == .yellow)
        #expect(dispatched.light(at: cst("2026-12-01T09:30:00")) == .yellow)
        #expect(dispatched.light(at: cst("2026-12-01T09:30:01")) == .red)
        let (suspended, _) = Kit.caseIn(.suspended)
        #expect(suspended.light(at: cst("2026-11-30T10:00:00")) == .paused)
        #expect(suspended.light(at: cst("2027-01-01T10:00:00")) == .paused)
        for state: CaseState in [.closed, .rejected, .invalidated, .merged] {
            #expect(Kit.caseIn(state).0.light(at: cst("2026-11-30T10:00:00")) == TrafficLight.none, "\(state)")
        }
    }

    @Test("merging parks the case under its parent and asks the store for an open parent of the same category")
    func merge() throws {
        let accepted = Kit.caseIn(.accepted).0
        let merged = try step(.merge, accepted, at: "2026-11-30T10:00:00") { $0.parentCaseID = 9 }
        #expect(merged.next.state == .merged && merged.next.parentCaseID == 9 && merged.next.stateBeforeMerge == .accepted)
        // The store also checks the child (42) and, for a city-wide operator, no jurisdiction.
        #expect(Fixture.intakeOperator.jurisdiction == nil)
        #expect(merged.followUps == [.requireOpenParent(9, child: 42, category: Fixture.exposedGarbage, openStates: Kit.openForMerging,
                                                        jurisdiction: nil)])
        // A local operator's jurisdiction goes along: the parent must lie in it.
        let local = Actor(userID: 51, role: .shiftLeader, organisationCode: "CENTRE", jurisdiction: region("910101001"))
        let localMerge = try step(.merge, accepted, by: local, at: "2026-11-30T10:00:00") { $0.parentCaseID = 9 }
        #expect(localMerge.followUps == [.requireOpenParent(9, child: 42, category: Fixture.exposedGarbage, openStates: Kit.openForMerging,
                                                            jurisdiction: region("910101001"))])
        #expect(!Kit.openForMerging.contains(.merged) && !Kit.openForMerging.contains(.closed) && Kit.openForMerging.count == 14)
        // The clock stops; supervision and warnings leave a parked case alone.
        #expect(merged.next.stage == nil)
        for action: WorkflowAction in [.supervise, .warn, .escalate, .reply] {
            #expect(!WorkflowDefinition.standard.actions[action]!.from.contains(.merged))
        }
        let back = try step(.unmerge, merged.next, at: "2026-11-30T11:00:00").next
        #expect(back.state == .accepted && back.stage == "filing" && back.parentCaseID == nil && back.stateBeforeMerge == nil)
        #expect(back.acceptedAt == accepted.acceptedAt)
    }

    @Test("a return visit records solved and satisfaction once, and writes the answer into the event's note")
    func visit() throws {
        let (closed, _) = Kit.caseIn(.closed)
        let first = try step(.visit, closed, by: Kit.reporter, at: "2026-12-01T10:00:00") { $0.solved = false; $0.satisfaction = .dissatisfied }
        #expect(first.next.solved == false && first.next.satisfaction == .dissatisfied && first.next.state == .closed)
        #expect(first.event.note == "satisfaction=dissatisfied; solved=no; note for visit")
        // One answer per case: a second visit, by anyone, is a conflict, and changes nothing.
        for actor in [Kit.reporter, Fixture.intakeOperator] {
            expectRefusal(.conflict, code: "already_visited", field: "action") { () throws(DomainError) in
                try step(.visit, first.next, by: actor, at: "2026-12-02T10:00:00") { $0.solved = true; $0.satisfaction = .satisfied }
            }
        }
        // Without a note, the answer is the whole note.
        let quiet = try step(.visit, closed, at: "2026-12-02T10:00:00") { $0.note = ""; $0.solved = true; $0.satisfaction = .satisfied }
        #expect(quiet.next.solved == true && quiet.next.satisfaction == .satisfied)
        #expect(quiet.event.note == "satisfaction=satisfied; solved=yes")
        // Without an answer on solved, the visit records none, and the note says so.
        let unsure = try step(.visit, closed, at: "2026-12-02T11:00:00") { $0.solved = nil; $0.satisfaction = .basicallySatisfied }
        #expect(unsure.next.solved == nil && unsure.next.satisfaction == .basicallySatisfied)
        #expect(unsure.event.note == "satisfaction=basically_satisfied; solved=-; note for visit")
        // The reopening is a separate matter: a visited case can still be reopened, and a reopened one visited.
        #expect(try step(.reopen, first.next, by: Kit.reporter, at: "2026-12-02T10:00:00").next.reopenCount == 1)
        let reopened = try step(.reopen, closed, by: Kit.reporter, at: "2026-12-02T10:00:00").next
        #expect(try step(.visit, reopened, by: Kit.reporter, at: "2026-12-02T10:10:00").next.satisfaction == .basicallySatisfied)
    }

    @Test
    func suspensionOfCalendarHoursCase() throws {
        let urgent = Fixture.entry("E0103", "Road collapse", limit: TimeLimit(amount: 24, unit: .calendarHours), responsible: "sanitation")
        let catalogue = try Catalogue(majors: Fixture.catalogue.majors, entries: Fixture.catalogue.entries + [urgent])
        let machine = WorkflowMachine(environment: Kit.environment(catalogue: catalogue))
        var value = Kit.newCase(category: category("E0103"), at: cst("2026-11-27T15:30:00"), machine: machine)
        for (action, time) in [(WorkflowAction.accept, "15:40"), (.file, "15:50"), (.dispatch, "16:00"), (.requestSuspension, "16:10"), (.approveSuspension, "16:20")] {
            value = try machine.apply(Kit.command(action, for: value), to: value, by: Kit.actor(for: action, on: value), at: cst("2026-11-27T\(time):00")).next
        }
        // 24 calendar hours from Friday 16:00.
        #expect(value.deadlineAt == cst("2026-11-28T16:00:00"))
        // Suspended from Friday 16:20 to Monday 09:00: 23 h 40 min were left, and are left again after it.
        let resumed = try machine.apply(WorkflowCommand(.resume), to: value, by: Fixture.dispatcher, at: cst("2026-11-30T09:00:00")).next
        #expect(resumed.deadlineAt == cst("2026-12-01T08:40:00"))
        #expect(resumed.light(at: cst("2026-11-30T09:00:00")) == .green)
    }
}
