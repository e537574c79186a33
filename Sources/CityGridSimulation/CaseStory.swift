import CityGridCore
import Foundation

/// One simulated case's life through the closed loop, every step taken by the real
/// ``WorkflowMachine`` as the staff of the right role and place, at realistic times (staff act in
/// working time), with the deviations at about the rates seen in practice: verification, rejection,
/// inspectors' self-handling, invalidation, returns (2 %), suspensions (1 %), extensions (3 %),
/// supervision, whistle and report, rework (5 %), return visits with satisfaction, and reopening.
/// The clock's warnings and escalations are raised at the moments the clock would raise them.
/// A story stops where its next step would fall after the simulation's end: the case stays open there.
struct CaseStory {
    let machine: WorkflowMachine
    let staff: SimulationStaff
    var draft: CaseDraft
    let end: Double
    var rng: SplitMix64
    /// The case the reporter opened again ("not fixed"), if they did.
    private(set) var reopened: CaseDraft?

    /// Whether the reporter may say "not fixed" (not for a case that is itself a reopening).
    let mayReopen: Bool

    init(machine: WorkflowMachine, staff: SimulationStaff, draft: CaseDraft, end: Double, rng: SplitMix64, mayReopen: Bool = true) {
        self.mayReopen = mayReopen
        self.machine = machine
        self.staff = staff
        self.draft = draft
        self.end = end
        self.rng = rng
    }

    private var value: Case { draft.value }
    private var clock: Double { draft.events.last!.at.timeIntervalSince1970 }

    /// Takes `command` as `actor` after `seconds` of working time (or plain time), raising the clock's
    /// alerts that fall due before it. False when the step would fall after the end, or is refused.
    private mutating func step(_ command: WorkflowCommand, _ actor: Actor?, working seconds: Double, plain: Bool = false) -> Bool {
        guard let actor else { return false }
        let from = Date(timeIntervalSince1970: clock)
        let at = plain ? clock + max(1, seconds.rounded()) :
            machine.environment.calendar.adding(workingSeconds: Int64(max(1, seconds)), to: from).timeIntervalSince1970
        guard at < end else { return false }
        raiseAlerts(until: at)
        guard let outcome = try? machine.apply(command, to: value, by: actor, at: Date(timeIntervalSince1970: at)) else { return false }
        draft.value = outcome.next
        draft.events.append(outcome.event)
        for case .spawn(var spawned) in outcome.followUps {
            spawned.link = .reopensPrevious
            reopened = spawned
        }
        return true
    }

    /// The warnings and escalations the clock would have raised before `time`, in order: the warning
    /// at 80 % first, then the escalation just past the deadline, as the minute scans would.
    private mutating func raiseAlerts(until time: Double) {
        while let warnAt = value.warnAt, let deadline = value.stageDeadlineAt, value.suspendedSince == nil {
            let action: WorkflowAction
            let due: Date
            if value.alertLevel < .warned, warnAt.timeIntervalSince1970 <= time {
                (action, due) = (.warn, warnAt)
            } else if value.alertLevel < .escalated, deadline.timeIntervalSince1970 + 1 <= time {
                (action, due) = (.escalate, deadline.addingTimeInterval(1))
            } else {
                return
            }
            let at = max(due.timeIntervalSince1970, clock)
            guard at < end, let outcome = try? machine.apply(WorkflowCommand(action), to: value, by: ClockRule.system, at: Date(timeIntervalSince1970: at)) else { return }
            draft.value = outcome.next
            draft.events.append(outcome.event)
        }
    }

    private mutating func chance(_ p: Double) -> Bool { rng.unit() < p }
    private mutating func pick(_ actors: [Actor]) -> Actor { actors[rng.below(actors.count)] }
    private mutating func minutes(_ mean: Double) -> Double { rng.exponential(mean: mean * 60) }
    private var fromCitizen: Bool { [.citizenApp, .hotline, .open311].contains(value.source) }
    private mutating func photo() -> [String] { ["media:sim-\(rng.next() % 1_000_000)"] }

    mutating func run() {
        let intake = pick(staff.intake), leader = pick(staff.shiftLeaders), dispatcher = pick(staff.dispatchers)
        // Intake: verification of public reports, rejection, inspectors' self-handling.
        if fromCitizen, chance(0.10) {
            guard step(WorkflowCommand(.askVerify), intake, working: minutes(10)),
                  step(WorkflowCommand(.verify, note: "现场核实属实 / verified on site"), staff.inspector(for: value.chain, &rng), working: minutes(60))
            else { return }
        }
        if chance(0.02) {
            _ = step(WorkflowCommand(.reject, note: "不属于城市管理问题 / not a city-management problem"), intake, working: minutes(10))
            return
        }
        if value.source == .inspector, chance(0.06) {
            guard step(WorkflowCommand(.selfHandle, note: "监督员现场自行处置 / fixed on the spot", attachments: photo()),
                       staff.inspector(for: value.chain, &rng), working: minutes(15)) else { return }
            _ = step(WorkflowCommand(.approveSelfHandling), leader, working: minutes(40))
            return
        }
        guard step(WorkflowCommand(.accept), intake, working: minutes(10)),
              step(WorkflowCommand(.file), leader, working: minutes(10)) else { return }
        if chance(0.005) {
            guard step(WorkflowCommand(.requestInvalidation, note: "重复立案 / filed twice"), dispatcher, working: minutes(20)) else { return }
            _ = step(WorkflowCommand(.approveInvalidation), pick(staff.leaders), working: minutes(60))
            return
        }
        guard step(WorkflowCommand(.dispatch), dispatcher, working: minutes(12)) else { return }
        guard dispose(dispatcher: dispatcher) else { return }
        // The on-site check; about 5 % fail and go back as rework.
        if chance(0.05) {
            guard step(WorkflowCommand(.checkFail, note: "现场未整改到位 / not fixed on site"), staff.inspector(for: value.chain, &rng), working: minutes(90)),
                  dispose(dispatcher: dispatcher, again: true) else { return }
        }
        guard step(WorkflowCommand(.check), staff.inspector(for: value.chain, &rng), working: minutes(50)) else { return }
        if !value.subtasks.isEmpty {
            guard step(WorkflowCommand(.rateSubtask, departmentCode: value.subtasks[0].departmentCode, rating: 3 + rng.below(3)), dispatcher,
                       working: minutes(20)) else { return }
        }
        guard step(WorkflowCommand(.close), leader, working: minutes(15)) else { return }
        // The return visit for reports from the public, and sometimes "not fixed".
        if fromCitizen, chance(0.85) {
            let roll = rng.unit()
            let satisfaction: Satisfaction = roll < 0.72 ? .satisfied : (roll < 0.92 ? .basicallySatisfied : .dissatisfied)
            guard step(WorkflowCommand(.visit, solved: satisfaction != .dissatisfied, satisfaction: satisfaction), intake,
                       working: rng.exponential(mean: 8 * 3600)) else { return }
            if mayReopen, satisfaction == .dissatisfied, chance(0.3) {
                _ = step(WorkflowCommand(.reopen, note: "问题仍未解决 / still not fixed"), intake, working: rng.exponential(mean: 16 * 3600))
            }
        }
    }

    /// From dispatch to disposal: returns, suspensions, extensions, supervision and whistle and
    /// report on the way; the disposal itself takes a log-normal share of the time limit.
    private mutating func dispose(dispatcher: Actor, again: Bool = false) -> Bool {
        if !again, chance(0.02) {
            let first = value.departmentCode
            guard let handler = handler(),
                  step(WorkflowCommand(.requestReturn, note: "不属于本单位职责 / not ours"), handler, working: minutes(60)),
                  step(WorkflowCommand(.approveReturn), dispatcher, working: minutes(40)) else { return false }
            let other = machine.environment.organisations.values
                .filter { $0.kind.disposes && $0.serves(value.chain.grid) && $0.code != first && staff.handlersByOrganisation[$0.code] != nil }
                .sorted { $0.code < $1.code }
            let alternative = other.isEmpty ? nil : other[rng.below(other.count)].code
            guard step(WorkflowCommand(.dispatch, departmentCode: alternative), dispatcher, working: minutes(20)) else { return false }
        }
        guard let handler = handler() else { return false }
        if !again, chance(0.01) {
            guard step(WorkflowCommand(.requestSuspension, note: "需结合道路大修工程处置 / with the road works"), handler, working: minutes(120)),
                  step(WorkflowCommand(.approveSuspension), dispatcher, working: minutes(60)),
                  step(WorkflowCommand(.resume), dispatcher, working: rng.uniform(2, 15) * 7 * 3600) else { return false }
        }
        if !again, chance(0.03) {
            let hours = Double(1 + rng.below(16))
            guard step(WorkflowCommand(.requestExtension, note: "需采购材料 / parts on order", hours: hours), handler, working: minutes(120)) else { return false }
            let approve = chance(0.85)
            guard step(approve ? WorkflowCommand(.approveExtension) : WorkflowCommand(.refuseExtension, note: "时限内可完成 / can be done in time"),
                       dispatcher, working: minutes(60)) else { return false }
        }
        if !again, chance(0.03) {
            guard step(WorkflowCommand(.supervise, note: "请加快处置 / please speed up"), pick(staff.leaders), working: minutes(240)),
                  step(WorkflowCommand(.reply, note: "已安排人员 / crew assigned"), handler, working: minutes(60)) else { return false }
        }
        if !again, chance(0.005) {
            let bodies = machine.environment.organisations.values
                .filter { $0.kind.disposes && $0.serves(value.chain.grid) && $0.code != value.departmentCode }.map(\.code).sorted()
            if bodies.count >= 2 {
                let summoned = [bodies[rng.below(bodies.count)], bodies[rng.below(bodies.count)]]
                let unique = Array(Set(summoned)).sorted()
                guard step(WorkflowCommand(.summon, note: "吹哨报到 / whistle", departmentCodes: unique), dispatcher, working: minutes(30)) else { return false }
                for code in unique {
                    guard let crew = staff.handlersByOrganisation[code],
                          step(WorkflowCommand(.arrive), crew, working: rng.uniform(5, 45) * 60, plain: true),
                          step(WorkflowCommand(.completeSubtask, note: "已配合处置 / done", attachments: photo()), crew, working: minutes(180))
                    else { return false }
                }
            }
        }
        guard let deadline = value.deadlineAt else { return false }
        let limit = machine.environment.calendar.workingSeconds(from: Date(timeIntervalSince1970: clock), to: deadline)
        let share = rng.logNormal(median: 0.45, sigma: 0.75)
        return step(WorkflowCommand(.dispose, note: "已处置 / done", attachments: photo()), handler, working: max(300, Double(limit) * share))
    }

    private func handler() -> Actor? {
        value.departmentCode.flatMap { staff.handlersByOrganisation[$0] }
    }
}
