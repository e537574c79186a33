import CityGridCore
import CityGridStore
import Foundation
import Testing

/// The clock's due list (``ClockRule/nextLook(at:)`` of the stored case) and
/// ``CaseStore/transitionMany(caseIDs:_:)``.
@Suite struct ClockContractTests {
    @Test(arguments: StoreKind.allCases) func aCaseIsDueAtItsNextLookEarliestFirst(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        let t0 = ContractCity.t0
        let late = try await store.createCase(ContractCity.draft(at: t0.addingTimeInterval(600), clock: true))
        let early = try await store.createCase(ContractCity.draft(grid: 1, clock: true))
        _ = try await store.createCase(ContractCity.draft(grid: 2))  // no clock runs: never due
        let warnEarly = ContractCity.stored(t0.addingTimeInterval(3600))
        #expect(try await store.casesDueForAlert(at: warnEarly.addingTimeInterval(-1), limit: 10) == [])
        #expect(try await store.casesDueForAlert(at: warnEarly, limit: 10) == [early.id])
        #expect(try await store.casesDueForAlert(at: t0.addingTimeInterval(5000), limit: 10) == [early.id, late.id])
        #expect(try await store.casesDueForAlert(at: t0.addingTimeInterval(5000), limit: 1) == [early.id])
    }

    @Test(arguments: StoreKind.allCases) func alertsAreWrittenTogetherAndMoveTheNextLook(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        let t0 = ContractCity.t0
        let a = try await store.createCase(ContractCity.draft(clock: true))
        let b = try await store.createCase(ContractCity.draft(grid: 1, clock: true))
        let now = t0.addingTimeInterval(4000)
        let sequence = try await store.lastChangeSequence()
        let changed = try await store.transitionMany(caseIDs: [a.id, b.id, 404]) { current in
            // The clock can raise nothing on b: it stops looking at it.
            current.id == b.id ? nil : ContractCity.advance(current, to: current.state, action: .warn, at: now) { $0.alertLevel = .warned }
        }
        #expect(changed == 1)
        #expect(try await store.caseByID(a.id)?.alertLevel == .warned)
        #expect(try await store.caseByID(b.id)?.version == 1)
        let entries = try await store.changes(after: sequence, limit: 10)
        #expect(entries.map(\.kind) == [.caseAlerted] && entries.first?.caseID == a.id && entries.first?.caseVersion == 2)
        // a: next at its deadline's next second; b: never again until it steps.
        let due = ContractCity.stored(t0.addingTimeInterval(7200)).addingTimeInterval(1)
        #expect(try await store.casesDueForAlert(at: due.addingTimeInterval(-1), limit: 10) == [])
        #expect(try await store.casesDueForAlert(at: due, limit: 10) == [a.id])
        let escalated = try await store.transitionMany(caseIDs: [a.id]) { current in
            ContractCity.advance(current, to: current.state, action: .escalate, at: due) { $0.alertLevel = .escalated }
        }
        #expect(escalated == 1)
        #expect(try await store.casesDueForAlert(at: due.addingTimeInterval(86_400), limit: 10) == [])
    }
}
