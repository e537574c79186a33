@testable import CityGridApplication
import CityGridCore
import CityGridGeometry
import CityGridService
import CityGridSimulation
import CityGridSQLite
import CityGridStore
import Foundation
import Testing

/// The case reads through ``RecentCases``: a read never returns a case older than one this process
/// has acknowledged, another process's step is read once the change follower has it, the access
/// policy still decides every read, and the cache stays bounded.
@Suite struct CaseCacheTests {
    static let demo = DemoCityGenerator.generate(.small(), catalogue: try! ShippedData.catalogue(), calendar: .chinaDefault)

    /// A small demo city in a fresh database file.
    final class City: @unchecked Sendable {
        let folder: String
        let path: String
        let store: SQLiteCityStore

        init() async throws {
            folder = NSTemporaryDirectory() + "citygrid-casecache-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            path = folder + "/city.sqlite"
            store = try SQLiteCityStore(path: path)
            try await store.replaceCity(CaseCacheTests.demo.city, users: CaseCacheTests.demo.users, components: [])
        }

        deinit { try? FileManager.default.removeItem(atPath: folder) }

        func user(_ role: Role) -> User {
            let holders = CaseCacheTests.demo.users.filter { $0.role == role }
            return holders.first { $0.jurisdiction == nil } ?? holders[0]
        }
        func caller(_ role: Role) -> Caller { Caller(user: user(role)) }

        func report(grid: Int) -> ReportRequest {
            ReportRequest(category: "E0102", location: CaseCacheTests.demo.city.grids[grid].boundary.representativePoint,
                          description: "cache test", source: nil, componentID: nil)
        }
    }

    @Test func aReadIsNeverOlderThanAStepThisProcessAcknowledged() async throws {
        let city = try await City()
        let application = try await CityApplication.make(service: try await CityService.open(city.store))
        let intake = city.caller(.intakeOperator)
        let created = try await application.report(city.report(grid: 3), by: intake)
        var last = created.value.version
        // Read, step, read again, many times: each read is the step's version, never the cached one before it.
        for action in ["accept", "file", "dispatch"] {
            let before = try await application.caseView(created.value.id, for: city.caller(.admin))
            #expect(before.value.version == last)
            #expect(application.recentCases.value(of: created.value.id, version: last) != nil, "the read was kept")
            let actor: Role = switch action { case "accept": .intakeOperator; case "file": .shiftLeader; default: .dispatcher }
            let stepped = try await application.act(on: created.value.id, StepRequest(action: action), by: city.caller(actor))
            #expect(stepped.value.version > last)
            let after = try await application.caseView(created.value.id, for: city.caller(.admin))
            #expect(after.value.version == stepped.value.version, "after \(action)")
            #expect(after.value.state == stepped.value.state)
            last = stepped.value.version
        }
    }

    @Test func anotherProcesssStepIsReadOnceTheFollowerHasIt() async throws {
        let city = try await City()
        let (application, follower, _) = try await CityApplication.open(city.store)
        let admin = city.caller(.admin)
        let created = try await application.report(city.report(grid: 5), by: city.caller(.intakeOperator))
        #expect(try await application.caseView(created.value.id, for: admin).value.version == created.value.version)
        // A second "process": its own store on the same file, its own service and announcements.
        let other = try await CityService.open(try SQLiteCityStore(path: city.path))
        let accepted = try await other.act(caseID: created.value.id, command: WorkflowCommand(.accept), by: Actor(city.user(.intakeOperator))).value
        // Once the follower has read the change log (within its interval when it runs), the read is the new version.
        try await follower.poll()
        let read = try await application.caseView(created.value.id, for: admin)
        #expect(read.value.version == accepted.version)
        #expect(read.value.state == accepted.state)
    }

    @Test func theAccessPolicyStillDecidesACachedRead() async throws {
        let city = try await City()
        let application = try await CityApplication.make(service: try await CityService.open(city.store))
        let created = try await application.report(city.report(grid: 7), by: city.caller(.intakeOperator))
        _ = try await application.caseView(created.value.id, for: city.caller(.admin))
        #expect(application.recentCases.count >= 1)
        // A citizen who did not report it may not read it, cached or not: not found, as if it did not exist.
        let citizen = Caller(user: CaseCacheTests.demo.users.first { $0.role == .citizen }!)
        await #expect(throws: DomainError.self) { try await application.caseView(created.value.id, for: citizen) }
        do {
            _ = try await application.caseView(created.value.id, for: citizen)
        } catch let error as DomainError {
            #expect(error.kind == .notFound)
        }
        await #expect(throws: DomainError.self) { try await application.caseView(created.value.id, for: .anonymous) }
    }

    @Test func offersAreTheCallersOwnForTheVersionAndTheSecond() async throws {
        let city = try await City()
        let application = try await CityApplication.make(service: try await CityService.open(city.store))
        let created = try await application.report(city.report(grid: 9), by: city.caller(.intakeOperator))
        let id = created.value.id
        let t = Date(timeIntervalSince1970: 1_796_000_000)
        let callers = [city.caller(.admin), city.caller(.intakeOperator), city.caller(.dispatcher), city.caller(.shiftLeader)]
        // Interleaved callers, the same second: each gets exactly what the machine offers them.
        for caller in callers + callers.reversed() {
            let read = try await application.caseView(id, for: caller, at: t)
            let direct = application.view(read.value, in: application.current, offeredTo: caller, at: t)
            #expect(read.offers == direct.offers, "\(caller.user?.username ?? "")")
        }
        #expect(try await application.caseView(id, for: callers[1], at: t).offers?.isEmpty == false, "the intake operator may accept")
        // A later second and a newer version are computed again.
        for at in [t.addingTimeInterval(0.999), t.addingTimeInterval(1), t.addingTimeInterval(86_400 * 30)] {
            let read = try await application.caseView(id, for: callers[1], at: at)
            #expect(read.offers == application.view(read.value, in: application.current, offeredTo: callers[1], at: at).offers)
        }
        _ = try await application.act(on: id, StepRequest(action: "accept"), by: callers[1])
        let after = try await application.caseView(id, for: callers[1], at: t)
        #expect(after.value.version > created.value.version)
        #expect(after.offers == application.view(after.value, in: application.current, offeredTo: callers[1], at: t).offers)
    }

    @Test func recentCasesHandsOutOnlyTheVersionAskedForAndStaysBounded() throws {
        let cache = RecentCases(capacity: 3)
        var value = Case(id: 1, number: "202611150001", category: CategoryCode("E0102")!, source: .hotline, location: GeoPoint(lon: 116.4, lat: 39.9),
                         chain: GridChain(grid: RegionCode("110101001001001")!), description: "x", reporterID: 3, reportedAt: Date(timeIntervalSince1970: 0))
        value.version = 2
        cache.remember(value)
        #expect(cache.value(of: 1, version: 2)?.version == 2)
        #expect(cache.value(of: 1, version: 3) == nil, "a newer version is not answered with an older one")
        #expect(cache.value(of: 1, version: 1) == nil)
        var older = value
        older.version = 1
        cache.remember(older)
        #expect(cache.value(of: 1, version: 2) != nil, "a late, older read does not replace a newer one")
        for id in Int64(2)...Int64(10) {
            var other = value
            other.id = CaseID(id)
            cache.remember(other)
            #expect(cache.count <= 3)
        }
    }
}
