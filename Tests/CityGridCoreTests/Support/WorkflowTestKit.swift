import CityGridCore
import CityGridGeometry
import Foundation
import Testing

/// One small environment for the tests of the shipped workflow, and helpers that bring a case to any
/// state through the real machine.
///
/// - catalogue: ``Fixture/catalogue`` (`C0101` 6 working hours, `water`; `E0102` 1 working day, `sanitation`);
/// - organisations: `D-WATER` (city-wide), `D-SANITATION` (district 910101), the centre `CENTRE` (does
///   not dispose) and the subdistrict office `S-910101001`;
/// - the standard definition and ``WorkCalendar/chinaDefault``.
///
/// Cases are reported by the citizen 16 (``reporter``) in ``Fixture/grid`` on Monday 2026-11-30 at
/// 09:00 (``start``); every step of a path takes ``step`` (10 minutes).
enum WorkflowTestKit {
    static let definition = WorkflowDefinition.standard
    static let calendar = WorkCalendar.chinaDefault

    static let centre = Organisation(code: "CENTRE", name: LocalizedText(zh: "指挥中心", en: "Command centre"), kind: .centre)
    static let subdistrictOffice = Organisation(code: "S-910101001", name: LocalizedText(zh: "一号街道", en: "Subdistrict 1"),
                                                kind: .subdistrictOffice, responsibilities: ["street"], jurisdiction: region("910101001"))
    static let organisations = Fixture.organisations + [centre, subdistrictOffice]

    static func environment(definition: WorkflowDefinition = .standard, catalogue: Catalogue = Fixture.catalogue) -> WorkflowEnvironment {
        WorkflowEnvironment(definition: definition, catalogue: catalogue, calendar: .chinaDefault, organisations: organisations, routingRules: [])
    }

    static let machine = WorkflowMachine(environment: environment())

    static let start = cst("2026-11-30T09:00:00")
    static let step: TimeInterval = 600

    // Actors in scope for a case in ``Fixture/grid``.
    static let reporter = Actor(userID: 16, role: .citizen)
    static let otherCitizen = Actor(userID: 99, role: .citizen)
    static let system = Actor.system
    static let admin = Actor(userID: 19, role: .admin, organisationCode: "CENTRE")

    /// The roles in the order the helpers prefer them when an action allows several.
    static let rolePreference: [Role] = [.intakeOperator, .shiftLeader, .dispatcher, .leader, .inspector, .departmentHandler, .volunteer, .citizen, .system, .admin]

    /// The volunteer team of the fixture's subdistrict, which claims the garbage cases there.
    static let team: OrganisationCode = "V-910101001"

    /// A freshly reported case with its clocks started, as intake makes it.
    static func newCase(id: CaseID = 42, category: CategoryCode = Fixture.exposedGarbage, at: Date = start,
                        machine: WorkflowMachine = machine) -> Case {
        var value = Case(id: id, number: "E0102202611300001", category: category, source: .citizenApp,
                         location: GeoPoint(lon: 120.0005, lat: 30.0005), chain: GridChain(grid: Fixture.grid),
                         description: "A heap of garbage by the gate", reporterID: reporter.userID, reportedAt: at,
                         state: machine.environment.definition.initial)
        machine.startClocks(of: &value, at: at)
        return value
    }

    /// A handler of the organisation `code`.
    static func handler(_ code: OrganisationCode?) -> Actor {
        switch code {
        case "D-SANITATION": Fixture.sanitationHandler
        case "D-WATER": Fixture.waterHandler
        case nil: Actor(userID: 60, role: .departmentHandler)
        case let code?: Actor(userID: 61, role: .departmentHandler, organisationCode: code)
        }
    }

    /// An actor of `role` in scope for `action` on `value`.
    static func actor(_ role: Role, for action: WorkflowAction, on value: Case, definition: WorkflowDefinition = .standard) -> Actor {
        switch role {
        case .inspector: return Fixture.inspector
        case .intakeOperator: return Fixture.intakeOperator
        case .shiftLeader: return Fixture.shiftLeader
        case .dispatcher: return Fixture.dispatcher
        case .leader: return Fixture.leader
        case .citizen: return Actor(value.reporterID.map { .user($0) } ?? .anonymous, role: .citizen)
        case .admin: return admin
        case .system: return system
        case .departmentHandler:
            if definition.actions[action]?.scope == .summonedOrganisation {
                return handler(value.subtasks.first(where: { !$0.isDone })?.departmentCode ?? value.subtasks.first?.departmentCode ?? "D-WATER")
            }
            return handler(value.departmentCode ?? "D-SANITATION")
        case .volunteer:
            // The body holding the case (the claimant of a claimed one); else the team that may claim it.
            return Actor(userID: 72, role: .volunteer, organisationCode: value.departmentCode ?? team)
        default: return Actor(userID: 70, role: role)
        }
    }

    /// The preferred role of `action`.
    static func role(for action: WorkflowAction, definition: WorkflowDefinition = .standard) -> Role {
        let roles = definition.actions[action]?.roles ?? []
        return rolePreference.first { roles.contains($0) } ?? .admin
    }

    /// An actor of the preferred role of `action`, in scope for `value` (or a fresh case).
    static func actor(for action: WorkflowAction, on value: Case? = nil, definition: WorkflowDefinition = .standard) -> Actor {
        actor(role(for: action, definition: definition), for: action, on: value ?? newCase(), definition: definition)
    }

    static let evidence = ["media:photo-1", "https://example.org/after.jpg"]

    /// A command for `action` on `value` that satisfies every guard of the shipped definition.
    static func command(_ action: WorkflowAction, for value: Case) -> WorkflowCommand {
        var command = WorkflowCommand(action, note: "note for \(action)")
        switch action {
        case .requestExtension: command.hours = 4
        case .dispose, .disposeClaimed, .selfHandle, .completeSubtask: command.attachments = evidence
        case .summon: command.departmentCodes = ["D-WATER"]
        case .rateSubtask:
            command.departmentCode = value.subtasks.first?.departmentCode ?? "D-WATER"
            command.rating = 4
        case .merge: command.parentCaseID = 7
        case .visit:
            command.solved = true
            command.satisfaction = .basicallySatisfied
        default: break
        }
        return command
    }

    /// The way to each state of the shipped definition along its main paths.
    static let paths: [CaseState: [WorkflowAction]] = {
        let dispatched: [WorkflowAction] = [.accept, .file, .dispatch]
        return [
            .reported: [], "verifying": [.askVerify], .accepted: [.accept], .filed: [.accept, .file],
            "invalidation_requested": [.accept, .file, .requestInvalidation],
            .invalidated: [.accept, .file, .requestInvalidation, .approveInvalidation],
            .rejected: [.reject], .dispatched: dispatched,
            "extension_requested": dispatched + [.requestExtension], "return_requested": dispatched + [.requestReturn],
            "suspension_requested": dispatched + [.requestSuspension], .suspended: dispatched + [.requestSuspension, .approveSuspension],
            .disposed: dispatched + [.dispose], .checked: dispatched + [.dispose, .check],
            .closed: dispatched + [.dispose, .check, .close], "self_handled": [.selfHandle], .merged: [.merge],
            "claimed": [.accept, .file, .claim],
        ]
    }()

    /// The way to `state`: the table for the shipped definition, otherwise the shortest way found.
    static func path(to state: CaseState, in definition: WorkflowDefinition) -> [WorkflowAction]? {
        if definition.actionOrder == WorkflowDefinition.standard.actionOrder, let path = paths[state] { return path }
        var ways: [CaseState: [WorkflowAction]] = [definition.initial: []]
        var frontier = [definition.initial]
        while !frontier.isEmpty {
            let current = frontier.removeFirst()
            if current == state { return ways[current] }
            for name in definition.actions(from: current) {
                if case .state(let next) = definition.actions[name]!.to, ways[next] == nil {
                    ways[next] = ways[current]! + [name]
                    frontier.append(next)
                }
            }
        }
        return nil
    }

    /// A case brought to `state` through `machine`, one step every 10 minutes from ``start``, with
    /// the time of its last step. With `summon`, the dispatcher summons `D-WATER` right after the
    /// dispatch, and the water authority completes its sub-task before the case closes; with `arrived`
    /// too, the water authority reports its arrival right after the summons.
    static func bring(to state: CaseState, summon: Bool = false, arrived: Bool = false, category: CategoryCode = Fixture.exposedGarbage,
                      machine: WorkflowMachine = machine) throws -> (Case, Date) {
        let definition = machine.environment.definition
        guard var path = path(to: state, in: definition) else {
            Issue.record("no way to \(state)")
            throw DomainError(.notFound, code: "no_path", zh: "无路径", en: "no path to \(state)")
        }
        if summon, let i = path.firstIndex(of: .dispatch) {
            path.insert(.summon, at: i + 1)
            if arrived { path.insert(.arrive, at: i + 2) }
            if let c = path.firstIndex(of: .close) { path.insert(.completeSubtask, at: c) }
        }
        var value = newCase(category: category, machine: machine)
        var at = start
        for action in path {
            at = at.addingTimeInterval(step)
            value = try machine.apply(command(action, for: value), to: value, by: actor(for: action, on: value, definition: definition), at: at).next
        }
        if value.state != state { Issue.record("brought to \(value.state), not \(state)") }
        return (value, at)
    }

    /// Every state of the shipped definition, reached once (and with a summoned body where it can be).
    static let reached: [CaseState: (Case, Date)] = {
        var cases: [CaseState: (Case, Date)] = [:]
        // A failure to get there is recorded by the tests that use the case (its state is wrong), not a crash.
        for state in WorkflowDefinition.standard.states.keys { cases[state] = (try? bring(to: state)) ?? (newCase(), start) }
        return cases
    }()

    static let reachedSummoned: [CaseState: (Case, Date)] = {
        var cases: [CaseState: (Case, Date)] = [:]
        for state in [CaseState.dispatched, .disposed, .checked, .closed] { cases[state] = (try? bring(to: state, summon: true)) ?? (newCase(), start) }
        return cases
    }()

    /// Every state where a summoned body can be rated, with `D-WATER` summoned by the dispatcher and arrived.
    static let reachedArrived: [CaseState: (Case, Date)] = {
        var cases: [CaseState: (Case, Date)] = [:]
        for state in [CaseState.dispatched, .disposed, .checked, .closed] {
            cases[state] = (try? bring(to: state, summon: true, arrived: true)) ?? (newCase(), start)
        }
        return cases
    }()

    /// A case in `state` with the time of its last step; with `summon`, one with a `D-WATER` sub-task
    /// (open before closing, done once closed), summoned by ``Fixture/dispatcher``; with `arrived` too,
    /// the water authority has reported its arrival (so that the sub-task can be rated).
    static func caseIn(_ state: CaseState, summon: Bool = false, arrived: Bool = false,
                       sourceLocation: SourceLocation = #_sourceLocation) -> (Case, Date) {
        let found = (summon ? (arrived ? reachedArrived[state] : reachedSummoned[state]) : reached[state]) ?? (newCase(), start)
        #expect(found.0.state == state, "could not bring a case to \(state)", sourceLocation: sourceLocation)
        return found
    }

    // MARK: - The reference's stages, written out independently of the definition file

    /// The clock stage each state of the reference runs in.
    static let stageOfState: [CaseState: String] = [
        .reported: "intake", "verifying": "verification", .accepted: "filing", .filed: "dispatch",
        "invalidation_requested": "approval", .dispatched: "disposal", "extension_requested": "disposal",
        "return_requested": "disposal", "suspension_requested": "disposal", .suspended: "disposal",
        .disposed: "check", .checked: "closing", "self_handled": "review", "claimed": "claim",
    ]

    /// Working hours of each fixed stage; disposal runs on the category's limit.
    static let stageHours: [String: Int64] = [
        "intake": 1, "verification": 2, "filing": 1, "dispatch": 1, "check": 4, "closing": 1, "approval": 2, "review": 2, "claim": 24,
    ]

    /// Working seconds of the disposal limit of `category`.
    static func disposalSeconds(_ category: CategoryCode) -> Int64 {
        category == Fixture.manholeCover ? 6 * 3600 : 7 * 3600
    }

    /// What entering `state` at `at` does to the stage clock of `value`.
    static func enter(_ state: CaseState, _ value: inout Case, at: Date) {
        value.state = state
        let stage = stageOfState[state]
        guard stage != value.stage else { return }
        value.stage = stage
        value.alertLevel = stage == "disposal" && value.deadlineAt != nil ? value.disposalAlertLevel : .none
        guard let stage else {
            value.stageStartedAt = nil
            value.stageDeadlineAt = nil
            value.warnAt = nil
            return
        }
        value.stageStartedAt = at
        let limit: Int64
        if stage == "disposal" {
            limit = disposalSeconds(value.category)
            value.stageDeadlineAt = value.deadlineAt
        } else {
            limit = stageHours[stage]! * 3600
            value.stageDeadlineAt = calendar.adding(workingSeconds: limit, to: at)
        }
        value.warnAt = calendar.subtracting(workingSeconds: limit / 5, from: value.stageDeadlineAt!)
    }

    /// The whole case's limit: intake, filing, dispatch, disposal, check and closing.
    static func caseSeconds(_ category: CategoryCode) -> Int64 { (1 + 1 + 1 + 4 + 1) * 3600 + disposalSeconds(category) }

    /// The states whose cases are open for merging into (every state with a stage).
    static let openForMerging: Set<CaseState> = Set(stageOfState.keys)

    /// The non-terminal, non-parked states (`*open`).
    static let openStates: Set<CaseState> = Set(stageOfState.keys)

    /// What closing `value` asks of the store: the notice to its reporter (when it has one), then the
    /// one to the reporters of merged duplicates.
    static func closingFollowUps(_ value: Case) -> [StepOutcome.FollowUp] {
        let own: [StepOutcome.FollowUp] = value.reporterID.map { [.notifyReporter(caseID: value.id, reporterID: $0, message: LocalizedText(
            zh: "您上报的案件 \(value.number) 已结案", en: "Case \(value.number), which you reported, is closed"))] } ?? []
        return own + [notifyMerged(value)]
    }

    /// The notice to merged reporters when `value` ends in `state`: closed, or another end named by its label.
    static func notifyMerged(_ value: Case, endingIn state: CaseState = .closed) -> StepOutcome.FollowUp {
        let ended = state == .closed ? LocalizedText(zh: "已一并处理结案", en: "was handled and closed")
            : LocalizedText(zh: "已办结（\(WorkflowDefinition.standard.label(of: state).zh)）", en: "ended (\(WorkflowDefinition.standard.label(of: state).en))")
        return .notifyMergedReporters(caseID: value.id, message: LocalizedText(
            zh: "您上报的问题随案件 \(value.number) \(ended.zh)", en: "The problem you reported \(ended.en) with case \(value.number)"))
    }
}
