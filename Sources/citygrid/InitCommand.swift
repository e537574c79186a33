import ArgumentParser
import CityGridCore
import CityGridService
import CityGridSimulation
import CityGridSQLite
import Foundation

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a city: the demo city (--demo), or an empty one to import real grids into.",
        discussion: """
        With --demo, builds a deterministic synthetic city from --seed: 8 districts, 48 subdistricts, 330 communities,
        20,480 unit grids, the city's departments and enterprises, staff for every role and 50,000 components.
        Without --demo, writes the shipped catalogue, the default calendar, the command centre and an `admin` user,
        ready for `citygrid import grids`.
        """)

    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Generate the demo city.") var demo = false
    @Option(help: "The demo city's seed.") var seed: UInt64 = 1
    @Flag(help: "Replace a city the database already holds (its cases are deleted).") var force = false
    @Flag(help: "With --demo: a small demo city (3 districts, 1,200 grids, 600 components), built in a few seconds for tests and fuzzing.") var small = false

    func validate() throws {
        if small, !demo { throw ValidationError("--small needs --demo") }
    }

    func run() async throws {
        let started = Date()
        let store = try database.openStore(creating: true)
        if try await store.loadCity() != nil, !force {
            throw ValidationError("\(database.db) already holds a city; add --force to replace it (and delete its cases).")
        }
        let catalogue = try ShippedData.catalogue()
        if demo {
            let demoCity = DemoCityGenerator.generate(small ? .small(seed: seed) : DemoCityOptions(seed: seed), catalogue: catalogue, calendar: .chinaDefault) {
                Console.progress("init: \($0)…")
            }
            Console.progress("init: writing \(demoCity.city.grids.count) grids, \(demoCity.components.count) components…")
            try await store.replaceCity(demoCity.city, users: demoCity.users, components: demoCity.components)
            Console.progress("init: setting the demo users' password…")
            try await CityService(store: store, city: demoCity.city).setSharedPassword(DemoCityGenerator.password, usernames: demoCity.users.map(\.username))
            Console.endProgress()
            Console.error("Every demo user signs in to the web pages with the password \(DemoCityGenerator.password).")
            Console.error(String(format: "Demo city (seed %llu) written to %@ in %.1f s: %d regions, %d grids, %d organisations, %d users, %d components.",
                                 seed, database.db, Date().timeIntervalSince(started), demoCity.city.regions.count, demoCity.city.grids.count,
                                 demoCity.city.organisations.count, demoCity.users.count, demoCity.components.count))
        } else {
            let city = CityModel(name: LocalizedText(zh: "城市", en: "City"), regions: [], grids: [],
                                 organisations: [Organisation(code: "CENTRE", name: LocalizedText(zh: "城市管理监督指挥中心", en: "Supervision and Command Centre"), kind: .centre)],
                                 catalogue: catalogue, routingRules: [], calendar: .chinaDefault)
            try await store.replaceCity(city, users: [User(id: 1, username: "admin", displayName: "Administrator", role: .admin, organisationCode: "CENTRE")],
                                        components: [])
            Console.error("Empty city written to \(database.db). Next: citygrid import grids --db \(database.db) FILE.geojson")
        }
    }
}
