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
        /// The grid outlines for maps, written on first use for this version.
        let mapGeometry = Lazy<MapGeometry>()
        /// Grid points and body names for the public views of this version.
        let publicDirectory = Lazy<PublicDirectory>()
        /// Results of analyses the dashboards asked for, kept while the fact table does not change.
        let analyses = AnalysisCache()
        /// Rule sets parsed for this version's workflow, by name.
        let parsedRules = ParsedRuleSets()
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
    /// New reports and alerts for the command centre's live queue, fed by the change log (``follow(_:)``).
    public let liveQueue = LiveQueue()
    /// Rule files posted through the web dashboard, by name (``holdRuleFile(_:for:)``).
    let heldRules = HeldRuleFiles()
    /// Reports from one device or account in a burst, held for review.
    let burstWatch = BurstWatch()
    /// Requests a minute per API key, signed-in citizen and anonymous address (``RateLimits``).
    public let rateLimiter = RateLimiter()
    /// The delegations of power, as last read (``DelegationBook``).
    let delegationBook = DelegationBook()
    private let state: Mutex<Current>
    /// Errors of background work (taking up a new configuration), for the server's log.
    private let onError: @Sendable (any Error) -> Void

    /// An application over `service` and `facts`, a fact table loaded from the same store that
    /// follows nothing yet: from here on, every write the service announces reaches whichever table
    /// is current. Prefer ``make(service:policy:heavy:onError:)`` or ``open(_:media:snapshot:preload:followInterval:policy:heavy:onError:progress:)``.
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
    /// load every 100,000 cases and the total), and a change follower that keeps both current with other processes'
    /// writes and takes up new configuration versions. Run the returned follower (a service) beside
    /// the HTTP server. The log's cursor is read before the load, so a change committed during the
    /// load is applied again afterwards (harmless: a case older than the row is ignored).
    /// `preload`: a load begun before (``FactsPreload``, so that it overlaps the building of the
    /// service); used when the city did not change meanwhile, else the table is loaded again.
    public static func open(_ store: any CityStore, media: MediaOptions = MediaOptions(), snapshot: String? = nil,
                            preload: FactsPreload? = nil, followInterval: Duration = .milliseconds(200), policy: AccessPolicy = .standard,
                            heavy: HeavyWork = HeavyWork(), onError: @escaping @Sendable (any Error) -> Void = { _ in },
                            progress: @Sendable @escaping (_ loaded: Int, _ total: Int) -> Void = { _, _ in }) async throws -> (CityApplication, ChangeFollower, FactsLoadReport) {
        // The preload read the city already: read it again only if the configuration moved since.
        let service: CityService
        if let preload, try await store.configurationVersion() == preload.city.configurationVersion {
            service = CityService(store: store, city: preload.city, media: try await MediaLibrary.open(store, options: media))
        } else {
            service = try await CityService.open(store, media: media)
        }
        let cursor: Int64
        let (facts, report): (LiveFacts, FactsLoadReport)
        if let preload, preload.city.configurationVersion == service.city.configurationVersion {
            cursor = preload.cursor
            (facts, report) = try await preload.task.value
        } else {
            preload?.task.cancel()
            cursor = try await store.lastChangeSequence()
            (facts, report) = try await LiveFacts.load(from: store, city: service.city, users: [], snapshot: snapshot, progress: progress)
        }
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
            self?.liveQueue.publish(entries)
        }
        follower.onConfigurationChange { [weak self] version in
            self?.scheduleTakeUp(version)
        }
    }

    /// Versions asked for, and whether a task is taking one up.
    private let takingUp = Mutex<(running: Bool, wanted: Int64)>((false, 0))

    /// Takes up `version` in a task of its own, so that the follower goes on delivering (cases to
    /// the fact table in hand, revocations to the caller cache) while the new version's table loads.
    /// One task at a time; a newer version asked for meanwhile is taken up next; a failure is
    /// reported and tried again a second later while the version in hand keeps serving.
    func scheduleTakeUp(_ version: Int64) {
        let start = takingUp.withLock { state -> Bool in
            state.wanted = max(state.wanted, version)
            if state.running { return false }
            state.running = true
            return true
        }
        guard start else { return }
        Task { [weak self] in
            while let self {
                let wanted = self.takingUp.withLock { $0.wanted }
                var progressed = true
                if wanted > self.configurationVersion {
                    do { progressed = try await self.takeUp(version: wanted) } catch {
                        self.onError(error)
                        try? await Task.sleep(for: .seconds(1))
                    }
                }
                let finished = self.takingUp.withLock { state -> Bool in
                    if !progressed || state.wanted <= self.configurationVersion { state.running = false; return true }
                    return false
                }
                if finished { return }
            }
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
