extension Polygon {
    /// Whether the interiors of the two polygons overlap.
    ///
    /// Polygons that only share edges or vertices, as neighbours in a tiling
    /// do, do not overlap. The interiors overlap when
    /// - an edge of one crosses an edge of the other at a point interior to both,
    /// - a vertex of one lies strictly inside the other,
    /// - a stretch of an edge of one lies strictly inside the other (tested at
    ///   the middle of each piece between the other's vertices on the edge), or
    /// - the representative point of one lies strictly inside the other, which
    ///   catches equal polygons.
    ///
    /// "Strictly inside" means inside and farther than `tolerance` degrees
    /// from the boundary, so slivers thinner than the tolerance (by default
    /// about 0.01 mm) are not reported.
    public func overlaps(_ other: Polygon, tolerance: Double = 1e-10) -> Bool {
        overlaps(
            other, tolerance: tolerance,
            representativePoint: representativePoint, otherRepresentativePoint: other.representativePoint)
    }

    /// ``overlaps(_:tolerance:)`` with the representative points precomputed.
    func overlaps(
        _ other: Polygon, tolerance: Double,
        representativePoint: GeoPoint, otherRepresentativePoint: GeoPoint
    ) -> Bool {
        guard bbox.intersects(other.bbox) else { return false }
        let edges = self.edges, otherEdges = other.edges
        for (a, b) in edges {
            for (c, d) in otherEdges where Segments.crossProperly(a, b, c, d, tolerance: tolerance) { return true }
        }
        return hasBoundaryStrictlyInside(other, tolerance: tolerance)
            || other.hasBoundaryStrictlyInside(self, tolerance: tolerance)
            || other.containsStrictly(representativePoint, tolerance: tolerance)
            || containsStrictly(otherRepresentativePoint, tolerance: tolerance)
    }

    /// Whether `p` is inside and farther than `tolerance` from the boundary.
    func containsStrictly(_ p: GeoPoint, tolerance: Double) -> Bool {
        contains(p) && distanceToBoundary(p) > tolerance
    }

    /// Whether some vertex, or some stretch of an edge between the vertices of
    /// `other` lying on it, is strictly inside `other`.
    private func hasBoundaryStrictlyInside(_ other: Polygon, tolerance: Double) -> Bool {
        let otherVertices = other.rings.flatMap { $0 }
        for (a, b) in edges {
            if other.containsStrictly(a, tolerance: tolerance) { return true }
            // Split the edge at the vertices of `other` that lie on it.
            let dx = b.lon - a.lon, dy = b.lat - a.lat
            let lengthSquared = dx * dx + dy * dy
            guard lengthSquared > 0 else { continue }
            var cuts: [Double] = [0, 1]
            for v in otherVertices where Segments.distance(v, a, b) <= tolerance {
                let t = ((v.lon - a.lon) * dx + (v.lat - a.lat) * dy) / lengthSquared
                if t > 0, t < 1 { cuts.append(t) }
            }
            cuts.sort()
            for (t0, t1) in zip(cuts, cuts.dropFirst()) where t1 > t0 {
                let t = (t0 + t1) / 2
                let middle = GeoPoint(lon: a.lon + t * dx, lat: a.lat + t * dy)
                if other.containsStrictly(middle, tolerance: tolerance) { return true }
            }
        }
        return false
    }
}
