import CityGridGeometry
import Testing

@Suite("Overlap detection")
struct OverlapTests {
    @Test("Neighbours in a jittered tiling do not overlap")
    func tilingHasNoOverlaps() {
        let tiling = JitteredTiling(columns: 20, rows: 15, jitter: 0.35, seed: 8)
        #expect(PolygonIndex(polygons: tiling.polygons).overlappingPairs().isEmpty)
    }

    @Test("Overlaps are found, touching neighbours ignored")
    func overlapsFound() {
        var polygons = JitteredTiling(columns: 6, rows: 5, jitter: 0.3, seed: 2).polygons
        let n = polygons.count
        // A duplicate of cell 7.
        polygons.append(polygons[7])
        // Cell 20 with one vertex pushed into its eastern neighbour.
        var pushed = polygons[20]
        let east = polygons[21].centroid
        pushed.exterior[1] = GeoPoint(lon: (pushed.exterior[1].lon + east.lon) / 2, lat: (pushed.exterior[1].lat + east.lat) / 2)
        polygons[20] = pushed
        // A small square inside cell 3, touching nothing.
        let c = polygons[3].centroid
        polygons.append(rectangle(c.lon - 1e-5, c.lat - 1e-5, c.lon + 1e-5, c.lat + 1e-5))
        let pairs = PolygonIndex(polygons: polygons).overlappingPairs()
        let found = Set(pairs.map { "\($0.0)-\($0.1)" })
        #expect(found.contains("7-\(n)"), "duplicate")
        #expect(found.contains("20-21"), "pushed vertex")
        #expect(found.contains("3-\(n + 1)"), "square inside a cell")
        #expect(pairs.count >= 3)
        for (i, j) in pairs { #expect(i < j) }
    }

    @Test("Pairwise cases")
    func pairwise() {
        let square = rectangle(0, 0, 2, 2)
        #expect(square.overlaps(square), "equal")
        #expect(square.overlaps(rectangle(1, 1, 3, 3)), "proper crossing")
        #expect(square.overlaps(rectangle(0.5, 0.5, 1.5, 1.5)), "contained")
        #expect(square.overlaps(rectangle(0, 0, 1, 1)), "contained, sharing two edges")
        #expect(square.overlaps(polygon([(0, 0), (2, 0), (0, 2)])), "triangle on the square's vertices")
        #expect(square.overlaps(rectangle(-1, -1, 3, 3)), "containing")
        #expect(!square.overlaps(rectangle(2, 0, 4, 2)), "sharing an edge")
        #expect(!square.overlaps(rectangle(2, 2, 4, 4)), "sharing a vertex")
        #expect(!square.overlaps(rectangle(2, 1, 4, 3)), "sharing part of an edge")
        #expect(!square.overlaps(rectangle(5, 5, 6, 6)), "apart")
        // A T-junction: the neighbour's vertex lies in the middle of the square's east edge.
        #expect(!square.overlaps(polygon([(2, 0), (4, 0), (4, 2), (2, 2), (2, 1)])), "T-junction")
        let donut = polygon([(0, 0), (10, 0), (10, 10), (0, 10)], holes: [[(3, 3), (7, 3), (7, 7), (3, 7)]])
        #expect(!donut.overlaps(rectangle(3, 3, 7, 7)), "the plug of a donut")
        #expect(donut.overlaps(rectangle(2, 2, 8, 8)), "a plug too big for its hole")
    }
}
