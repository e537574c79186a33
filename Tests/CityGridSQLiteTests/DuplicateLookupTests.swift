import CityGridCore
import CityGridService
import CityGridSQLite
import Foundation
import Testing

/// The duplicate look-up in the store: a bounded walk that prefers parents, so a storm of reports of
/// one problem all point at its first report.
@Suite struct DuplicateLookupTests {
    @Test func aStormOfReportsAtOnePointAllPointAtTheFirst() async throws {
        let f = try await Fixture()
        let actor = f.actor(role: .intakeOperator)
        let first = try await f.service.report(f.report(grid: 8), by: actor)
        #expect(first.likelyDuplicateOf == nil)
        // Concurrent: the group commit writes many in one transaction, each seeing the ones before.
        let storm = try await withThrowingTaskGroup(of: Case.self) { group in
            for _ in 0..<300 { group.addTask { try await f.service.report(f.report(grid: 8), by: actor) } }
            return try await group.reduce(into: [Case]()) { $0.append($1) }
        }
        #expect(storm.allSatisfy { $0.likelyDuplicateOf == first.id })
        // Another category at the same place, or another place, is no duplicate.
        #expect(try await f.service.report(f.report(grid: 8, category: "E0103"), by: actor).likelyDuplicateOf == nil)
        #expect(try await f.service.report(f.report(grid: 9), by: actor).likelyDuplicateOf == nil)
    }
}
