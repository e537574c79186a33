import CityGridInMemory
import CityGridSQLite
import CityGridStore
import Foundation
import Testing

/// Every store backend the contract suite runs against. Adding a backend is one case here and its
/// line in ``open()``; every test then runs against it unchanged.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case inMemory
    case sqlite

    var testDescription: String { rawValue }

    /// A new, empty store of this kind.
    func open() throws -> OpenStore {
        switch self {
        case .inMemory: return OpenStore(InMemoryCityStore())
        case .sqlite: return try OpenStore(folder: { try SQLiteCityStore(path: $0 + "/city.sqlite") })
        }
    }
}

/// A store under test, and the folder it lives in (removed when the test is done with it).
final class OpenStore: Sendable {
    let store: any CityStore
    let folder: String?

    init(_ store: any CityStore) {
        self.store = store
        self.folder = nil
    }

    /// A store made in a fresh temporary folder.
    init(folder make: (String) throws -> any CityStore) throws {
        let folder = NSTemporaryDirectory() + "citygrid-contract-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        self.folder = folder
        self.store = try make(folder)
    }

    deinit {
        if let folder { try? FileManager.default.removeItem(atPath: folder) }
    }
}
