import CityGridGeometry
import Testing

@Suite("PolygonIndex")
struct PolygonIndexTests {
    /// The reference: the first polygon containing the point, by linear scan.
    func bruteForce(_ polygons: [Polygon], _ boxes: [BoundingBox], _ p: GeoPoint) -> Int32 {
        for i in polygons.indices where boxes[i].contains(p) && polygons[i].contains(p) { return Int32(i) }
        // A point outside a polygon's box can only be inside it by a rounding accident: check anyway.
        for i in polygons.indices where !boxes[i].contains(p) && polygons[i].contains(p) { return Int32(i) }
        return -1
    }

    /// Points uniform in a slightly grown box, plus every vertex, every edge
    /// midpoint and random points along every edge.
    func probes(for polygons: [Polygon], count: Int, seed: UInt64) -> [GeoPoint] {
        var rng = SplitMix64(seed: seed)
        let box = polygons.reduce(BoundingBox.empty) { $0.union($1.bbox) }
        let grown = box.expanded(by: max(box.width, box.height) * 0.02)
        var points = (0..<count).map { _ in
            GeoPoint(
                lon: .random(in: grown.minLon...grown.maxLon, using: &rng),
                lat: .random(in: grown.minLat...grown.maxLat, using: &rng))
        }
        for polygon in polygons {
            for (a, b) in polygon.edges {
                points.append(a)
                points.append(GeoPoint(lon: (a.lon + b.lon) / 2, lat: (a.lat + b.lat) / 2))
                let t = Double.random(in: 0...1, using: &rng)
                points.append(GeoPoint(lon: a.lon + t * (b.lon - a.lon), lat: a.lat + t * (b.lat - a.lat)))
            }
        }
        return points
    }

    func expectMatchesBruteForce(_ index: PolygonIndex, _ points: [GeoPoint], sourceLocation: SourceLocation = #_sourceLocation) {
        let boxes = index.polygons.map { BoundingBox.around($0.rings.joined()) }
        var mismatches = 0
        for p in points {
            let expected = bruteForce(index.polygons, boxes, p)
            let found = index.locate(lon: p.lon, lat: p.lat)
            if found != expected {
                mismatches += 1
                if mismatches <= 5 { Issue.record("\(p): index says \(found), scan says \(expected)", sourceLocation: sourceLocation) }
            }
            if (index.locate(p) ?? -1) != Int(found) { Issue.record("locate(_:) disagrees at \(p)", sourceLocation: sourceLocation) }
        }
        #expect(mismatches == 0, "\(mismatches) of \(points.count) points differ", sourceLocation: sourceLocation)
    }

    @Test("Equals the brute-force scan on a jittered tiling", arguments: [1.0, 4.0, 16.0, 64.0])
    func jitteredTiling(bucketsPerPolygon: Double) {
        let tiling = JitteredTiling(columns: 40, rows: 30, jitter: 0.4, seed: 17)
        let index = PolygonIndex(polygons: tiling.polygons, bucketsPerPolygon: bucketsPerPolygon)
        #expect(index.count == 1_200)
        let points = probes(for: tiling.polygons, count: 20_000, seed: UInt64(bucketsPerPolygon))
        expectMatchesBruteForce(index, points)
        // Inside the frame, every point has an owner.
        let frame = tiling.bbox
        for p in points where p.lon > frame.minLon && p.lon < frame.maxLon && p.lat > frame.minLat && p.lat < frame.maxLat {
            #expect(index.locate(lon: p.lon, lat: p.lat) >= 0, "\(p) has no owner")
        }
    }

    @Test("Equals the brute-force scan on overlapping, concave and holed polygons")
    func messyPolygons() {
        var rng = SplitMix64(seed: 99)
        var polygons: [Polygon] = []
        for _ in 0..<300 {
            let cx = Double.random(in: 0...1, using: &rng), cy = Double.random(in: 0...1, using: &rng)
            let n = Int.random(in: 3...12, using: &rng)
            let size = Double.random(in: 0.01...0.15, using: &rng)
            let ring = (0..<n).map { k -> GeoPoint in
                let a = 2 * Double.pi * Double(k) / Double(n)
                let r = size * Double.random(in: 0.2...1, using: &rng)
                return pt(cx + r * cosApprox(a), cy + r * sinApprox(a))
            }
            let holes = Bool.random(using: &rng)
                ? [[pt(cx - size / 8, cy - size / 8), pt(cx + size / 8, cy - size / 8), pt(cx, cy + size / 8)]] : []
            polygons.append(Polygon(exterior: ring, holes: holes))
        }
        // Self-intersecting and degenerate polygons are indexed faithfully too.
        polygons.append(polygon([(0.2, 0.2), (0.4, 0.4), (0.4, 0.2), (0.2, 0.4)]))
        polygons.append(polygon([(0.5, 0.5)]))
        polygons.append(polygon([]))
        let index = PolygonIndex(polygons: polygons)
        expectMatchesBruteForce(index, probes(for: polygons, count: 20_000, seed: 4))
    }

    @Test("Overlaps resolve to the smallest index")
    func smallestIndexWins() {
        let index = PolygonIndex(polygons: [rectangle(1, 1, 2, 2), rectangle(0, 0, 3, 3), rectangle(1, 1, 2, 2)])
        #expect(index.locate(pt(1.5, 1.5)) == 0)
        #expect(index.locate(pt(0.5, 0.5)) == 1)
        #expect(index.locate(pt(2, 1.5)) == 1, "east edge of the inner square")
        #expect(index.locate(pt(3, 1.5)) == nil, "east edge of the outer square")
        #expect(index.locate(pt(0, 0)) == 1)
    }

    @Test("An empty index finds nothing; NaN finds nothing")
    func emptyAndNaN() {
        let empty = PolygonIndex(polygons: [])
        #expect(empty.count == 0)
        #expect(empty.bbox.isEmpty)
        #expect(empty.locate(pt(0, 0)) == nil)
        let one = PolygonIndex(polygons: [rectangle(0, 0, 1, 1)])
        #expect(one.locate(lon: .nan, lat: 0.5) == -1)
        #expect(one.locate(lon: 0.5, lat: .nan) == -1)
        #expect(one.locate(lon: .infinity, lat: 0.5) == -1)
        #expect(one.locate(lon: 0.5, lat: 0.5) == 0)
        #expect(one.bbox == BoundingBox(minLon: 0, minLat: 0, maxLon: 1, maxLat: 1))
    }

    @Test("locateAll agrees with locate")
    func batch() {
        let tiling = JitteredTiling(columns: 10, rows: 10, seed: 1)
        let index = PolygonIndex(polygons: tiling.polygons)
        let points = probes(for: tiling.polygons, count: 1_000, seed: 2)
        let lons = points.map(\.lon), lats = points.map(\.lat)
        var results = [Int32](repeating: -7, count: points.count)
        lons.withUnsafeBufferPointer { lons in
            lats.withUnsafeBufferPointer { lats in
                results.withUnsafeMutableBufferPointer { results in
                    index.locateAll(lons: lons, lats: lats, into: results)
                }
            }
        }
        #expect(results == points.map { index.locate(lon: $0.lon, lat: $0.lat) })
    }

    @Test("Most buckets of a tiling are answered without a point-in-polygon test")
    func statistics() {
        let index = PolygonIndex(polygons: JitteredTiling(columns: 40, rows: 30, seed: 5).polygons)
        let stats = index.statistics
        #expect(stats.emptyBuckets + stats.fullBuckets + stats.mixedBuckets == stats.columns * stats.rows)
        #expect(stats.fullBuckets > 0)
        #expect(stats.meanCandidates < 6, "\(stats)")
    }
}
