import CityGridCore
import CityGridService
import CityGridSimulation
import CityGridSQLite
import Foundation

/// A small demo city in a fresh database file, removed at deinit.
final class Fixture: @unchecked Sendable {
    static let city = DemoCityGenerator.generate(.small(), catalogue: try! ShippedData.catalogue(), calendar: .chinaDefault)
    let folder: String
    let store: SQLiteCityStore
    let service: CityService

    init() async throws {
        folder = NSTemporaryDirectory() + "citygrid-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        store = try SQLiteCityStore(path: folder + "/city.sqlite")
        try await store.replaceCity(Self.city.city, users: Self.city.users, components: Self.city.components)
        service = try await CityService.open(store)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    func actor(_ username: String) -> Actor {
        Actor(Self.city.users.first { $0.username == username }!)
    }

    func actor(role: Role) -> Actor {
        Actor(Self.city.users.first { $0.role == role && $0.jurisdiction == nil }!)
    }

    /// A report of exposed garbage (E0102) at the representative point of grid `index`.
    func report(grid index: Int = 0, category: String = "E0102") -> CaseReport {
        CaseReport(category: CategoryCode(category)!, location: Self.city.city.grids[index].boundary.representativePoint,
                   description: "test", source: .hotline)
    }
}
