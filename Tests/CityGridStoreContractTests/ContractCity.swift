import CityGridCore
import CityGridGeometry
import CityGridSimulation
import CityGridStore
import Foundation
import Testing

/// The city, drafts and steps the contract tests write: a small demo city, reports at the
/// representative points of its grids, and steps that move a case by hand (the workflow machine is
/// not under test here, the store is).
enum ContractCity {
    static let demo = DemoCityGenerator.generate(.small(), catalogue: try! ShippedData.catalogue(), calendar: .chinaDefault)
    static var city: CityModel { demo.city }

    /// A time with a fraction of a second, to see what a store keeps of it.
    static let t0 = Date(timeIntervalSince1970: 1_795_900_000.75)

    /// `date` to the second, rounded down: what a store keeps.
    static func stored(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }

    /// A store holding the demo city.
    static func open(_ kind: StoreKind) async throws -> OpenStore {
        let open = try kind.open()
        try await open.store.replaceCity(city, users: demo.users, components: demo.components)
        return open
    }

    /// A report of `category` in grid `grid` at `at`; with `clock`, its intake stage runs (warned
    /// an hour after the report, due two hours after).
    static func draft(grid: Int = 0, category: String = "E0102", at: Date = t0, reporter: UserID? = nil, clock: Bool = false,
                      duplicateCheck: CaseDraft.DuplicateCheck? = nil, prefix: String? = nil, description: String = "contract") -> CaseDraft {
        let unit = city.grids[grid]
        var value = Case(id: .unassigned, number: "", category: CategoryCode(category)!, source: .hotline, location: unit.boundary.representativePoint,
                         chain: GridChain(grid: unit.code), description: description, reporterID: reporter, reportedAt: at)
        if clock {
            value.stage = "intake"
            value.stageStartedAt = at
            value.warnAt = at.addingTimeInterval(3600)
            value.stageDeadlineAt = at.addingTimeInterval(7200)
        }
        let event = CaseEvent(caseID: .unassigned, sequence: 1, actorID: reporter, role: .intakeOperator, action: .report, at: at, fromState: nil,
                              toState: .reported, note: "")
        return CaseDraft(value: value, numberPrefix: prefix ?? category + "20261129", events: [event], duplicateCheck: duplicateCheck)
    }

    /// The outcome of moving `current` to `state` by `action` at `at`: one more version, one more event.
    static func advance(_ current: Case, to state: CaseState, action: WorkflowAction = .accept, at: Date = t0.addingTimeInterval(60),
                        followUps: [StepOutcome.FollowUp] = [], change: (inout Case) -> Void = { _ in }) -> StepOutcome {
        var next = current
        next.state = state
        next.version += 1
        change(&next)
        let event = CaseEvent(caseID: current.id, sequence: current.version + 1, actorID: 1, role: .shiftLeader, action: action, at: at,
                              fromState: current.state, toState: state, note: "step \(next.version)")
        return StepOutcome(next: next, event: event, followUps: followUps)
    }

    /// A case's stored form as a store reads it back, from what `createCase` returned.
    static func storedForm(_ value: Case) -> Case {
        var c = value
        c.reportedAt = stored(value.reportedAt)
        c.updatedAt = stored(value.updatedAt)
        c.stageStartedAt = value.stageStartedAt.map(stored)
        c.warnAt = value.warnAt.map(stored)
        c.stageDeadlineAt = value.stageDeadlineAt.map(stored)
        return c
    }
}

/// Expects `body` to throw a ``DomainError`` of `kind` and `code` (and `field`, when given).
func expectDomainError(_ kind: DomainError.Kind, _ code: String, field: String?? = nil, sourceLocation: SourceLocation = #_sourceLocation,
                       _ body: () async throws -> Void) async {
    do {
        try await body()
        Issue.record("expected \(code), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as DomainError {
        #expect(error.kind == kind, sourceLocation: sourceLocation)
        #expect(error.code == code, sourceLocation: sourceLocation)
        if let field { #expect(error.field == field, sourceLocation: sourceLocation) }
        #expect(!error.message.zh.isEmpty && !error.message.en.isEmpty, sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected \(code), got \(error)", sourceLocation: sourceLocation)
    }
}
