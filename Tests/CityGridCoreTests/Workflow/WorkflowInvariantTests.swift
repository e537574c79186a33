import CityGridCore
import Foundation
import PropertyBased
import Testing

/// A property-based test of the workflow machine: long random sequences of random actions with random
/// commands by random actors at increasing random times, with the invariants checked after each step.
@Suite("Workflow invariants")
struct WorkflowInvariantTests {
    typealias Kit = WorkflowTestKit
    static let definition = WorkflowDefinition.standard
    let machine = Kit.machine

    /// What the walks did, for the coverage checks at the end.
    struct Tally {
        var steps = 0
        var successes = 0
        var refusals = 0
        var cases = 0
        var succeeded: [WorkflowAction: Int] = [:]
        var refusedCodes: Set<String> = []
        var statesSeen: Set<CaseState> = []
    }

    // MARK: - Random inputs

    static let organisations: [OrganisationCode?] = [nil, "CENTRE", "D-WATER", "D-SANITATION", "S-910101001", "D-NOPE", "V-910101001", "V-910101002", "N-GREEN"]
    static let jurisdictions: [RegionCode?] = [nil, region("910101"), region("910101001"), region("910101001001001"),
                                               region("910102"), region("910101002"), region("910101001002")]
    static let notes = ["", " ", "\n", "reason given", "done on site", "回复：已处理"]
    static let hours: [Double?] = [nil, 0, -1, 0.0001, 0.5, 4, 10, 2000, 2000.5, .nan, .infinity]
    static let attachmentSets: [[String]] = [[], ["media:1"], ["https://example.org/p.jpg", "media:2"], ["ftp://example.org/x"], ["media: 1"]]
    static let ratings: [Int?] = [nil, 0, 1, 3, 5, 6]

    /// An actor of any role, in or out of jurisdiction, of the right organisation or another, the reporter or not.
    func randomActor(for value: Case, using rng: inout SeededGenerator) -> Actor {
        let role = Role.allCases.randomElement(using: &rng)!
        let userID: UserID? = [value.reporterID, 99, nil, 15].randomElement(using: &rng)!
        let organisation = Bool.random(using: &rng) ? value.departmentCode : Self.organisations.randomElement(using: &rng)!
        return Actor(userID.map { .user($0) } ?? .system, role: role, organisationCode: organisation, jurisdiction: Self.jurisdictions.randomElement(using: &rng)!)
    }

    /// Any command for `action`, well-formed or not.
    func randomCommand(_ action: WorkflowAction, for value: Case, using rng: inout SeededGenerator) -> WorkflowCommand {
        var note = Self.notes.randomElement(using: &rng)!
        let roll = Int.random(in: 0..<100, using: &rng)
        if roll == 0 { note = String(repeating: "长", count: 4001) } else if roll == 1 { note = "bell\u{7}" }
        let codes: [OrganisationCode] = ["D-WATER", "D-SANITATION", "S-910101001", "CENTRE", "D-NOPE"]
        var summoned: [OrganisationCode] = []
        for _ in 0..<Int.random(in: 0...3, using: &rng) { summoned.append(codes.randomElement(using: &rng)!) }
        return WorkflowCommand(action, note: note, departmentCode: ([nil] + codes).randomElement(using: &rng)!, departmentCodes: summoned,
                               hours: Self.hours.randomElement(using: &rng)!, attachments: Self.attachmentSets.randomElement(using: &rng)!,
                               parentCaseID: [nil, 0, value.id, 7, 1000].randomElement(using: &rng)!, solved: [nil, true, false].randomElement(using: &rng)!,
                               satisfaction: ([nil] + Satisfaction.allCases).randomElement(using: &rng)!, rating: Self.ratings.randomElement(using: &rng)!)
    }

    /// A well-formed command for `action`, with random choices where several are valid.
    func goodCommand(_ action: WorkflowAction, for value: Case, using rng: inout SeededGenerator) -> WorkflowCommand {
        var command = Kit.command(action, for: value)
        if Bool.random(using: &rng) { command.note = Self.notes.randomElement(using: &rng)! }
        switch action {
        case .dispatch: command.departmentCode = [nil, "D-WATER", "D-SANITATION", "S-910101001"].randomElement(using: &rng)!
        case .requestExtension: command.hours = [0.5, 4, 10, 35, 200].randomElement(using: &rng)!
        case .summon: command.departmentCodes = Array(["D-WATER", "S-910101001", "D-SANITATION"].shuffled(using: &rng).prefix(Int.random(in: 1...3, using: &rng)))
        case .rateSubtask:
            command.departmentCode = value.subtasks.randomElement(using: &rng)?.departmentCode ?? "D-WATER"
            command.rating = Int.random(in: 1...5, using: &rng)
        case .visit:
            command.solved = Bool.random(using: &rng)
            command.satisfaction = Satisfaction.allCases.randomElement(using: &rng)!
        case .merge: command.parentCaseID = CaseID(Int64.random(in: 1...40, using: &rng))
        default: break
        }
        return command
    }

    /// The next instant: mostly minutes later, sometimes days, now and then weeks.
    func later(_ at: Date, using rng: inout SeededGenerator) -> Date {
        let roll = Int.random(in: 0..<100, using: &rng)
        let seconds: Int
        switch roll {
        case 0..<70: seconds = Int.random(in: 0...1800, using: &rng)
        case 70..<90: seconds = Int.random(in: 1800...86_400, using: &rng)
        case 90..<98: seconds = Int.random(in: 86_400...(4 * 86_400), using: &rng)
        default: seconds = Int.random(in: (8 * 86_400)...(30 * 86_400), using: &rng)
        }
        return at.addingTimeInterval(TimeInterval(seconds))
    }

    // MARK: - The walk

    func walk(length: Int, using rng: inout SeededGenerator, tally: inout Tally) {
        let low = Int64(cst("2025-01-02T00:00:00").timeIntervalSince1970)
        let high = Int64(cst("2026-10-31T00:00:00").timeIntervalSince1970)
        var at = Date(timeIntervalSince1970: TimeInterval(Int64.random(in: low...high, using: &rng)))
        var nextID: CaseID = 100
        var value = Kit.newCase(id: nextID, category: Bool.random(using: &rng) ? Fixture.exposedGarbage : Fixture.manholeCover, at: at)
        var stuck = 0
        tally.cases += 1
        for _ in 0..<length {
            at = later(at, using: &rng)
            // A case that has ended, or that the walk could not move for long, gives way to a new report.
            if (Self.definition.isTerminal(value.state) && Int.random(in: 0..<8, using: &rng) == 0) || stuck > 40 {
                nextID = CaseID(nextID.rawValue + 1)
                value = Kit.newCase(id: nextID, category: Bool.random(using: &rng) ? Fixture.exposedGarbage : Fixture.manholeCover, at: at)
                stuck = 0
                tally.cases += 1
            }
            let action: WorkflowAction
            let actor: Actor
            let command: WorkflowCommand
            let available = Self.definition.actions(from: value.state)
            if !available.isEmpty, Int.random(in: 0..<100, using: &rng) < 65 {
                // A plausible step: an action that leaves the state, by one of its roles, mostly well-formed.
                action = available.randomElement(using: &rng)!
                let role = Self.definition.actions[action]!.roles.randomElement(using: &rng)!
                actor = Int.random(in: 0..<10, using: &rng) == 0 ? randomActor(for: value, using: &rng) : Kit.actor(role, for: action, on: value)
                command = Int.random(in: 0..<5, using: &rng) == 0 ? randomCommand(action, for: value, using: &rng)
                    : goodCommand(action, for: value, using: &rng)
            } else {
                // Anything: any action (or one the definition does not know) by anyone with anything.
                let roll = Int.random(in: 0..<100, using: &rng)
                action = roll < 3 ? ["teleport", .report].randomElement(using: &rng)! : Self.definition.actionOrder.randomElement(using: &rng)!
                actor = Bool.random(using: &rng) ? randomActor(for: value, using: &rng) : Kit.actor(for: action, on: value)
                command = Bool.random(using: &rng) ? randomCommand(action, for: value, using: &rng) : goodCommand(action, for: value, using: &rng)
            }
            tally.steps += 1
            let before = value
            do throws(DomainError) {
                let outcome = try machine.apply(command, to: value, by: actor, at: at)
                check(success: outcome, before: before, command: command, actor: actor, at: at)
                tally.successes += 1
                tally.succeeded[action, default: 0] += 1
                value = outcome.next
                stuck = outcome.next.state == before.state ? stuck + 1 : 0
                // Now and then the walk follows the reopened case instead.
                for case .spawn(let draft) in outcome.followUps where Bool.random(using: &rng) {
                    nextID = CaseID(nextID.rawValue + 1)
                    value = draft.value
                    value.id = nextID
                    value.number = draft.numberPrefix + "0001"
                    tally.cases += 1
                }
            } catch {
                check(refusal: error, before: before, after: value, command: command, actor: actor)
                tally.refusals += 1
                tally.refusedCodes.insert(error.code)
                stuck += 1
            }
            tally.statesSeen.insert(value.state)
        }
    }

    // MARK: - The invariants

    static var counters: [(String, KeyPath<Case, Int>, Set<WorkflowAction>)] { [
        ("rework", \.reworkCount, [.checkFail]), ("extensions", \.extensionCount, [.approveExtension]),
        ("returns", \.returnCount, [.approveReturn]), ("supervisions", \.supervisionCount, [.supervise, .escalate]),
        ("dispatches", \.dispatchCount, [.dispatch]), ("reopenings", \.reopenCount, [.reopen]),
    ] }

    static var timestamps: [(String, KeyPath<Case, Date?>)] { [
        ("acceptedAt", \.acceptedAt), ("filedAt", \.filedAt), ("dispatchedAt", \.dispatchedAt), ("disposedAt", \.disposedAt),
        ("checkedAt", \.checkedAt), ("closedAt", \.closedAt), ("caseDeadlineAt", \.caseDeadlineAt), ("deadlineAt", \.deadlineAt),
    ] }

    static let disposalStates: Set<CaseState> = Set(Kit.stageOfState.filter { $0.value == "disposal" }.keys)

    func check(success outcome: StepOutcome, before: Case, command: WorkflowCommand, actor: Actor, at: Date,
               sourceLocation: SourceLocation = #_sourceLocation) {
        let next = outcome.next, event = outcome.event
        let name = command.action
        let context = "\(name) by \(actor.role) from \(before.state) at \(at)"
        guard let action = Self.definition.actions[name] else {
            Issue.record("an unknown action succeeded: \(context)", sourceLocation: sourceLocation)
            return
        }
        // Exactly one state, known to the definition, reached the way the action says.
        #expect(Self.definition.states[next.state] != nil, "\(context)", sourceLocation: sourceLocation)
        #expect(action.from.contains(before.state), "\(context)", sourceLocation: sourceLocation)
        switch action.to {
        case .state(let state): #expect(next.state == state, "\(context)", sourceLocation: sourceLocation)
        case .stay: #expect(next.state == before.state, "\(context)", sourceLocation: sourceLocation)
        case .previous: #expect(next.state == before.stateBeforeMerge ?? Self.definition.initial, "\(context)", sourceLocation: sourceLocation)
        }
        // No action succeeds for a role the definition does not allow.
        #expect(action.roles.contains(actor.role), "\(context)", sourceLocation: sourceLocation)
        // One event per step, numbered by the new version.
        #expect(next.version == before.version + 1, "\(context)", sourceLocation: sourceLocation)
        #expect(event.sequence == next.version && event.caseID == before.id, "\(context)", sourceLocation: sourceLocation)
        #expect(event.fromState == before.state && event.toState == next.state, "\(context)", sourceLocation: sourceLocation)
        #expect(event.action == name && event.role == actor.role && event.actorID == actor.userID && event.at == at, "\(context)",
                sourceLocation: sourceLocation)
        #expect(event.attachments == command.attachments, "\(context)", sourceLocation: sourceLocation)
        // Closed cases change only by the actions that keep them closed.
        if Self.definition.isTerminal(before.state) {
            #expect(action.to == .stay && next.state == before.state, "\(context)", sourceLocation: sourceLocation)
        }
        // Deadlines move only by approved extensions, by the end of a suspension, or by a dispatch that
        // (re)starts the disposal clock; and only later.
        if next.deadlineAt != before.deadlineAt {
            switch name {
            case .approveExtension, .resume:
                #expect(before.deadlineAt != nil && next.deadlineAt! > before.deadlineAt!, "\(context)", sourceLocation: sourceLocation)
            case .dispatch:
                #expect(before.deadlineAt == nil || before.returnCount > 0, "\(context)", sourceLocation: sourceLocation)
            case .claim:
                // A claim starts the disposal clock of a case that had none.
                #expect(before.deadlineAt == nil && next.deadlineAt != nil, "\(context)", sourceLocation: sourceLocation)
            case .giveUpClaim, .releaseClaim:
                // A claim that ends undisposed takes its clock with it: the next body starts afresh.
                #expect(next.deadlineAt == nil, "\(context)", sourceLocation: sourceLocation)
            default:
                Issue.record("the disposal deadline moved: \(context)", sourceLocation: sourceLocation)
            }
        }
        if next.caseDeadlineAt != before.caseDeadlineAt {
            #expect(name == .approveExtension || name == .resume, "the case deadline moved: \(context)", sourceLocation: sourceLocation)
            #expect(next.caseDeadlineAt! > before.caseDeadlineAt!, "\(context)", sourceLocation: sourceLocation)
        }
        if next.state == before.state, name != .approveExtension, name != .resume {
            #expect(next.stageDeadlineAt == before.stageDeadlineAt && next.warnAt == before.warnAt && next.stageStartedAt == before.stageStartedAt,
                    "\(context)", sourceLocation: sourceLocation)
        }
        // Counters never decrease, and each grows by one, only through its own actions.
        for (label, path, actions) in Self.counters {
            let grown = next[keyPath: path] - before[keyPath: path]
            #expect(grown == 0 || (grown == 1 && actions.contains(name)), "\(label) \(before[keyPath: path]) -> \(next[keyPath: path]): \(context)",
                    sourceLocation: sourceLocation)
        }
        #expect(next.suspendedSeconds >= before.suspendedSeconds, "\(context)", sourceLocation: sourceLocation)
        #expect(next.suspendedSeconds == before.suspendedSeconds || name == .resume, "\(context)", sourceLocation: sourceLocation)
        #expect(next.subtasks.count >= before.subtasks.count, "\(context)", sourceLocation: sourceLocation)
        // Only a claim that ends undisposed clears a time: the disposal deadline it had started.
        for (label, path) in Self.timestamps where before[keyPath: path] != nil {
            let claimEnded = label == "deadlineAt" && [WorkflowAction.giveUpClaim, .releaseClaim].contains(name)
            #expect(next[keyPath: path] != nil || claimEnded, "\(label) cleared: \(context)", sourceLocation: sourceLocation)
        }
        // The clock follows the state.
        #expect(next.stage == Kit.stageOfState[next.state], "\(context)", sourceLocation: sourceLocation)
        if next.stage != nil {
            if let started = next.stageStartedAt, let due = next.stageDeadlineAt, let warn = next.warnAt {
                #expect(started <= at && warn <= due, "\(context)", sourceLocation: sourceLocation)
            } else {
                Issue.record("a stage without its clock: \(context)", sourceLocation: sourceLocation)
            }
        } else {
            #expect(next.stageStartedAt == nil && next.stageDeadlineAt == nil && next.warnAt == nil, "\(context)", sourceLocation: sourceLocation)
            #expect(next.light(at: at) == .none, "\(context)", sourceLocation: sourceLocation)
        }
        if Self.disposalStates.contains(next.state) {
            #expect(next.departmentCode != nil && next.deadlineAt != nil && next.stageDeadlineAt == next.deadlineAt, "\(context)",
                    sourceLocation: sourceLocation)
        }
        #expect(AlertLevel.allCases.contains(next.alertLevel), "\(context)", sourceLocation: sourceLocation)
        // What belongs to one state exists only in it.
        #expect((next.suspendedSince != nil) == (next.state == .suspended), "\(context)", sourceLocation: sourceLocation)
        #expect((next.light(at: at) == .paused) == (next.state == .suspended), "\(context)", sourceLocation: sourceLocation)
        #expect((next.parentCaseID != nil) == (next.state == .merged), "\(context)", sourceLocation: sourceLocation)
        #expect((next.stateBeforeMerge != nil) == (next.state == .merged), "\(context)", sourceLocation: sourceLocation)
        #expect((next.pendingExtensionSeconds != nil) == (next.state == "extension_requested"), "\(context)", sourceLocation: sourceLocation)
        // One return visit and one reopening per case; the visit's answer is in the event's note.
        #expect(next.reopenCount <= 1, "\(context)", sourceLocation: sourceLocation)
        if name == .visit {
            #expect(before.satisfaction == nil && next.satisfaction != nil, "\(context)", sourceLocation: sourceLocation)
            #expect(event.note.hasPrefix("satisfaction=\(next.satisfaction?.rawValue ?? "-"); solved="), "\(context)", sourceLocation: sourceLocation)
        }
        if name == .reopen { #expect(before.reopenCount == 0, "\(context)", sourceLocation: sourceLocation) }
        // New sub-tasks remember who summoned them; a rating goes to an arrived body, by its summoning side.
        for subtask in next.subtasks.dropFirst(before.subtasks.count) {
            #expect(subtask.summonedBy == actor.principal && subtask.summonerOrganisation == actor.organisationCode, "\(context)",
                    sourceLocation: sourceLocation)
        }
        if name == .rateSubtask, let rated = before.subtasks.last(where: { $0.departmentCode == command.departmentCode }) {
            #expect(rated.arrivedAt != nil, "\(context)", sourceLocation: sourceLocation)
            #expect(rated.summonedBy == actor.principal || (rated.summonerOrganisation != nil && rated.summonerOrganisation == actor.organisationCode),
                    "\(context)", sourceLocation: sourceLocation)
        }
        // A held extension is never negative nor above 2,000 hours.
        if let held = next.pendingExtensionSeconds {
            #expect((0...7_200_000).contains(held), "\(context)", sourceLocation: sourceLocation)
        }
        // Follow-ups come only from the actions that need the store.
        let closing: Set<WorkflowAction> = [.close, .approveSelfHandling]
        let expectedFollowUps: Int = ([.close, .approveSelfHandling, .reject, .approveInvalidation, .merge, .reopen, .escalate].contains(name) ? 1 : 0)
            + (closing.contains(name) && before.reporterID != nil ? 1 : 0)
        #expect(outcome.followUps.count == expectedFollowUps, "\(context)", sourceLocation: sourceLocation)
        // The machine is pure: the same step again gives the same outcome.
        if let again = try? machine.apply(command, to: before, by: actor, at: at) {
            #expect(again.next == next && again.event == event && again.followUps == outcome.followUps, "\(context)", sourceLocation: sourceLocation)
        } else {
            Issue.record("the same step failed the second time: \(context)", sourceLocation: sourceLocation)
        }
    }

    static let codes: [DomainError.Kind: Set<String>] = [
        .invalid: ["invalid_field", "unknown_department", "department_cannot_dispose", "no_route"],
        .forbidden: ["role_not_allowed", "outside_jurisdiction", "not_assigned", "not_summoned", "not_reporter", "not_summoner", "not_claimable"],
        .conflict: ["invalid_transition", "subtasks_open", "no_open_subtask", "reopen_window_passed", "unknown_category",
                    "not_arrived", "already_visited", "already_reopened"],
    ]

    func check(refusal error: DomainError, before: Case, after: Case, command: WorkflowCommand, actor: Actor,
               sourceLocation: SourceLocation = #_sourceLocation) {
        let context = "\(command.action) by \(actor.role) from \(before.state): \(error)"
        // A refusal leaves the case as it was.
        #expect(after == before, "\(context)", sourceLocation: sourceLocation)
        #expect(Self.codes[error.kind]?.contains(error.code) == true, "\(context)", sourceLocation: sourceLocation)
        #expect(!error.message.zh.isEmpty && !error.message.en.isEmpty, "\(context)", sourceLocation: sourceLocation)
        // The first thing wrong is what is reported: the action, then the state, then the role, then the scope.
        guard let action = Self.definition.actions[command.action] else {
            #expect(error.kind == .invalid && error.code == "invalid_field" && error.field == "action", "\(context)", sourceLocation: sourceLocation)
            return
        }
        if !action.from.contains(before.state) {
            #expect(error.code == "invalid_transition" && error.kind == .conflict, "\(context)", sourceLocation: sourceLocation)
        } else if !action.roles.contains(actor.role) {
            #expect(error.code == "role_not_allowed" && error.kind == .forbidden, "\(context)", sourceLocation: sourceLocation)
        } else if !machine.permits(command.action, on: before, by: actor) {
            #expect(["outside_jurisdiction", "not_assigned", "not_summoned", "not_claimable"].contains(error.code), "\(context)", sourceLocation: sourceLocation)
        } else {
            #expect(!["invalid_transition", "role_not_allowed", "outside_jurisdiction", "not_assigned", "not_summoned", "not_claimable"].contains(error.code),
                    "\(context)", sourceLocation: sourceLocation)
        }
    }

    // MARK: - The tests

    @Test("long random walks keep every invariant after every step")
    func randomWalks() async {
        var tally = Tally()
        await propertyCheck(count: 60, input: Gen.uint64(in: 0...UInt64.max), Gen.int(in: 200...600)) { seed, length in
            var rng = SeededGenerator(seed: seed)
            walk(length: length, using: &rng, tally: &tally)
        }
        // The walks are long and many, and they reach everything the definition has.
        #expect(tally.steps >= 60 * 200)
        #expect(tally.successes > tally.steps / 4 && tally.refusals > tally.steps / 10)
        #expect(tally.cases >= 120)
        #expect(tally.statesSeen == Set(Self.definition.states.keys), "\(Set(Self.definition.states.keys).subtracting(tally.statesSeen))")
        let missing = Self.definition.actionOrder.filter { tally.succeeded[$0] == nil }
        #expect(missing.isEmpty, "never succeeded: \(missing)")
        #expect(tally.refusedCodes.isSuperset(of: ["invalid_transition", "role_not_allowed", "outside_jurisdiction", "not_assigned",
                                                   "invalid_field", "subtasks_open"]), "\(tally.refusedCodes)")
    }

    @Test("a fixed walk is reproducible")
    func reproducible() {
        var first = Tally(), second = Tally()
        var a = SeededGenerator(seed: 2026), b = SeededGenerator(seed: 2026)
        walk(length: 500, using: &a, tally: &first)
        walk(length: 500, using: &b, tally: &second)
        #expect(first.succeeded == second.succeeded && first.refusals == second.refusals && first.statesSeen == second.statesSeen)
    }
}
