import CityGridGeometry
import Testing

@Suite("Concave polygons")
struct ConcavePolygonTests {
    /// A U open to the north: the notch is x in 1...3, y in 1...4.
    let u = polygon([(0, 0), (4, 0), (4, 4), (3, 4), (3, 1), (1, 1), (1, 4), (0, 4)])

    @Test("Points in the notch of a U are outside, points in its arms inside")
    func uShape() {
        #expect(!u.contains(pt(2, 2)))
        #expect(!u.contains(pt(2, 3.999)))
        #expect(u.contains(pt(0.5, 3)))
        #expect(u.contains(pt(3.5, 3)))
        #expect(u.contains(pt(2, 0.5)))
    }

    @Test("Rays through reflex vertices count correctly")
    func reflexVertices() {
        // The eastward ray at y = 1 runs along the notch's floor and through two reflex vertices.
        #expect(u.contains(pt(0.5, 1)), "west arm at the height of the notch floor")
        #expect(!u.contains(pt(2, 1)), "the notch floor is its north side's: outside")
        #expect(u.contains(pt(3.5, 1)))
        #expect(!u.contains(pt(5, 1)))
        // The eastward ray at y = 4 runs along the tops of the arms.
        #expect(!u.contains(pt(0.5, 4)))
        #expect(!u.contains(pt(-1, 4)))
    }

    @Test("A star with sharp spikes")
    func star() {
        var points: [GeoPoint] = []
        for k in 0..<10 {
            let r = k.isMultiple(of: 2) ? 10.0 : 3.0
            let a = Double(k) * .pi / 5
            points.append(pt(r * cosApprox(a), r * sinApprox(a)))
        }
        let star = Polygon(exterior: points)
        #expect(star.contains(pt(0, 0)))
        #expect(star.contains(pt(8, 0.1)), "inside the east spike")
        #expect(!star.contains(pt(5, 5)), "between two spikes")
        #expect(!star.contains(pt(-8, 0.1)), "between two spikes on the west")
    }

    @Test("A comb: many teeth crossing one scanline")
    func comb() {
        var ring: [GeoPoint] = [pt(0, 0), pt(20, 0)]
        for tooth in stride(from: 9, through: 0, by: -1) {
            let x = Double(tooth) * 2
            ring += [pt(x + 2, 5), pt(x + 1, 5), pt(x + 1, 1), pt(x, 1)]
        }
        let comb = Polygon(exterior: ring)
        #expect(comb.validate().isEmpty, "\(comb.validate())")
        for tooth in 0..<10 {
            let x = Double(tooth) * 2
            #expect(comb.contains(pt(x + 1.5, 3)), "tooth \(tooth)")
            #expect(!comb.contains(pt(x + 0.5, 3)), "gap \(tooth)")
        }
    }
}
