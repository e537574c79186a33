import CityGridGeometry
import Foundation
import Testing

@Suite("Values and coding")
struct CodingTests {
    @Test("GeoPoint validity")
    func validity() {
        #expect(pt(116.4, 39.9).isValidWGS84)
        #expect(pt(-180, -90).isValidWGS84 && pt(180, 90).isValidWGS84)
        #expect(!pt(180.0001, 0).isValidWGS84)
        #expect(!pt(0, -90.0001).isValidWGS84)
        #expect(!pt(.nan, 0).isValidWGS84)
        #expect(!pt(0, .infinity).isValidWGS84)
    }

    @Test("GeoPoint encodes as lon/lat")
    func pointJSON() throws {
        let data = try JSONEncoder().encode(pt(116.5, 39.75))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Double]
        #expect(object == ["lon": 116.5, "lat": 39.75])
        #expect(try JSONDecoder().decode(GeoPoint.self, from: Data(#"{"lat":1.5,"lon":2.5}"#.utf8)) == pt(2.5, 1.5))
    }

    @Test("Rings are stored open and closed for GeoJSON")
    func rings() {
        let closed = Polygon(exterior: [pt(0, 0), pt(1, 0), pt(1, 1), pt(0, 0)], holes: [[pt(0.1, 0.1), pt(0.2, 0.1), pt(0.2, 0.2), pt(0.1, 0.1)]])
        #expect(closed.exterior == [pt(0, 0), pt(1, 0), pt(1, 1)])
        #expect(closed.holes[0].count == 3)
        #expect(closed.closedRings[0] == [pt(0, 0), pt(1, 0), pt(1, 1), pt(0, 0)])
        #expect(closed.closedRings[1].count == 4)
        #expect(Polygon(exterior: []).closedRings == [[]])
    }

    @Test("Polygon round-trips through JSON; holes may be absent; closed rings are opened")
    func polygonJSON() throws {
        let donut = polygon([(0, 0), (10, 0), (10, 10), (0, 10)], holes: [[(3, 3), (7, 3), (7, 7)]])
        let decoded = try JSONDecoder().decode(Polygon.self, from: JSONEncoder().encode(donut))
        #expect(decoded == donut)
        let json = #"{"exterior":[{"lon":0,"lat":0},{"lon":1,"lat":0},{"lon":1,"lat":1},{"lon":0,"lat":0}]}"#
        let bare = try JSONDecoder().decode(Polygon.self, from: Data(json.utf8))
        #expect(bare.exterior.count == 3 && bare.holes.isEmpty)
    }

    @Test("Bounding boxes")
    func boxes() {
        let box = BoundingBox.around([pt(1, 2), pt(3, -1), pt(2, 5)])
        #expect(box == BoundingBox(minLon: 1, minLat: -1, maxLon: 3, maxLat: 5))
        #expect(box.contains(pt(1, -1)) && box.contains(pt(3, 5)) && !box.contains(pt(3.0001, 5)))
        #expect(box.intersects(BoundingBox(minLon: 3, minLat: 5, maxLon: 4, maxLat: 6)), "touching corners")
        #expect(!box.intersects(BoundingBox(minLon: 3.1, minLat: 0, maxLon: 4, maxLat: 1)))
        #expect(box.union(BoundingBox(minLon: 0, minLat: 0, maxLon: 4, maxLat: 1)) == BoundingBox(minLon: 0, minLat: -1, maxLon: 4, maxLat: 5))
        #expect(BoundingBox.around([GeoPoint]()).isEmpty)
        #expect(BoundingBox.empty.union(box) == box)
        #expect(!BoundingBox.empty.contains(pt(0, 0)) && !BoundingBox.empty.intersects(box))
    }
}
