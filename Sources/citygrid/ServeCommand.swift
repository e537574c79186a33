import ArgumentParser
import CityGridApplication
import CityGridCore
import CityGridServer
import CityGridService
import CityGridSimulation
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the HTTP server: the JSON API under /api/v1 and /healthz.",
        discussion: "With --demo, an empty database is first filled with the demo city and 2,000 simulated cases, and a token is printed for one login of each role.")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(parsing: .unconditional, help: "The port to listen on.") var port = 8080
    @Flag(help: "Create the demo city when the database holds none, and print demo logins.") var demo = false
    @Option(parsing: .unconditional, help: "Minutes between snapshots of the fact table (<db>.facts) while cases change.") var snapshotInterval = 10
    @Option(parsing: .unconditional, help: "Seconds between the clock's scans (warnings and escalations).") var clockInterval = 60
    @Option(help: "The directory of uploaded media files (default: the database path + .media).") var mediaDir: String?
    @Option(parsing: .unconditional, help: "Megabytes each user may upload in any 24 hours.") var uploadQuotaMb = 200
    @Option(parsing: .unconditional, help: "Requests a minute per outside client's API key (0: no limit).") var rateApiKey = RateLimits.standard.perApiKey
    @Option(parsing: .unconditional, help: "Requests a minute per signed-in citizen (0: no limit).") var rateCitizen = RateLimits.standard.perCitizen
    @Option(parsing: .unconditional, help: "Requests a minute per network address of anonymous callers (0: no limit).") var rateAddress = RateLimits.standard.perAddress

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be 1 to 65535") }
        guard (1...86_400).contains(clockInterval) else { throw ValidationError("--clock-interval must be 1 to 86,400 seconds") }
        guard (1...100_000).contains(uploadQuotaMb) else { throw ValidationError("--upload-quota-mb must be 1 to 100,000") }
        guard (1...10_080).contains(snapshotInterval) else { throw ValidationError("--snapshot-interval must be 1 to 10,080 minutes") }
        for (name, value) in [("--rate-api-key", rateApiKey), ("--rate-citizen", rateCitizen), ("--rate-address", rateAddress)] {
            guard (0...1_000_000).contains(value) else { throw ValidationError("\(name) must be 0 (no limit) to 1,000,000 requests a minute") }
        }
    }

    func run() async throws {
        let store = try database.openStore(creating: demo)
        var createdDemo = false
        let storedCity = try await store.loadCity()
        // The fact table loads (from its snapshot) while the application builds the service.
        var preload: FactsPreload?
        if let storedCity {
            preload = try await FactsPreload(store: store, city: storedCity, snapshot: database.factsSnapshot) { Console.progress("loading facts: \($0) / \($1) cases") }
        }
        if storedCity == nil {
            guard demo else { throw ValidationError("\(database.db) holds no city: run `citygrid init --db \(database.db) --demo`, or add --demo.") }
            let demoCity = DemoCityGenerator.generate(DemoCityOptions(), catalogue: try ShippedData.catalogue(), calendar: .chinaDefault) {
                Console.progress("demo city: \($0)…")
            }
            try await store.replaceCity(demoCity.city, users: demoCity.users, components: demoCity.components)
            let service = CityService(store: store, city: demoCity.city)
            try await service.setSharedPassword(DemoCityGenerator.password, usernames: demoCity.users.map(\.username))
            Console.progress("demo city: simulating 2,000 cases…")
            _ = try await CaseSimulator(service: service, users: demoCity.users).run(SimulationOptions(cases: 2000, months: 3))
            createdDemo = true
            Console.endProgress()
        }
        var logger = Logger(label: "citygrid")
        logger.logLevel = .info
        let url = "http://\(host):\(port)/"
        // The application layer over the city: the fact table from the snapshot plus the changes after
        // it; then it follows this process's writes and, through the change log, other processes'
        // cases, identity changes (the caller cache) and configuration versions (taken up live).
        let (application, follower, report) = try await CityApplication.open(
            store, media: MediaOptions(directory: mediaDir, quota: UploadQuota(bytesPerDay: Int64(uploadQuotaMb) << 20)),
            snapshot: database.factsSnapshot, preload: preload,
            onError: { [logger] error in logger.error("following the change log failed", metadata: ["error": "\(error)"]) }
        ) { Console.progress("loading facts: \($0) / \($1) cases") }
        application.rateLimiter.current = RateLimits(perApiKey: rateApiKey, perCitizen: rateCitizen, perAddress: rateAddress)
        let service = application.current.service
        Console.error("CityGrid · \(service.city.name.zh) \(service.city.name.en): \(service.city.grids.count) grids, database \(database.db)")
        if createdDemo {
            Console.error("Web pages: \(url)signin, every demo user with the password \(DemoCityGenerator.password).")
            Console.error("Demo logins (Authorization: Bearer TOKEN; new tokens: citygrid user token --db \(database.db) USERNAME):")
            let users = try await store.users()
            let logins = DemoStaff.logins(geocoder: service.geocoder, environment: service.machine.environment, users: users)
            // Wide enough for the longest username: a padded column must never cut a name short.
            let width = max(16, (logins.map(\.count).max() ?? 0) + 1)
            for username in logins {
                if let user = users.first(where: { $0.username == username }) {
                    let token = try await service.issueToken(username: username)
                    Console.error("  \(username.padding(toLength: width, withPad: " ", startingAt: 0)) \(user.role.rawValue.padding(toLength: 19, withPad: " ", startingAt: 0)) \(token)")
                }
            }
        }
        if application.current.facts.count >= 100_000, report.source == .store { Console.endProgress() }
        Console.error(report.description)
        // The snapshot: in the background after a full load, then every --snapshot-interval minutes (or
        // 200,000 changes), and at a clean shutdown.
        let keeper = FactSnapshotKeeper(current: { application.current.facts }, store: store, path: database.factsSnapshot,
                                        interval: .seconds(60 * max(1, snapshotInterval)))
        let snapshots = Task { [logger] in
            await keeper.run(dirty: report.source == .store || report.replayed > 0, onWrite: { size, seconds in
                logger.info("fact snapshot written", metadata: ["bytes": "\(size)", "seconds": "\(String(format: "%.2f", seconds))"])
            }, onError: { error in
                logger.error("fact snapshot failed", metadata: ["error": "\(error)"])
            })
        }
        Console.error("Listening on \(url)  (API: \(url)api/v1/city)")
        let app = try CityGridServer.buildApplication(application: application, host: host, port: port, logger: logger)
        // The clock scans only while it holds the store's lease: with two servers on one database, one scans.
        let clock = ClockService(watcher: ClockWatcher(current: { application.current.service }), interval: .seconds(max(1, clockInterval)),
                                  onError: { [logger] error in logger.error("clock scan failed", metadata: ["error": "\(error)"]) })
        // Notices: the generator turns case events into notices (each once, by its stored cursor); the
        // dispatcher hands the outbox to the senders (the log's until a city plugs in its gateways).
        let notices = NoticeGenerator(store: store, onError: { [logger] error in logger.error("notice generation failed", metadata: ["error": "\(error)"]) })
        notices.listen(to: application.current.service.changes)
        let dispatcher = NoticeDispatcher(store: store, senders: LoggingNoticeSender.all(logger: logger),
                                          onError: { [logger] error in logger.error("notice dispatch failed", metadata: ["error": "\(error)"]) })
        // Incentive points follow the change log from their own saved cursor (each award written once).
        let points = try await application.pointsFollower(onError: { [logger] error in logger.error("points awarding failed", metadata: ["error": "\(error)"]) })
        let group = ServiceGroup(configuration: .init(services: [app, follower, clock, notices, dispatcher, points], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        snapshots.cancel()
        _ = await snapshots.value
        do {
            let size = try await keeper.writeNow()
            Console.error("wrote \(database.factsSnapshot) (\(size / 1_000_000) MB)")
        } catch {
            Console.error("warning: could not write the fact snapshot \(database.factsSnapshot): \(error)")
        }
    }
}
