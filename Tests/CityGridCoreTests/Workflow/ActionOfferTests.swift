import CityGridCore
import Foundation
import PropertyBased
import Testing

/// What the caller is offered is what will succeed: ``WorkflowMachine/offers(on:by:at:)`` on random
/// reachable cases, checked against ``WorkflowMachine/apply(_:to:by:at:)``.
@Suite("Action offers")
struct ActionOfferTests {
    typealias Kit = WorkflowTestKit
    static let definition = WorkflowDefinition.standard
    let machine = Kit.machine

    /// A command that gives `offer` plausible values for each of its needs.
    static func plausible(_ offer: ActionOffer, on value: Case) -> WorkflowCommand {
        var command = WorkflowCommand(offer.action)
        for need in offer.needs {
            switch need {
            case .note: command.note = "reason given"
            case .hours: command.hours = 4
            case .evidence: command.attachments = ["media:1"]
            case .department: command.departmentCode = offer.bodies.first
            case .departments: command.departmentCodes = Array(offer.bodies.prefix(2))
            case .parentCase: command.parentCaseID = CaseID(value.id.rawValue + 1)
            case .satisfaction: command.satisfaction = .basicallySatisfied; command.solved = true
            case .rating: command.rating = 3
            }
        }
        return command
    }

    /// Commands carrying every input, with each body that could be named: none of them may pass an action not offered.
    static func everything(_ action: WorkflowAction, on value: Case) -> [WorkflowCommand] {
        let bodies: [OrganisationCode?] = [nil] + Kit.organisations.map(\.code) + value.subtasks.map(\.departmentCode)
        return bodies.map { body in
            WorkflowCommand(action, note: "reason given", departmentCode: body, departmentCodes: body.map { [$0] } ?? ["D-WATER"], hours: 4,
                            attachments: ["media:1"], parentCaseID: CaseID(value.id.rawValue + 1), solved: true, satisfaction: .satisfied, rating: 3)
        }
    }

    static let jurisdictions: [RegionCode?] = [nil, region("910101001"), region("910102"), region("910101002")]

    /// Actors of every role, in scope and out of it, including the summoned bodies and the reporter.
    static func actors(for value: Case, using rng: inout SeededGenerator) -> [Actor] {
        var actors = Role.allCases.flatMap { [Kit.actor($0, for: .arrive, on: value), Kit.actor($0, for: .dispose, on: value)] }
        actors += [Kit.reporter, Kit.otherCitizen, Kit.handler("S-910101001")]
        let role = Role.allCases.randomElement(using: &rng)!
        let organisation = ([nil, value.departmentCode] + Kit.organisations.map(\.code)).randomElement(using: &rng)!
        actors.append(Actor([value.reporterID, 99, 13].randomElement(using: &rng)!.map { .user($0) } ?? .anonymous, role: role, organisationCode: organisation,
                            jurisdiction: jurisdictions.randomElement(using: &rng)!))
        return actors
    }

    struct Tally {
        var offered = 0
        var refused = 0
        var succeeded: Set<WorkflowAction> = []
        var states: Set<CaseState> = []
    }

    /// Checks both directions for every actor on `value` at `at`; returns what may be done next.
    func check(_ value: Case, at: Date, using rng: inout SeededGenerator, tally: inout Tally) -> [(Actor, WorkflowCommand, StepOutcome)] {
        var steps: [(Actor, WorkflowCommand, StepOutcome)] = []
        for actor in Self.actors(for: value, using: &rng) {
            let offers = machine.offers(on: value, by: actor, at: at)
            let offered = Set(offers.map(\.action))
            for offer in offers {
                let command = Self.plausible(offer, on: value)
                do throws(DomainError) {
                    steps.append((actor, command, try machine.apply(command, to: value, by: actor, at: at)))
                    tally.offered += 1
                    tally.succeeded.insert(offer.action)
                } catch {
                    Issue.record("offered \(offer.action) (needs \(offer.needs)) to \(actor.role) on a \(value.state) case, refused: \(error)")
                }
            }
            for action in Self.definition.actions(from: value.state) where !offered.contains(action) {
                guard Self.definition.actions[action]!.roles.contains(actor.role) else { continue }
                for command in Self.everything(action, on: value) {
                    if (try? machine.apply(command, to: value, by: actor, at: at)) != nil {
                        Issue.record("\(action) not offered to \(actor.role) on a \(value.state) case, but \(command) succeeds")
                    }
                }
                tally.refused += 1
            }
        }
        return steps
    }

    func walk(length: Int, using rng: inout SeededGenerator, tally: inout Tally) {
        var at = Kit.start
        var nextID: CaseID = 100
        var value = Kit.newCase(id: nextID, category: Bool.random(using: &rng) ? Fixture.exposedGarbage : Fixture.manholeCover, at: at)
        for _ in 0..<length {
            tally.states.insert(value.state)
            let steps = check(value, at: at, using: &rng, tally: &tally)
            let roll = Int.random(in: 0..<100, using: &rng)
            at = at.addingTimeInterval(TimeInterval(roll < 90 ? Int.random(in: 60...3600, using: &rng) : Int.random(in: 86_400...(9 * 86_400), using: &rng)))
            if steps.isEmpty || (Self.definition.isTerminal(value.state) && Int.random(in: 0..<4, using: &rng) == 0) {
                nextID = CaseID(nextID.rawValue + 1)
                value = Kit.newCase(id: nextID, category: Bool.random(using: &rng) ? Fixture.exposedGarbage : Fixture.manholeCover, at: at)
                continue
            }
            // Prefer steps that move the case, so that the walk goes deep into the loop.
            let moving = steps.filter { $0.2.next.state != value.state || $0.1.action == .summon || $0.1.action == .arrive
                || $0.1.action == .completeSubtask || $0.1.action == .visit || $0.1.action == .reopen }
            let pool = moving.isEmpty || Int.random(in: 0..<5, using: &rng) == 0 ? steps : moving
            value = pool.randomElement(using: &rng)!.2.next
        }
    }

    @Test("on random reachable cases every offer succeeds with plausible inputs and every action not offered fails")
    func offersAreWhatSucceeds() async {
        var tally = Tally()
        await propertyCheck(count: 30, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var rng = SeededGenerator(seed: seed)
            walk(length: 60, using: &rng, tally: &tally)
        }
        #expect(tally.offered > 500 && tally.refused > 500)
        #expect(tally.states.count >= 12, "\(tally.states)")
        let never = Self.definition.actionOrder.filter { !tally.succeeded.contains($0) }
        #expect(never.count <= 4, "never offered and taken: \(never)")
    }

    @Test("after the return visit, visit is no longer offered; after the reopening or past the window, reopen neither")
    func visitAndReopen() throws {
        let (closed, at) = Kit.caseIn(.closed)
        let reporter = Kit.reporter
        // Any citizen may add to any case (public_update): the reporter also visits and reopens.
        #expect(Set(machine.offers(on: closed, by: reporter, at: at).map(\.action)) == [.visit, .reopen, .publicUpdate])
        let visit = try #require(machine.offers(on: closed, by: reporter, at: at).first { $0.action == .visit })
        #expect(visit.needs == [.satisfaction])
        let visited = try machine.apply(Self.plausible(visit, on: closed), to: closed, by: reporter, at: at).next
        #expect(machine.offers(on: visited, by: reporter, at: at).map(\.action) == [.reopen, .publicUpdate])
        let reopened = try machine.apply(WorkflowCommand(.reopen), to: visited, by: reporter, at: at).next
        #expect(machine.offers(on: reopened, by: reporter, at: at).map(\.action) == [.publicUpdate])
        #expect(!machine.offers(on: closed, by: reporter, at: at.addingTimeInterval(8 * 86_400)).map(\.action).contains(.reopen))
        #expect(machine.offers(on: closed, by: Kit.otherCitizen, at: at).map(\.action) == [.publicUpdate])
    }

    @Test("close is not offered while summoned bodies have not finished")
    func closeWaitsForSubtasks() {
        let (open, at) = Kit.caseIn(.checked, summon: true)
        #expect(!machine.offers(on: open, by: Fixture.shiftLeader, at: at).map(\.action).contains(.close))
        let (plain, then) = Kit.caseIn(.checked)
        #expect(machine.offers(on: plain, by: Fixture.shiftLeader, at: then).map(\.action).contains(.close))
    }

    @Test("arrive and complete_subtask are not offered once the body's sub-task is complete")
    func arriveAfterCompletion() throws {
        let (value, at) = Kit.caseIn(.dispatched, summon: true)
        let water = Fixture.waterHandler
        let before = machine.offers(on: value, by: water, at: at)
        #expect(before.map(\.action) == [.arrive, .completeSubtask])
        #expect(before.first { $0.action == .completeSubtask }?.needs == [.evidence])
        let done = try machine.apply(WorkflowCommand(.completeSubtask, attachments: ["media:1"]), to: value, by: water, at: at).next
        #expect(machine.offers(on: done, by: water, at: at).isEmpty)
    }

    @Test("offers list the inputs each action needs, and the bodies it may name")
    func needs() {
        let (reported, at) = Kit.caseIn(.reported)
        let intake = Dictionary(uniqueKeysWithValues: machine.offers(on: reported, by: Fixture.intakeOperator, at: at).map { ($0.action, $0) })
        #expect(intake[.accept]?.needs == [] && intake[.reject]?.needs == [.note] && intake[.merge]?.needs == [.parentCase])
        let (filed, then) = Kit.caseIn(.filed)
        let dispatch = machine.offers(on: filed, by: Fixture.dispatcher, at: then).first { $0.action == .dispatch }
        #expect(dispatch?.needs == [] && dispatch?.bodies.first == "D-SANITATION")
        let (dispatched, later) = Kit.caseIn(.dispatched)
        let handler = Dictionary(uniqueKeysWithValues: machine.offers(on: dispatched, by: Fixture.sanitationHandler, at: later).map { ($0.action, $0) })
        #expect(handler[.requestExtension]?.needs == [.hours, .note] && handler[.dispose]?.needs == [.evidence])
        let summon = machine.offers(on: dispatched, by: Fixture.dispatcher, at: later).first { $0.action == .summon }
        #expect(summon?.needs == [.departments] && summon?.bodies.contains("D-WATER") == true && summon?.bodies.contains("CENTRE") == false)
        #expect(WorkflowInput.allCases.allSatisfy { !$0.label.zh.isEmpty && !$0.label.en.isEmpty })
    }
}
