import CityGridGeometry
import Testing

@Suite("Representative point")
struct RepresentativePointTests {
    func expectStrictlyInside(_ polygon: Polygon, sourceLocation: SourceLocation = #_sourceLocation) {
        let p = polygon.representativePoint
        #expect(polygon.contains(p), "\(p)", sourceLocation: sourceLocation)
        #expect(polygon.distanceToBoundary(p) > 0, "\(p) lies on the boundary", sourceLocation: sourceLocation)
    }

    @Test("Convex, concave and holed shapes")
    func shapes() {
        expectStrictlyInside(rectangle(0, 0, 1, 1))
        // A U whose bounding-box middle lies in the notch.
        expectStrictlyInside(polygon([(0, 0), (4, 0), (4, 4), (3, 4), (3, 1), (1, 1), (1, 4), (0, 4)]))
        // A C open to the east, whose middle scanline runs through the opening.
        expectStrictlyInside(polygon([(0, 0), (4, 0), (4, 1), (1, 1), (1, 3), (4, 3), (4, 4), (0, 4)]))
        // A donut whose middle is the hole.
        expectStrictlyInside(polygon([(0, 0), (10, 0), (10, 10), (0, 10)], holes: [[(2, 2), (8, 2), (8, 8), (2, 8)]]))
        // A thin diagonal sliver.
        expectStrictlyInside(polygon([(0, 0), (10, 9.99), (10, 10)]))
        // A shape whose vertices all sit on the middle latitude.
        expectStrictlyInside(polygon([(0, 0), (2, 1), (4, 0), (2, 2)]))
    }

    @Test("Every cell of a jittered tiling, at city scale")
    func tiling() {
        for cell in JitteredTiling(columns: 10, rows: 10, jitter: 0.45, seed: 3).polygons {
            expectStrictlyInside(cell)
        }
    }

    @Test("Random star-shaped polygons")
    func randomStars() {
        var rng = SplitMix64(seed: 5)
        for _ in 0..<200 {
            let n = Int.random(in: 3...20, using: &rng)
            let ring = (0..<n).map { k -> GeoPoint in
                let a = 2 * Double.pi * Double(k) / Double(n)
                let r = Double.random(in: 0.05...1, using: &rng)
                return pt(116.4 + r * cosApprox(a) * 1e-3, 39.9 + r * sinApprox(a) * 1e-3)
            }
            expectStrictlyInside(Polygon(exterior: ring))
        }
    }
}
