import CityGridCore
import CityGridGeometry
import Testing

@Suite("Geocoder")
struct GeocoderTests {
    let geocoder = Geocoder(grids: Fixture.grids)

    @Test("a point inside a grid gives that grid's chain", arguments: [
        (120.0005, 30.0005, "910101001001001"),
        (120.0015, 30.0005, "910101001001002"),
        (120.0005, 30.0015, "910101001002001"),
        (120.0015, 30.0015, "910101002001001"),
    ])
    func inside(lon: Double, lat: Double, grid: String) throws {
        let chain = try geocoder.locate(GeoPoint(lon: lon, lat: lat))
        #expect(chain == GridChain(grid: region(grid)))
    }

    @Test("a point on a shared edge belongs to exactly one grid: east of a vertical edge, north of a horizontal one")
    func sharedEdges() throws {
        #expect(try geocoder.locate(GeoPoint(lon: 120.001, lat: 30.0005)).grid == Fixture.eastGrid)
        #expect(try geocoder.locate(GeoPoint(lon: 120.0005, lat: 30.001)).grid == Fixture.northGrid)
        #expect(try geocoder.locate(GeoPoint(lon: 120.001, lat: 30.001)).grid == Fixture.otherSubdistrictGrid)
        // The outer west and south edges are inside, the east and north ones outside.
        #expect(try geocoder.locate(GeoPoint(lon: 120.000, lat: 30.0005)).grid == Fixture.grid)
        #expect(try geocoder.locate(GeoPoint(lon: 120.0005, lat: 30.000)).grid == Fixture.grid)
    }

    @Test("a point in no grid is outside the city", arguments: [
        (121.0, 30.0), (120.0005, 29.9995), (120.002, 30.0005), (120.0005, 30.002), (-120.0005, 30.0005),
    ])
    func outside(lon: Double, lat: Double) {
        expectRefusal(.invalid, code: "outside_city", field: "location") { () throws(DomainError) in
            try geocoder.locate(GeoPoint(lon: lon, lat: lat))
        }
    }

    @Test("invalid coordinates are refused before the lookup", arguments: [
        (181.0, 30.0), (-180.5, 30.0), (120.0, 90.5), (120.0, -91.0), (Double.nan, 30.0), (120.0, Double.infinity),
    ])
    func invalidCoordinates(lon: Double, lat: Double) {
        expectRefusal(.invalid, code: "invalid_location", field: "location") { () throws(DomainError) in
            try geocoder.locate(GeoPoint(lon: lon, lat: lat))
        }
    }

    @Test("the index keeps the grids' codes in order")
    func codes() {
        #expect(geocoder.gridCodes == Fixture.grids.map(\.code))
        #expect(geocoder.index.count == 4)
    }
}
