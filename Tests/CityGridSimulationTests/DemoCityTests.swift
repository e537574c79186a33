import CityGridCore
import CityGridGeometry
import CityGridService
@testable import CityGridSimulation
import Foundation
import Testing

@Suite struct DemoCityTests {
    static let catalogue = try! ShippedData.catalogue()
    static let small = DemoCityGenerator.generate(.small(), catalogue: catalogue, calendar: .chinaDefault)

    static func geoJSON(_ city: DemoCity) -> String {
        var text = ""
        GridGeoJSON.write(city.city.grids, regions: Dictionary(uniqueKeysWithValues: city.city.regions.map { ($0.code, $0) })) { text += $0 }
        return text
    }

    @Test func sameSeedSameCityDifferentSeedDifferentCity() {
        let again = DemoCityGenerator.generate(.small(), catalogue: Self.catalogue, calendar: .chinaDefault)
        #expect(Self.geoJSON(again) == Self.geoJSON(Self.small))
        #expect(again.components == Self.small.components)
        #expect(again.users == Self.small.users)
        let other = DemoCityGenerator.generate(.small(seed: 2), catalogue: Self.catalogue, calendar: .chinaDefault)
        #expect(Self.geoJSON(other) != Self.geoJSON(Self.small))
    }

    @Test func shippedCatalogueIsComplete() {
        #expect(Self.catalogue.entries.count >= 60)
        #expect(Set(Self.catalogue.entries.map(\.code.kind)) == [.component, .event])
    }

    @Test func hierarchyAndCodes() {
        let city = Self.small.city
        #expect(city.grids.count == 1200)
        #expect(city.regions.filter { $0.level == .district }.count == 3)
        #expect(city.regions.filter { $0.level == .subdistrict }.count == 6)
        #expect(city.regions.filter { $0.level == .community }.count == 24)
        let regionCodes = Set(city.regions.map(\.code))
        for grid in city.grids {
            #expect(grid.code.level == .grid)
            #expect(GridChain(grid: grid.code).regionsAbove.allSatisfy(regionCodes.contains))
            #expect(grid.areaSquareMetres > 3000 && grid.areaSquareMetres < 20000)
        }
        #expect(Set(city.grids.map(\.code)).count == city.grids.count)
        for region in city.regions where region.level > .district {
            #expect(regionCodes.contains(region.parentCode!))
        }
    }

    @Test func gridsTileWithoutGapsOrOverlaps() {
        let grids = Self.small.city.grids
        let index = PolygonIndex(polygons: grids.map(\.boundary))
        #expect(index.overlappingPairs().isEmpty)
        // Every vertex of every grid is shared exactly: the grids' areas add up to the area inside the
        // union, measured by sampling: a point inside the outline is in exactly one grid.
        var rng = SplitMix64(seed: 9)
        let box = index.bbox
        var inside = 0
        for _ in 0..<20_000 {
            let p = GeoPoint(lon: rng.uniform(box.minLon, box.maxLon), lat: rng.uniform(box.minLat, box.maxLat))
            let hits = grids.indices.filter { grids[$0].boundary.bbox.contains(p) && grids[$0].boundary.contains(p) }
            #expect(hits.count <= 1)
            if let hit = hits.first {
                inside += 1
                #expect(Int(index.locate(lon: p.lon, lat: p.lat)) == hit)
            }
        }
        #expect(inside > 10_000)
    }

    @Test func componentsAreRegisteredInTheirGrids() {
        let city = Self.small.city
        let byCode = Dictionary(uniqueKeysWithValues: city.grids.map { ($0.code, $0) })
        let organisations = Set(city.organisations.map(\.code))
        #expect(Self.small.components.count == 600)
        #expect(Set(Self.small.components.map(\.id)).count == 600)
        for c in Self.small.components {
            #expect(Component.isValidID(c.id))
            #expect(c.id.hasPrefix(c.gridCode.ancestor(at: .district)!.rawValue + c.category.major + c.category.minor))
            #expect(byCode[c.gridCode]!.boundary.contains(c.location))
            #expect(organisations.contains(c.ownerCode) && organisations.contains(c.maintainerCode))
        }
    }

    @Test func staffForEveryRole() {
        let roles = Set(Self.small.users.map(\.role))
        #expect(roles == Set(Role.userRoles))
        #expect(Set(Self.small.users.map(\.username)).count == Self.small.users.count)
        for name in DemoStaff.showcase { #expect(Self.small.users.contains { $0.username == name }) }
    }

    /// `serve --demo` prints an inspector and the handler who can walk the README's first case
    /// (E0102 at 116.4, 39.9) through the loop: the place is in the demo city, routing sends it to a
    /// body with a handler, and the inspector's jurisdiction holds it.
    @Test func theReadmeCaseHasItsInspectorAndHandler() throws {
        let city = DemoCityGenerator.generate(DemoCityOptions(), catalogue: Self.catalogue, calendar: .chinaDefault)
        let geocoder = Geocoder(grids: city.city.grids)
        let environment = city.city.workflowEnvironment()
        let chain = try geocoder.locate(DemoStaff.firstReportLocation)
        let entry = try #require(environment.catalogue[DemoStaff.firstReportCategory])
        let body = try #require(environment.routing.route(entry, grid: chain.grid))
        let logins = DemoStaff.logins(geocoder: geocoder, environment: environment, users: city.users)
        let users = logins.compactMap { name in city.users.first { $0.username == name } }
        #expect(users.count == logins.count && Set(logins).count == logins.count)
        let inspector = try #require(users.first { $0.role == .inspector })
        #expect(inspector.covers(chain.grid) && inspector.jurisdiction == chain.community)
        #expect(users.contains { $0.role == .departmentHandler && $0.organisationCode == body })
        #expect(Set(users.map(\.role)).isSuperset(of: [.admin, .intakeOperator, .shiftLeader, .dispatcher, .leader, .inspector, .departmentHandler, .citizen]))
    }
}

@Suite struct RandomPointTests {
    /// Points drawn inside a grid (on the 1e-7° lattice of the exports) geocode back to that grid.
    @Test func drawnPointsGeocodeToTheirGrid() {
        let grids = DemoCityTests.small.city.grids
        let index = PolygonIndex(polygons: grids.map(\.boundary))
        var rng = SplitMix64(seed: 11)
        var mismatches = 0
        for _ in 0..<100_000 {
            let g = rng.below(grids.count)
            let p = DemoPoints.random(in: grids[g].boundary, rng: &rng)
            if Int(index.locate(lon: p.lon, lat: p.lat)) != g { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }
}
