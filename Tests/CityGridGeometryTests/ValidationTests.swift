import CityGridGeometry
import Testing

@Suite("Validation")
struct ValidationTests {
    @Test("A simple square, a concave polygon and a polygon with a hole are valid")
    func valid() {
        #expect(rectangle(116.4, 39.9, 116.401, 39.901).validate() == [])
        #expect(polygon([(0, 0), (4, 0), (4, 4), (3, 4), (3, 1), (1, 1), (1, 4), (0, 4)]).validate() == [])
        #expect(polygon([(0, 0), (10, 0), (10, 10), (0, 10)], holes: [[(3, 3), (7, 3), (7, 7), (3, 7)]]).validate() == [])
    }

    @Test("Too few vertices")
    func tooFewVertices() {
        #expect(polygon([(0, 0), (1, 1)]).validate().contains(.tooFewVertices(ring: 0)))
        #expect(polygon([(0, 0), (1, 1), (0, 0), (1, 1)]).validate().contains(.tooFewVertices(ring: 0)))
        #expect(polygon([]).validate().contains(.tooFewVertices(ring: 0)))
        let badHole = polygon([(0, 0), (10, 0), (10, 10), (0, 10)], holes: [[(3, 3), (4, 4)]])
        #expect(badHole.validate() == [.tooFewVertices(ring: 1)])
    }

    @Test("Invalid coordinates name the ring and the vertex")
    func invalidCoordinate() {
        #expect(polygon([(0, 0), (181, 0), (1, 1)]).validate() == [.invalidCoordinate(ring: 0, vertex: 1)])
        #expect(polygon([(0, 0), (1, 0), (1, .nan)]).validate() == [.invalidCoordinate(ring: 0, vertex: 2)])
        #expect(polygon([(0, 0), (1, 0), (.infinity, 1)]).validate() == [.invalidCoordinate(ring: 0, vertex: 2)])
        #expect(polygon([(0, -91), (1, 0), (1, 1)]).validate() == [.invalidCoordinate(ring: 0, vertex: 0)])
        let hole = polygon([(0, 0), (10, 0), (10, 10), (0, 10)], holes: [[(3, 3), (7, 3), (7, 95)]])
        #expect(hole.validate() == [.invalidCoordinate(ring: 1, vertex: 2)])
    }

    @Test("Repeated vertices")
    func repeatedVertex() {
        #expect(polygon([(0, 0), (1, 0), (1, 0), (1, 1), (0, 1)]).validate() == [.repeatedVertex(ring: 0, vertex: 2)])
    }

    @Test("Self-intersections: a bow tie, a touching vertex, a fold-back")
    func selfIntersection() {
        #expect(polygon([(0, 0), (2, 2), (2, 0), (0, 2)]).validate().contains(.selfIntersection(ring: 0)), "bow tie")
        // A vertex touching a non-adjacent edge.
        #expect(polygon([(0, 0), (4, 0), (4, 4), (2, 0), (0, 4)]).validate().contains(.selfIntersection(ring: 0)))
        // A ring passing twice through the same point.
        #expect(polygon([(0, 0), (2, 0), (2, 2), (1, 0), (1, 2)]).validate().contains(.selfIntersection(ring: 0)))
        // An edge doubling back over the previous one (a spike).
        #expect(polygon([(0, 0), (2, 0), (2, 2), (2, 1), (0, 2)]).validate().contains(.selfIntersection(ring: 0)))
        let hole = polygon([(0, 0), (10, 0), (10, 10), (0, 10)], holes: [[(3, 3), (7, 7), (7, 3), (3, 7)]])
        #expect(hole.validate().contains(.selfIntersection(ring: 1)))
    }

    @Test("Zero area")
    func zeroArea() {
        let problems = polygon([(0, 0), (1, 1), (2, 2)]).validate()
        #expect(problems.contains(.zeroArea))
    }

    @Test("Holes outside the exterior, crossing it, or overlapping each other")
    func holes() {
        let outer = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]
        #expect(polygon(outer, holes: [[(20, 20), (21, 20), (21, 21)]]).validate() == [.holeOutsideExterior(hole: 0)])
        #expect(polygon(outer, holes: [[(8, 4), (12, 4), (12, 6), (8, 6)]]).validate() == [.holeOutsideExterior(hole: 0)])
        // Touching the exterior from inside is allowed.
        #expect(polygon(outer, holes: [[(0, 4), (2, 4), (2, 6)]]).validate() == [])
        let twoHoles = polygon(outer, holes: [[(1, 1), (5, 1), (5, 5), (1, 5)], [(4, 4), (8, 4), (8, 8), (4, 8)]])
        #expect(twoHoles.validate() == [.holesOverlap(hole: 0, otherHole: 1)])
        let apart = polygon(outer, holes: [[(1, 1), (4, 1), (4, 4), (1, 4)], [(4, 4), (8, 4), (8, 8), (4, 8)]])
        #expect(apart.validate() == [])
    }

    @Test("Every problem has a description naming its ring or vertex")
    func descriptions() {
        #expect(GeometryProblem.tooFewVertices(ring: 0).description.contains("exterior ring"))
        #expect(GeometryProblem.invalidCoordinate(ring: 2, vertex: 5).description.contains("Vertex 5 of hole 1 (ring 2)"))
        #expect(GeometryProblem.repeatedVertex(ring: 0, vertex: 3).description.contains("Vertex 3"))
        #expect(GeometryProblem.selfIntersection(ring: 1).description.hasPrefix("Hole 0 (ring 1)"))
        #expect(GeometryProblem.zeroArea.description.contains("no area"))
        #expect(GeometryProblem.holeOutsideExterior(hole: 2).description.contains("Hole 2 (ring 3)"))
        #expect(GeometryProblem.holesOverlap(hole: 0, otherHole: 1).description.contains("hole 1 (ring 2)"))
    }
}
