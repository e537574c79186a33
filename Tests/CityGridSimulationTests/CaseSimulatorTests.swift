import CityGridCore
import CityGridService
import CityGridSimulation
import CityGridSQLite
import Foundation
import Testing

@Suite struct CaseSimulatorTests {
    @Test func simulatedCasesFollowTheLoop() async throws {
        let folder = NSTemporaryDirectory() + "citygrid-sim-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try SQLiteCityStore(path: folder + "/c.sqlite")
        let demo = DemoCityTests.small
        try await store.replaceCity(demo.city, users: demo.users, components: [])
        let service = CityService(store: store, city: demo.city)
        let end = ISOTime.parse("2026-11-01T00:00:00Z")!
        let written = try await CaseSimulator(service: service, users: demo.users)
            .run(SimulationOptions(cases: 3000, seed: 5, months: 3, end: end, batchSize: 700))
        #expect(written == 3000)
        #expect(try await store.caseCount() == 3000)
        var states: [CaseState: Int] = [:]
        var sources = Set<CaseSource>()
        var overdue = 0
        for try await batch in store.allCases(batchSize: 1000) { for c in batch {
            states[c.state, default: 0] += 1
            sources.insert(c.source)
            #expect(c.reportedAt < end && c.reportedAt >= end.addingTimeInterval(-90 * 86_400))
            #expect((c.closedAt ?? c.reportedAt) < end)
            if let onTime = c.disposedOnTime { overdue += onTime ? 0 : 1 }
        } }
        // Most problems end: closed, or rejected, invalidated or merged on the way.
        let ended = [CaseState.closed, .rejected, .invalidated, .merged].reduce(0) { $0 + states[$1, default: 0] }
        #expect(ended > 2850)
        #expect(states[.closed, default: 0] > 2500)
        #expect(states[.merged, default: 0] > 30 && states[.rejected, default: 0] > 10)
        #expect(sources.count >= 5)
        #expect(overdue > 100 && overdue < 900)
        // Every case's log matches its version, step by step.
        let sample = try await store.cases(.init(limit: 40)).cases
        for c in sample {
            let events = try await store.events(caseID: c.id)
            #expect(events.count == c.version)
            #expect(events.last?.toState == c.state)
        }
        // The same seed gives the same cases.
        let again = try SQLiteCityStore(path: folder + "/d.sqlite")
        try await again.replaceCity(demo.city, users: demo.users, components: [])
        _ = try await CaseSimulator(service: CityService(store: again, city: demo.city), users: demo.users)
            .run(SimulationOptions(cases: 3000, seed: 5, months: 3, end: end, batchSize: 1000))
        var first: [String] = [], second: [String] = []
        for try await batch in store.allCases(batchSize: 777) { first += batch.map { CaseCSV.row($0, stages: ["intake", "disposal"]) } }
        for try await batch in again.allCases(batchSize: 3000) { second += batch.map { CaseCSV.row($0, stages: ["intake", "disposal"]) } }
        #expect(first == second)
    }
}
