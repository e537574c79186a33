import CityGridAnalytics
import CityGridCore
import CityGridService
import CityGridStore
import Foundation
import Synchronization

/// CityGrid's application layer (应用层): the commands and queries every front end calls — the JSON
/// API today, the HTML pages and Open311 next. Each takes the authenticated ``Caller`` and returns
/// only what that caller may see, as the one ``AccessPolicy`` decides; none hands out the store.
///
/// It runs one version of the city's configuration at a time (``Current``): the service built on it
/// (geocoder, workflow machine, catalogue) and the fact table evaluations read. A query or command
/// takes the current version once, at its start, and uses it to its end, so it sees exactly one
/// version even while a newer one is being taken up (``takeUp(version:)``, driven by the change
/// log when another process imports grids or a workflow).
///
/// Heavy work (evaluations, analytics, GeoJSON) runs in ``HeavyWork``, off the threads that serve
/// requests, a bounded number at a time.
public final class CityApplication: Sendable {
    /// One version of the configuration and what is built on it (当前版本).
    public struct Current: Sendable {
        public let service: CityService
        public let facts: LiveFacts
        /// The grids' neighbourhoods for hot spots, built on first use for this version.
        let hotSpots = Lazy<HotSpotAnalysis>()
        /// The configuration version the service was built from (``CityModel/configurationVersion``).
        public var version: Int64 { service.city.configurationVersion }
        /// The city of this version.
        public var city: CityModel { service.city }
    }

    let store: any CityStore
    /// The policy that decides every read and action.
    public let policy: AccessPolicy
    /// Where evaluations and analyses run.
    public let heavy: HeavyWork
    /// Cases recently read, for reads of one case (see ``recentCase(_:in:)``).
    let recentCases = RecentCases()
    private let state: Mutex<Current>
    /// Errors of background work (taking up a new configuration), for the server's log.
    private let onError: @Sendable (any Error) -> Void

    /// An application over `service` and `facts`, a fact table loaded from the same store that
    /// follows nothing yet: from here on, every write the service announces reaches whichever table
    /// is current. Prefer ``make(service:policy:heavy:onError:)`` or ``open(_:media:snapshot:expected:followInterval:policy:heavy:onError:progress:)``.
    public init(service: CityService, facts: LiveFacts, policy: AccessPolicy = .standard, heavy: HeavyWork = HeavyWork(),
                onError: @escaping @Sendable (any Error) -> Void = { _ in }) {
        self.store = service.store
        self.policy = policy
        self.heavy = heavy
        self.onError = onError
        self.state = Mutex(Current(service: service, facts: facts))
        service.changes.listen { [weak self] cases in self?.current.facts.apply(cases) }
    }

    /// An application over `service`, with its fact table loaded from every case of the store (tests,
    /// tools, small stores). Other processes' changes are seen once ``follow(_:)`` is given a follower.
    public static func make(service: CityService, policy: AccessPolicy = .standard, heavy: HeavyWork = HeavyWork(),
                            onError: @escaping @Sendable (any Error) -> Void = { _ in }) async throws -> CityApplication {
        let (facts, _) = try await LiveFacts.load(from: service.store, city: service.city, users: [])
        let application = CityApplication(service: service, facts: facts, policy: policy, heavy: heavy, onError: onError)
        try await facts.catchUp(from: service.store)
        return application
    }

    /// Opens the city `store` holds: the service with its media library, the fact table (from
    /// `snapshot` plus the changes after it, else from every case; `progress` gets the count of a full
    /// load every 100,000 cases), and a change follower that keeps both current with other processes'
    /// writes and takes up new configuration versions. Run the returned follower (a service) beside
    /// the HTTP server. The log's cursor is read before the load, so a change committed during the
    /// load is applied again afterwards (harmless: a case older than the row is ignored).
    public static func open(_ store: any CityStore, media: MediaOptions = MediaOptions(), snapshot: String? = nil,
                            expected: Int? = nil, followInterval: Duration = .milliseconds(200), policy: AccessPolicy = .standard,
                            heavy: HeavyWork = HeavyWork(), onError: @escaping @Sendable (any Error) -> Void = { _ in },
                            progress: @Sendable @escaping (Int) -> Void = { _ in }) async throws -> (CityApplication, ChangeFollower, FactsLoadReport) {
        let service = try await CityService.open(store, media: media)
        let cursor = try await store.lastChangeSequence()
        let (facts, report) = try await LiveFacts.load(from: store, city: service.city, users: [], snapshot: snapshot,
                                                       expected: expected, progress: progress)
        let application = CityApplication(service: service, facts: facts, policy: policy, heavy: heavy, onError: onError)
        try await facts.catchUp(from: store)
        let follower = ChangeFollower(store: store, after: cursor, interval: followInterval, onError: onError)
        application.follow(follower)
        return (application, follower, report)
    }

    /// The version every query and command started now works with.
    public var current: Current { state.withLock { $0 } }

    /// The current configuration version.
    public var configurationVersion: Int64 { current.version }

    /// Keeps the application current through `follower`: other processes' case changes applied to
    /// the current fact table, signed-in callers forgotten on identity changes, new configuration
    /// versions taken up; and wakes the follower on every write of this process.
    public func follow(_ follower: ChangeFollower) {
        let service = current.service
        follower.listen(to: service.changes)
        service.callers.follow(follower)
        let store = self.store
        follower.onEntries { [weak self] entries in
            try await self?.current.facts.apply(entries, from: store)
        }
        follower.onConfigurationChange { [weak self] version in
            await self?.tryTakingUp(version)
        }
        // A version that failed to load is tried again with every later batch (and every interval's
        // poll that finds one), while the version in hand keeps serving.
        follower.onEntries { [weak self] _ in
            guard let self, let pending = self.pendingVersion.withLock({ $0 }) else { return }
            await self.tryTakingUp(pending)
        }
    }

    private let pendingVersion = Mutex<Int64?>(nil)

    private func tryTakingUp(_ version: Int64) async {
        do {
            try await takeUp(version: version)
            pendingVersion.withLock { if let p = $0, p <= version { $0 = nil } }
        } catch {
            pendingVersion.withLock { $0 = max($0 ?? 0, version) }
            onError(error)
        }
    }

    /// Takes up the configuration the store holds if it is newer than `version`'s predecessor: builds
    /// the service on it and a fact table (a full load: the table's dimensions follow the grids and
    /// the workflow), then switches both at once. Until the switch, requests keep the version they
    /// had; after it, every new one sees the new version. Returns whether it switched.
    @discardableResult
    public func takeUp(version: Int64) async throws -> Bool {
        let running = current
        guard version > running.version, let city = try await store.loadCity(), city.configurationVersion > running.version else { return false }
        let service = running.service.taking(city)
        let (facts, _) = try await LiveFacts.load(from: store, city: city, users: [])
        state.withLock { $0 = Current(service: service, facts: facts) }
        // Changes committed during the load: the new table catches up from its own position.
        try await facts.catchUp(from: store)
        return true
    }
}
