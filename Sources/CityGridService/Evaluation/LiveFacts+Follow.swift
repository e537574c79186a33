import CityGridAnalytics
import CityGridCore

extension LiveFacts {
    /// Loads the store's cases and follows the service's later writes, synchronously: for start-up,
    /// before any request or clock scan can write (a write between the load and the subscription
    /// would be missed). People are indexed as they appear in cases.
    public static func following(_ service: CityService, expected: Int = 0, progress: (Int) -> Void = { _ in }) throws -> LiveFacts {
        let live = try load(from: service.store, city: service.city, users: [], expected: expected, progress: progress)
        service.changes.listen { [live] cases in live.apply(cases) }
        return live
    }
}
