extension Polygon {
    /// Every edge of every ring, exterior first, as pairs of consecutive
    /// vertices (the closing edge included).
    public var edges: [(GeoPoint, GeoPoint)] {
        rings.flatMap(Polygon.edges(of:))
    }

    /// The edges of one open ring, the closing edge included.
    static func edges(of ring: [GeoPoint]) -> [(GeoPoint, GeoPoint)] {
        guard ring.count > 1 else { return [] }
        return ring.indices.map { (ring[$0], ring[($0 + 1) % ring.count]) }
    }

    /// The planar distance in degrees from `p` to the nearest edge of any ring
    /// (infinity when the polygon has no edges).
    public func distanceToBoundary(_ p: GeoPoint) -> Double {
        var best = Double.infinity
        for ring in rings {
            guard var a = ring.last else { continue }
            for b in ring {
                best = min(best, Segments.distance(p, a, b))
                a = b
            }
        }
        return best
    }
}
