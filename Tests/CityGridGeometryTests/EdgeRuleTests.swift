import CityGridGeometry
import Testing

@Suite("The edge rule")
struct EdgeRuleTests {
    let square = rectangle(0, 0, 2, 2)

    @Test("West and south edges are inside, east and north edges outside")
    func outerEdges() {
        #expect(square.contains(pt(0, 1)), "west edge")
        #expect(square.contains(pt(1, 0)), "south edge")
        #expect(!square.contains(pt(2, 1)), "east edge")
        #expect(!square.contains(pt(1, 2)), "north edge")
        #expect(square.contains(pt(1, 1)), "interior")
    }

    @Test("Only the south-west corner of a rectangle is inside")
    func corners() {
        #expect(square.contains(pt(0, 0)))
        #expect(!square.contains(pt(2, 0)))
        #expect(!square.contains(pt(2, 2)))
        #expect(!square.contains(pt(0, 2)))
    }

    @Test("Points just outside are outside")
    func justOutside() {
        for p in [pt(-1e-12, 1), pt(1, -1e-12), pt(2 + 1e-12, 1), pt(1, 2 + 1e-12), pt(-5, 1), pt(5, 1), pt(1, 5), pt(1, -5)] {
            #expect(!square.contains(p), "\(p)")
        }
    }

    @Test("The answer does not depend on the ring's orientation or starting vertex")
    func orientationIndependence() {
        let ring = square.exterior
        let variants = (0..<4).flatMap { shift -> [Polygon] in
            let rotated = Array(ring[shift...] + ring[..<shift])
            return [Polygon(exterior: rotated), Polygon(exterior: rotated.reversed())]
        }
        let probes = [pt(0, 0), pt(0, 1), pt(1, 0), pt(2, 1), pt(1, 2), pt(2, 2), pt(0, 2), pt(2, 0), pt(1, 1), pt(3, 3)]
        for p in probes {
            let expected = square.contains(p)
            for variant in variants { #expect(variant.contains(p) == expected, "\(p)") }
        }
    }

    @Test("A point on a shared diagonal edge belongs to the polygon on its east side")
    func sharedDiagonal() {
        // The edge from (0,0) to (2,4) is shared; (1,2) lies exactly on it.
        let west = polygon([(0, 0), (2, 4), (0, 4)])
        let east = polygon([(0, 0), (2, 0), (2, 4)])
        #expect(!west.contains(pt(1, 2)))
        #expect(east.contains(pt(1, 2)))
        // And the other diagonal direction.
        let west2 = polygon([(0, 4), (0, 0), (2, 0)])
        let east2 = polygon([(2, 0), (2, 4), (0, 4)])
        #expect(!west2.contains(pt(1, 2)))
        #expect(east2.contains(pt(1, 2)))
    }

    @Test("A point on a shared horizontal edge belongs to the polygon on its north side")
    func sharedHorizontal() {
        let south = rectangle(0, 0, 2, 1)
        let north = rectangle(0, 1, 2, 2)
        #expect(!south.contains(pt(1, 1)))
        #expect(north.contains(pt(1, 1)))
    }

    @Test("A vertex shared by four squares belongs to the north-east one")
    func sharedVertexOfFour() {
        let sw = rectangle(0, 0, 1, 1), se = rectangle(1, 0, 2, 1)
        let nw = rectangle(0, 1, 1, 2), ne = rectangle(1, 1, 2, 2)
        #expect([sw, se, nw, ne].map { $0.contains(pt(1, 1)) } == [false, false, false, true])
    }

    @Test("A vertex shared by a fan of triangles belongs to exactly one of them")
    func sharedVertexOfFan() {
        // Fans of 3 to 12 triangles around the origin, with irregular angles.
        var rng = SplitMix64(seed: 7)
        for count in 3...12 {
            for _ in 0..<20 {
                var angles = (0..<count).map { _ in Double.random(in: 0..<1, using: &rng) }
                angles.sort()
                let rim = angles.map { a in pt(cosApprox(2 * .pi * a) * 10, sinApprox(2 * .pi * a) * 10) }
                let fan = (0..<count).map { k in Polygon(exterior: [pt(0, 0), rim[k], rim[(k + 1) % count]]) }
                // Skip degenerate fans whose triangles would exceed a half turn.
                let spans = (0..<count).map { k in (angles[(k + 1) % count] - angles[k] + 1).truncatingRemainder(dividingBy: 1) }
                guard spans.allSatisfy({ $0 < 0.49 }) else { continue }
                #expect(containingCount(fan, pt(0, 0)) == 1, "fan of \(count)")
                for k in 0..<count {
                    // Points exactly on each spoke at dyadic fractions stay near it.
                    let p = pt(rim[k].lon / 2, rim[k].lat / 2)
                    #expect(containingCount(fan, p) == 1, "spoke \(k) of a fan of \(count)")
                }
            }
        }
    }

    @Test("Two triangles sharing an edge own every point near it exactly once", arguments: [
        (UInt64(1), pt(116.4, 39.9), 0.01, 0.001),  // city scale: short edges within a kilometre
        (UInt64(2), pt(0, 0), 1.0, 50.0),  // wide range: rounding is asymmetric in the edge's direction
    ])
    func sharedEdgeBitIdentical(seed: UInt64, centre: GeoPoint, spread: Double, length: Double) {
        var rng = SplitMix64(seed: seed)
        func random(around x: Double, _ r: Double) -> Double { x + .random(in: -r...r, using: &rng) }
        var tested = 0
        while tested < 3_000 {
            let a = pt(random(around: centre.lon, spread), random(around: centre.lat, spread))
            let b = pt(random(around: a.lon, length), random(around: a.lat, length))
            let c = pt(random(around: a.lon, length), random(around: a.lat, length))
            let d = pt(random(around: a.lon, length), random(around: a.lat, length))
            let side = { (p: GeoPoint) in (b.lon - a.lon) * (p.lat - a.lat) - (b.lat - a.lat) * (p.lon - a.lon) }
            // Keep pairs of triangles on opposite sides of a–b that are not too thin.
            guard side(c) * side(d) < 0,
                  Polygon(exterior: [a, b, c]).validate().isEmpty, Polygon(exterior: [b, a, d]).validate().isEmpty
            else { continue }
            tested += 1
            // Each triangle traverses the shared edge in its own direction.
            let pair = [Polygon(exterior: [a, b, c]), Polygon(exterior: [b, a, d])]
            let t = Double.random(in: 0.05...0.95, using: &rng)
            var p = pt(a.lon + t * (b.lon - a.lon), a.lat + t * (b.lat - a.lat))
            // Nudge by a few units in the last place: within rounding distance of the edge.
            for _ in 0..<Int.random(in: 0...3, using: &rng) { p.lon = Bool.random(using: &rng) ? p.lon.nextUp : p.lon.nextDown }
            #expect(containingCount(pair, p) == 1, "\(p) near \(a)–\(b)")
            #expect(containingCount(pair, a) <= 1)
        }
    }
}

/// Sine and cosine without Foundation, good enough to place test vertices.
func sinApprox(_ x: Double) -> Double { cosApprox(x - .pi / 2) }
func cosApprox(_ x: Double) -> Double {
    var x = x.truncatingRemainder(dividingBy: 2 * .pi)
    if x > .pi { x -= 2 * .pi }
    if x < -.pi { x += 2 * .pi }
    var term = 1.0, sum = 1.0
    for n in 1...20 {
        term *= -x * x / Double((2 * n - 1) * (2 * n))
        sum += term
    }
    return sum
}
