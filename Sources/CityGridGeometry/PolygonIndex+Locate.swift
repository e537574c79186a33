extension PolygonIndex {
    /// The number of the polygon containing `p`, or `nil` when no polygon does.
    ///
    /// Equal to `polygons.firstIndex { $0.contains(p) }` for every point.
    @inlinable
    public func locate(_ p: GeoPoint) -> Int? {
        let found = locate(lon: p.lon, lat: p.lat)
        return found < 0 ? nil : Int(found)
    }

    /// The number of the polygon containing the point, or -1 when no polygon
    /// does: the hot path of the geocoder.
    ///
    /// Equal to `polygons.firstIndex { $0.contains(p) } ?? -1` for every point,
    /// on the edge rule of ``Polygon/contains(_:)``. NaN coordinates give -1.
    @inlinable
    public func locate(lon: Double, lat: Double) -> Int32 {
        let x = (lon - gridMinLon) * bucketsPerDegreeLon
        let y = (lat - gridMinLat) * bucketsPerDegreeLat
        // Also false for NaN. Beyond the grid, every polygon is at least a bucket away.
        guard x >= 0, y >= 0, x < columnLimit, y < rowLimit else { return -1 }
        let entry = buckets.withUnsafeBufferPointer { $0[Int(y) &* columns &+ Int(x)] }
        if entry >= -1 { return entry }
        return candidates.withUnsafeBufferPointer { candidates in
            pathStart.withUnsafeBufferPointer { pathStart in
                coordinates.withUnsafeBufferPointer { coordinates in
                    let offset = Int(-2 &- entry)
                    let end = offset &+ 1 &+ Int(candidates[offset])
                    var k = offset &+ 1
                    while k < end {
                        let polygon = candidates[k]
                        let first = Int(pathStart[Int(polygon)])
                        let last = Int(pathStart[Int(polygon) &+ 1])
                        if PolygonIndex.pathCrossesOddly(coordinates, first, last, lon, lat) { return polygon }
                        k &+= 1
                    }
                    return -1
                }
            }
        }
    }

    /// Locates every point of a batch: `into[i]` receives
    /// `locate(lon: lons[i], lat: lats[i])`.
    ///
    /// - Precondition: the three buffers have the same count.
    @inlinable
    public func locateAll(
        lons: UnsafeBufferPointer<Double>, lats: UnsafeBufferPointer<Double>, into results: UnsafeMutableBufferPointer<Int32>
    ) {
        precondition(lons.count == lats.count && lats.count == results.count, "locateAll needs buffers of equal length")
        for i in 0..<results.count {
            results[i] = locate(lon: lons[i], lat: lats[i])
        }
    }

    /// The parity of the edge rule's crossings along the path of vertices
    /// `first ..< last` (each vertex a longitude, latitude pair).
    @inlinable @inline(__always)
    static func pathCrossesOddly(
        _ coordinates: UnsafeBufferPointer<Double>, _ first: Int, _ last: Int, _ px: Double, _ py: Double
    ) -> Bool {
        guard first < last else { return false }
        var odd = false
        var ax = coordinates[2 &* first], ay = coordinates[2 &* first &+ 1]
        var j = 2 &* (first &+ 1)
        let end = 2 &* last
        while j < end {
            let bx = coordinates[j], by = coordinates[j &+ 1]
            if EdgeRule.crossesEastRay(ax, ay, bx, by, px, py) { odd.toggle() }
            ax = bx
            ay = by
            j &+= 2
        }
        return odd
    }
}
