import CityGridCore
import CityGridStore
import Foundation

/// A fact-table load started before the service is built (预先加载事实表): `serve` reads the city,
/// starts this, and builds the service (its geocoder's polygon index, the media library) while the
/// snapshot is read and checked, so start-up takes the longer of the two instead of their sum.
/// ``LiveFacts/followingChanges(_:preload:interval:onError:)`` waits for it and wires it to the
/// service; a city whose configuration changed in between is loaded again, with the service's city.
public struct FactsPreload: Sendable {
    /// The change log's newest entry before the load began: the follower starts there.
    public let cursor: Int64
    public let city: CityModel
    public let snapshot: String?
    public let progress: @Sendable (Int, Int) -> Void
    public let task: Task<(LiveFacts, FactsLoadReport), any Error>

    /// Starts loading the fact table of `store` with `city`'s dimensions (see
    /// ``LiveFacts/load(from:city:users:snapshot:expected:readMode:progress:)``).
    public init(store: any CityStore, city: CityModel, snapshot: String?,
                progress: @escaping @Sendable (_ loaded: Int, _ total: Int) -> Void = { _, _ in }) async throws {
        cursor = try await store.lastChangeSequence()
        self.city = city
        self.snapshot = snapshot
        self.progress = progress
        task = Task { try await LiveFacts.load(from: store, city: city, users: [], snapshot: snapshot, progress: progress) }
    }
}
