import CityGridGeometry
import Testing

/// In a tiling whose neighbours share identical vertices, every point of the
/// union must belong to exactly one polygon, boundaries included.
@Suite("Partition of a jittered tiling")
struct TilingPartitionTests {
    let tiling = JitteredTiling(columns: 16, rows: 12, jitter: 0.35, seed: 42)

    /// The polygons containing `p`, checking only those whose box is near.
    func owners(_ p: GeoPoint) -> [Int] {
        tiling.polygons.indices.filter { tiling.polygons[$0].bbox.contains(p) && tiling.polygons[$0].contains(p) }
    }

    func isOnFrame(_ p: GeoPoint) -> Bool {
        let box = tiling.bbox
        return p.lon == box.minLon || p.lon == box.maxLon || p.lat == box.minLat || p.lat == box.maxLat
    }

    /// Whether the edge lies along the straight frame.
    func isFrameEdge(_ a: GeoPoint, _ b: GeoPoint) -> Bool {
        let box = tiling.bbox
        return (a.lon == b.lon && (a.lon == box.minLon || a.lon == box.maxLon))
            || (a.lat == b.lat && (a.lat == box.minLat || a.lat == box.maxLat))
    }

    /// The edge rule on the straight frame: west and south inside, east and north outside.
    func expectedOwnerCount(onFrame p: GeoPoint) -> Int {
        let box = tiling.bbox
        return p.lon == box.maxLon || p.lat == box.maxLat ? 0 : 1
    }

    @Test("Every lattice vertex belongs to exactly one polygon, or follows the rule on the frame")
    func vertices() {
        for p in tiling.vertices.joined() {
            let expected = isOnFrame(p) ? expectedOwnerCount(onFrame: p) : 1
            #expect(owners(p).count == expected, "vertex \(p)")
        }
    }

    @Test("Every point along every edge belongs to exactly one polygon, or follows the rule on the frame")
    func pointsOnEdges() {
        var rng = SplitMix64(seed: 9)
        for (a, b) in tiling.edges {
            var points = [GeoPoint(lon: (a.lon + b.lon) / 2, lat: (a.lat + b.lat) / 2)]
            for _ in 0..<8 {
                let t = Double.random(in: 0...1, using: &rng)
                points.append(GeoPoint(lon: a.lon + t * (b.lon - a.lon), lat: a.lat + t * (b.lat - a.lat)))
            }
            for p in points {
                let expected = isFrameEdge(a, b) ? expectedOwnerCount(onFrame: p) : 1
                #expect(owners(p).count == expected, "point \(p) on edge \(a)–\(b)")
            }
        }
    }

    @Test("Uniform random points inside the frame belong to exactly one polygon")
    func uniformPoints() {
        var rng = SplitMix64(seed: 11)
        let box = tiling.bbox
        for _ in 0..<5_000 {
            let p = GeoPoint(
                lon: .random(in: box.minLon..<box.maxLon, using: &rng), lat: .random(in: box.minLat..<box.maxLat, using: &rng))
            #expect(owners(p).count == 1, "point \(p)")
        }
    }

    @Test("Points outside the frame belong to no polygon")
    func outside() {
        let box = tiling.bbox
        let dx = box.width / 100, dy = box.height / 100
        for p in [
            pt(box.minLon - dx, box.center.lat), pt(box.maxLon + dx, box.center.lat),
            pt(box.center.lon, box.minLat - dy), pt(box.center.lon, box.maxLat + dy),
            pt(box.minLon.nextDown, box.center.lat), pt(box.center.lon, box.minLat.nextDown),
        ] {
            #expect(owners(p).isEmpty, "point \(p)")
        }
    }
}
