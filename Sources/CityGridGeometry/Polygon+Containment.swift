extension Polygon {
    /// Returns whether `p` belongs to the polygon, under the module's edge rule.
    ///
    /// **The edge rule.** The test counts the crossings of an eastward ray with
    /// every ring (even-odd), with a half-open convention so that in a tiling
    /// whose neighbours share identical vertices *every point belongs to exactly
    /// one polygon*, including points on shared edges and vertices:
    ///
    /// - a point on a non-horizontal edge belongs to the polygon on the edge's
    ///   **east** side;
    /// - a point on a horizontal edge belongs to the polygon on its **north** side;
    /// - a point on a vertex belongs to the polygon just north-east of it.
    ///
    /// So on the outer boundary the west and south edges are inside and the
    /// east and north edges are outside. A point in a hole is outside, and the
    /// hole's boundary follows the same rule (its west edge is in the hole, so
    /// outside the polygon). The decision for an edge is computed bit-identically
    /// whichever polygon it belongs to; see `EdgeRule.swift` for the details.
    ///
    /// Holes are combined by parity, so for a valid polygon the result is
    /// "inside the exterior and outside every hole".
    /// ``PolygonIndex/locate(lon:lat:)`` gives exactly the same answers.
    @inlinable
    public func contains(_ p: GeoPoint) -> Bool {
        var inside = Polygon.crossesOddly(exterior, p)
        for hole in holes where Polygon.crossesOddly(hole, p) { inside.toggle() }
        return inside
    }

    /// Whether the eastward ray from `p` crosses `ring` an odd number of times.
    @inlinable
    static func crossesOddly(_ ring: [GeoPoint], _ p: GeoPoint) -> Bool {
        guard var a = ring.last else { return false }
        var odd = false
        for b in ring {
            if EdgeRule.crossesEastRay(a.lon, a.lat, b.lon, b.lat, p.lon, p.lat) { odd.toggle() }
            a = b
        }
        return odd
    }
}
