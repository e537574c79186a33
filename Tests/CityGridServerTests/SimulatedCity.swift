import CityGridCore
import CityGridService
import CityGridSimulation
import CityGridSQLite
import Foundation

/// The small demo city with simulated cases in a fresh database file, removed at deinit.
final class SimulatedCity: @unchecked Sendable {
    let folder: String
    let store: SQLiteCityStore
    let service: CityService

    init(cases: Int, seed: UInt64, months: Int, end: String) async throws {
        folder = NSTemporaryDirectory() + "citygrid-simulated-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        store = try SQLiteCityStore(path: folder + "/c.sqlite")
        try await store.replaceCity(ServerTests.demo.city, users: ServerTests.demo.users, components: [])
        service = try await CityService.open(store)
        _ = try await CaseSimulator(service: service, users: ServerTests.demo.users)
            .run(SimulationOptions(cases: cases, seed: seed, months: months, end: ISOTime.parse(end)!))
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }
}
