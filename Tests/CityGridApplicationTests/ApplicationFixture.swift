import CityGridApplication
import CityGridCore
import CityGridService
import CityGridSimulation
import CityGridSQLite
import Foundation

/// A demo city (the small one unless another is given) in a fresh database file, an application
/// over it, and a second store on the same file standing for another process (`citygrid import`, a
/// second server). Removed at deinit.
final class ApplicationFixture: @unchecked Sendable {
    static let demo = DemoCityGenerator.generate(.small(), catalogue: try! ShippedData.catalogue(), calendar: .chinaDefault)
    let folder: String
    let store: SQLiteCityStore
    /// The same database opened again: writes through it are another process's.
    let other: SQLiteCityStore
    let application: CityApplication
    let follower: ChangeFollower

    /// The city's users (``demo``'s unless another city was given).
    let users: [User]

    init(followInterval: Duration = .milliseconds(100), city: DemoCity = ApplicationFixture.demo) async throws {
        folder = NSTemporaryDirectory() + "citygrid-app-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        store = try SQLiteCityStore(path: folder + "/city.sqlite")
        users = city.users
        try await store.replaceCity(city.city, users: city.users, components: city.components)
        other = try SQLiteCityStore(path: folder + "/city.sqlite")
        (application, follower, _) = try await CityApplication.open(store, media: MediaOptions(directory: folder + "/media"), followInterval: followInterval)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    func caller(_ username: String) -> Caller {
        Caller(user: users.first { $0.username == username }!)
    }

    func caller(role: Role) -> Caller {
        Caller(user: users.first { $0.role == role }!)
    }
}
