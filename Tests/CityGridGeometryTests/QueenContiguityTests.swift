@testable import CityGridGeometry
import Testing

@Suite("Queen contiguity")
struct QueenContiguityTests {
    /// A 3 × 3 lattice of unit squares; cell (column, row) is `lattice[row * 3 + column]`.
    let lattice: [Polygon] = (0 ..< 9).map { (i: Int) -> Polygon in
        let x = Double(i % 3), y = Double(i / 3)
        return rectangle(x, y, x + 1, y + 1)
    }

    @Test("On a 3 × 3 lattice a corner has 3 neighbours, an edge cell 5 and the centre 8")
    func lattice3x3() {
        let graph = QueenContiguity(polygons: lattice)
        expectWellFormed(graph)
        #expect((0 ..< 9).map { graph.neighbourCount($0) } == [3, 5, 3, 5, 8, 5, 3, 5, 3])
        #expect(Array(graph.neighbours(of: 0)) == [1, 3, 4])
        #expect(Array(graph.neighbours(of: 4)) == [0, 1, 2, 3, 5, 6, 7, 8])
        #expect(graph.islands.isEmpty)
    }

    @Test("Sharing a single corner is enough (queen, not rook)")
    func cornerOnly() {
        // Rook contiguity would want a shared edge; these share the vertex (1, 1) only.
        let graph = QueenContiguity(polygons: [rectangle(0, 0, 1, 1), rectangle(1, 1, 2, 2)])
        #expect(Array(graph.neighbours(of: 0)) == [1])
        #expect(Array(graph.neighbours(of: 1)) == [0])
    }

    @Test("Touching along an edge without a common vertex is not contiguity (libpysal's vertex rule)")
    func edgeWithoutSharedVertex() {
        // The two overlap along y = 1 for 1 ≤ x ≤ 2, but no corner of one is a corner of the other.
        // libpysal's Graph.build_contiguity(rook=False) compares vertices and misses them too.
        let graph = QueenContiguity(polygons: [rectangle(0, 0, 2, 1), rectangle(1, 1, 3, 2)])
        #expect(graph.neighbours.isEmpty)
        #expect(graph.islands == [0, 1])
    }

    @Test("Hole vertices count: the polygon filling a hole neighbours the donut")
    func holes() {
        let donut = polygon([(0, 0), (10, 0), (10, 10), (0, 10)], holes: [[(3, 3), (7, 3), (7, 7), (3, 7)]])
        let plug = rectangle(3, 3, 7, 7)
        let pebble = rectangle(4, 4, 5, 5)  // inside the hole, touching nothing
        let graph = QueenContiguity(polygons: [donut, plug, pebble])
        #expect(Array(graph.neighbours(of: 0)) == [1])
        #expect(Array(graph.neighbours(of: 1)) == [0])
        #expect(graph.islands == [2])
    }

    @Test("A polygon that repeats a vertex is not its own neighbour")
    func repeatedVertex() {
        // A hole touching the exterior at (0, 5) and a ring listing a vertex twice.
        let pinched = polygon([(0, 0), (10, 0), (10, 10), (0, 10), (0, 5)], holes: [[(0, 5), (5, 4), (5, 6)]])
        let doubled = polygon([(10, 0), (20, 0), (20, 10), (10, 10), (10, 10)])
        let graph = QueenContiguity(polygons: [pinched, doubled])
        expectWellFormed(graph)
        #expect(Array(graph.neighbours(of: 0)) == [1])
        #expect(Array(graph.neighbours(of: 1)) == [0])
    }

    @Test("Vertices match bit for bit: one ulp apart is no match, -0.0 matches 0.0, NaN matches nothing")
    func exactness() {
        let square = rectangle(0, 0, 1, 1)
        let touching = polygon([(1, 1), (2, 0), (2, -1)])
        let oneUlpOff = polygon([(1.0.nextUp, 1), (2, 0), (2, -1)])
        #expect(QueenContiguity(polygons: [square, touching]).islands.isEmpty)
        #expect(QueenContiguity(polygons: [square, oneUlpOff]).islands == [0, 1])

        let west = polygon([(-1, -1), (0, -1), (0, 1), (-1, 1)])
        let east = polygon([(-0.0, -1), (1, -1), (1, 1), (-0.0, 1)])
        #expect(QueenContiguity(polygons: [west, east]).islands.isEmpty)

        let nan = polygon([(.nan, .nan), (5, 5), (6, 5)])
        #expect(QueenContiguity(polygons: [nan, nan]).neighbours.count == 2, "through (5, 5), never through NaN")
        #expect(QueenContiguity(polygons: [polygon([(.nan, 0), (7, 7), (8, 7)]), polygon([(.nan, 0), (9, 9), (9, 8)])]).islands == [0, 1])
    }

    @Test("Islands: a polygon far from all others")
    func islands() {
        let graph = QueenContiguity(polygons: lattice + [rectangle(10, 10, 11, 11)])
        #expect(graph.islands == [9])
        #expect(graph.neighbourCount(9) == 0)
        #expect(graph.neighbours(of: 9).isEmpty)
    }

    @Test("No polygons, no neighbours")
    func empty() {
        let graph = QueenContiguity(polygons: [])
        #expect(graph.count == 0 && graph.offsets == [0] && graph.neighbours.isEmpty && graph.islands.isEmpty)
    }

    @Test("A jittered tiling gives the brute-force answer, with or without hash collisions", arguments: [32, 8, 2, 1])
    func bruteForce(hashBits: Int) {
        let tiling = JitteredTiling(columns: 13, rows: 9, seed: 11)
        // Every fifth cell also gets a hole, and one more polygon fills cell 0's hole.
        var polygons = tiling.polygons.enumerated().map { i, cell in
            guard i % 5 == 0 else { return cell }
            let c = cell.exterior
            let mid = { (a: GeoPoint, b: GeoPoint) in GeoPoint(lon: (a.lon * 2 + b.lon) / 3, lat: (a.lat * 2 + b.lat) / 3) }
            return Polygon(exterior: c, holes: [[mid(c[0], c[2]), mid(c[1], c[3]), mid(c[2], c[0])]])
        }
        polygons.append(Polygon(exterior: polygons[0].holes[0]))
        let graph = QueenContiguity(polygons: polygons, hashBits: hashBits)
        expectWellFormed(graph)
        let vertexSets = polygons.map { Set($0.exterior + $0.holes.joined()) }
        for i in polygons.indices {
            let expected = polygons.indices.filter { $0 != i && !vertexSets[$0].isDisjoint(with: vertexSets[i]) }
            #expect(graph.neighbours(of: i).map(Int.init) == expected, "polygon \(i)")
        }
        #expect(graph.neighbourCount(tiling.columns + 1) == 8, "an interior cell without a hole")
        #expect(Array(graph.neighbours(of: polygons.count - 1)) == [0])
    }

    /// CSR invariants: offsets start at 0 and grow, rows ascend without the polygon itself, symmetry.
    func expectWellFormed(_ graph: QueenContiguity, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(graph.offsets.first == 0 && graph.offsets.last.map(Int.init) == graph.neighbours.count, sourceLocation: sourceLocation)
        for i in 0 ..< graph.count {
            let row = graph.neighbours(of: i).map(Int.init)
            #expect(row == row.sorted() && Set(row).count == row.count && !row.contains(i), "row \(i)", sourceLocation: sourceLocation)
            for j in row { #expect(graph.neighbours(of: j).contains(Int32(i)), "\(i) ~ \(j)", sourceLocation: sourceLocation) }
        }
    }
}
