import CityGridGeometry
@testable import CityGridSQLite
import Foundation
import Testing

/// The boundary text's fast path gives exactly the points of the general one, and leaves every
/// unusual text to it.
@Suite struct BoundaryTextTests {
    static func same(_ a: Polygon, _ b: Polygon) -> Bool {
        func bits(_ r: [GeoPoint]) -> [UInt64] { r.flatMap { [$0.lon.bitPattern, $0.lat.bitPattern] } }
        return bits(a.exterior) == bits(b.exterior) && a.holes.map(bits) == b.holes.map(bits)
    }

    @Test func theFastPathGivesTheBitsDoubleGives() throws {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            // Random 7-decimal coordinates as the store writes them, and a few other widths.
            let decimals = [7, 7, 7, 0, 1, 3, 12].randomElement(using: &rng)!
            func coordinate(_ limit: Double) -> String {
                String(format: "%.\(decimals)f", Double.random(in: -limit...limit, using: &rng))
            }
            let ring = (0..<4).map { _ in "\(coordinate(180)),\(coordinate(90))" }.joined(separator: " ")
            let text = Bool.random(using: &rng) ? ring : ring + ";" + ring
            let fast = try BoundaryText.decode(text)
            let general = try BoundaryText.decodeText(text)
            #expect(Self.same(fast, general), "\(text)")
            var copy = text
            #expect(copy.withUTF8 { FastDecimal.rings($0) } != nil, "\(text) should take the fast path")
        }
    }

    @Test func theStoredEncodingRoundTrips() throws {
        let polygon = Polygon(exterior: [GeoPoint(lon: 116.4021840, lat: 39.9588836), GeoPoint(lon: -0.0000001, lat: 0),
                                         GeoPoint(lon: 179.9999999, lat: -89.9999999)],
                              holes: [[GeoPoint(lon: 1, lat: 2), GeoPoint(lon: 3.5, lat: 4.25), GeoPoint(lon: 5, lat: 6)]])
        let text = BoundaryText.encode(polygon)
        #expect(Self.same(try BoundaryText.decode(text), try BoundaryText.decodeText(text)))
        #expect(Self.same(try BoundaryText.decode(text), polygon))
    }

    @Test func unusualTextIsLeftToTheGeneralPath() throws {
        // Shapes the general parser accepts (or refuses) that the fast path must not guess at.
        for text in ["1e2,3 4,5", "1,2  3,4", "1,2;;3,4", " 1,2 3,4", "1,2 3,4 ", "+1,2 3,4", "1.,2 3,4", ".5,2 3,4",
                     "1234567890123456,1 2,3", "1,2,3", "", "1,2 x,4", "1;2"] {
            var copy = text
            #expect(copy.withUTF8 { FastDecimal.rings($0) } == nil, "\(text)")
            let general = Result { try BoundaryText.decodeText(text) }
            let decoded = Result { try BoundaryText.decode(text) }
            switch (general, decoded) {
            case (.success(let a), .success(let b)): #expect(Self.same(a, b), "\(text)")
            case (.failure, .failure): break
            default: Issue.record("\(text): the paths disagree")
            }
        }
    }
}
