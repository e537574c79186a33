import CityGridApplication
import CityGridCore
import CityGridGeometry
import CityGridService
import CityGridSQLite
import Foundation
import Synchronization
import Testing

/// Live configuration: a grid import by another process is taken up by a running application within
/// a second, atomically (each request sees one version), and an import while 64 clients report fails
/// no report.
@Suite struct LiveConfigurationTests {
    /// A new version of the grids in which two grids of one community trade places: the same codes
    /// (so no case or component loses its grid), other boundaries. Returns the grids and a point of
    /// each traded grid.
    static func tradedGrids(_ city: CityModel) -> (grids: [UnitGrid], pointA: GeoPoint, a: RegionCode, pointB: GeoPoint, b: RegionCode) {
        let grids = city.grids
        let i = 0
        let j = grids.firstIndex { $0.communityCode == grids[i].communityCode && $0.code != grids[i].code }!
        var traded = grids
        traded[i] = UnitGrid(code: grids[i].code, name: grids[i].name, boundary: grids[j].boundary)
        traded[j] = UnitGrid(code: grids[j].code, name: grids[j].name, boundary: grids[i].boundary)
        return (traded, grids[i].boundary.representativePoint, grids[i].code, grids[j].boundary.representativePoint, grids[j].code)
    }

    static func eventually(within seconds: Double, _ condition: () async throws -> Bool) async throws -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return try await condition()
    }

    @Test func anImportByAnotherProcessIsTakenUpWithinASecond() async throws {
        let f = try await ApplicationFixture()
        let running = Task { try await f.follower.run() }
        defer { running.cancel() }
        let city = f.application.city
        let before = f.application.configurationVersion
        let traded = Self.tradedGrids(city)
        #expect(try f.application.geocode(traded.pointA).grid.code == traded.a)

        try await f.other.replaceGrids(traded.grids, regions: city.regions, force: false)
        // Committed: from here, the running application has a second.
        let started = ContinuousClock.now
        #expect(try await Self.eventually(within: 1) { f.application.configurationVersion > before }, "the new version within 1 s")
        let waited = ContinuousClock.now - started
        #expect(waited < .seconds(1))
        // The new version geocodes the traded places the other way round.
        #expect(try f.application.geocode(traded.pointA).grid.code == traded.b)
        #expect(try f.application.geocode(traded.pointB).grid.code == traded.a)
        // Its fact table was rebuilt on it and still holds every case.
        #expect(f.application.current.facts.count == (try await f.store.caseCount()))
    }

    @Test func aRequestKeepsTheVersionItStartedWith() async throws {
        let f = try await ApplicationFixture()
        let city = f.application.city
        let traded = Self.tradedGrids(city)
        let held = f.application.current
        try await f.other.replaceGrids(traded.grids, regions: city.regions, force: false)
        #expect(try await f.application.takeUp(version: held.version + 1))
        // What a request took before the switch is unchanged; a new one sees the new version.
        #expect(held.version < f.application.configurationVersion)
        #expect(try held.service.geocoder.locate(traded.pointA).grid == traded.a)
        #expect(try f.application.geocode(traded.pointA).grid.code == traded.b)
        // Taking up a version already held does nothing.
        #expect(try await f.application.takeUp(version: f.application.configurationVersion) == false)
    }

    /// 64 clients report without pause while another process imports a new grid version: no report
    /// fails, and every case is geocoded against exactly one version (its grid is the one the old or
    /// the new grids give its point).
    @Test func anImportUnderLoadFailsNoReport() async throws {
        let f = try await ApplicationFixture()
        let running = Task { try await f.follower.run() }
        defer { running.cancel() }
        let city = f.application.city
        let traded = Self.tradedGrids(city)
        let oldGeocoder = Geocoder(grids: city.grids)
        let newGeocoder = Geocoder(grids: traded.grids)
        let reporter = f.caller(role: .intakeOperator)
        let before = f.application.configurationVersion
        let switched = Shared(false)
        let failures = Shared<[String]>([])
        let reported = Shared<[Case]>([])

        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<64 {
                group.addTask {
                    var n = 0
                    // Report until well after the switch: half at the traded grids, half elsewhere.
                    var afterSwitch = 0
                    let deadline = Date().addingTimeInterval(30)
                    while afterSwitch < 5, !Task.isCancelled, Date() < deadline {
                        let point = n % 2 == 0 ? (client % 2 == 0 ? traded.pointA : traded.pointB) : city.grids[(client * 7 + n) % city.grids.count].boundary.representativePoint
                        do {
                            let view = try await f.application.report(ReportRequest(category: "E0102", location: point, description: "load \(client)-\(n)"), by: reporter)
                            reported.update { $0.append(view.value) }
                        } catch {
                            failures.update { $0.append("\(error)") }
                        }
                        n += 1
                        if switched.get { afterSwitch += 1 }
                    }
                }
            }
            group.addTask {
                try await Task.sleep(for: .milliseconds(50))
                try await f.other.replaceGrids(traded.grids, regions: city.regions, force: false)
                #expect(try await Self.eventually(within: 1) { f.application.configurationVersion > before })
                switched.update { $0 = true }
            }
            try await group.waitForAll()
        }
        #expect(failures.get == [])
        let cases = reported.get
        #expect(cases.count >= 64 * 5)
        var old = 0, new = 0
        for c in cases {
            let underOld = try oldGeocoder.locate(c.location)
            let underNew = try newGeocoder.locate(c.location)
            #expect(c.chain == underOld || c.chain == underNew, "case \(c.id) at \(c.location)")
            if underOld != underNew { if c.chain == underOld { old += 1 } else { new += 1 } }
        }
        // Both versions served reports at the traded grids.
        #expect(old > 0)
        #expect(new > 0)
    }
}
