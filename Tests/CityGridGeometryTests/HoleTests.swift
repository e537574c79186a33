import CityGridGeometry
import Testing

@Suite("Holes")
struct HoleTests {
    /// A 10 × 10 square with a 4 × 4 hole in the middle.
    let donut = polygon([(0, 0), (10, 0), (10, 10), (0, 10)], holes: [[(3, 3), (7, 3), (7, 7), (3, 7)]])
    /// The polygon that fills the hole exactly.
    let plug = rectangle(3, 3, 7, 7)

    @Test("A point in a hole is outside")
    func inHole() {
        #expect(!donut.contains(pt(5, 5)))
        #expect(donut.contains(pt(1, 1)))
        #expect(donut.contains(pt(8, 5)))
    }

    @Test("The hole's boundary follows the rule: its west and south edges belong to the hole")
    func holeBoundary() {
        #expect(!donut.contains(pt(3, 5)), "west edge of the hole is in the hole")
        #expect(!donut.contains(pt(5, 3)), "south edge of the hole is in the hole")
        #expect(donut.contains(pt(7, 5)), "east edge of the hole is in the polygon")
        #expect(donut.contains(pt(5, 7)), "north edge of the hole is in the polygon")
    }

    @Test("A donut and the polygon filling its hole partition the plane around the hole")
    func donutAndPlug() {
        let pair = [donut, plug]
        for p in [pt(3, 5), pt(5, 3), pt(7, 5), pt(5, 7), pt(3, 3), pt(7, 3), pt(7, 7), pt(3, 7), pt(5, 5), pt(2.5, 5)] {
            #expect(containingCount(pair, p) == 1, "\(p)")
        }
    }

    @Test("Hole orientation does not matter")
    func holeOrientation() {
        let reversed = Polygon(exterior: donut.exterior, holes: donut.holes.map { $0.reversed() })
        for p in [pt(3, 5), pt(5, 3), pt(7, 5), pt(5, 7), pt(5, 5), pt(1, 1)] {
            #expect(reversed.contains(p) == donut.contains(p), "\(p)")
        }
    }
}
