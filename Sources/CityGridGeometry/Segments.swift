/// Planar predicates on segments, used by validation and overlap detection.
///
/// Unlike the edge rule, these predicates work with a distance tolerance: a
/// point closer than `tolerance` degrees to a line counts as on it. They are
/// meant for checking imported geometry, where "touching" must survive the
/// rounding of coordinates that went through text, not for locating points.
enum Segments {
    /// The default tolerance, in degrees: about a hundredth of a millimetre.
    static let defaultTolerance = 1e-10

    /// The side of `p` relative to the directed line from `a` to `b`: +1 left,
    /// -1 right, 0 within `tolerance` of the line (or when `a == b`).
    static func side(_ p: GeoPoint, _ a: GeoPoint, _ b: GeoPoint, tolerance: Double) -> Int {
        let dx = b.lon - a.lon, dy = b.lat - a.lat
        let length = (dx * dx + dy * dy).squareRoot()
        guard length > 0 else { return 0 }
        let distance = (dx * (p.lat - a.lat) - dy * (p.lon - a.lon)) / length
        if distance > tolerance { return 1 }
        if distance < -tolerance { return -1 }
        return 0
    }

    /// The planar distance in degrees from `p` to the segment `a`–`b`.
    static func distance(_ p: GeoPoint, _ a: GeoPoint, _ b: GeoPoint) -> Double {
        let dx = b.lon - a.lon, dy = b.lat - a.lat
        let lengthSquared = dx * dx + dy * dy
        var t = lengthSquared > 0 ? ((p.lon - a.lon) * dx + (p.lat - a.lat) * dy) / lengthSquared : 0
        t = min(max(t, 0), 1)
        let ex = p.lon - (a.lon + t * dx), ey = p.lat - (a.lat + t * dy)
        return (ex * ex + ey * ey).squareRoot()
    }

    /// Whether the segments cross at a single point interior to both, with
    /// every endpoint farther than `tolerance` from the other segment's line.
    static func crossProperly(
        _ a: GeoPoint, _ b: GeoPoint, _ c: GeoPoint, _ d: GeoPoint, tolerance: Double
    ) -> Bool {
        let c1 = side(c, a, b, tolerance: tolerance), d1 = side(d, a, b, tolerance: tolerance)
        guard c1 * d1 < 0 else { return false }
        let a1 = side(a, c, d, tolerance: tolerance), b1 = side(b, c, d, tolerance: tolerance)
        return a1 * b1 < 0
    }

    /// Whether the closed segments share at least one point (within `tolerance`).
    static func intersect(
        _ a: GeoPoint, _ b: GeoPoint, _ c: GeoPoint, _ d: GeoPoint, tolerance: Double
    ) -> Bool {
        if crossProperly(a, b, c, d, tolerance: tolerance) { return true }
        return distance(c, a, b) <= tolerance || distance(d, a, b) <= tolerance
            || distance(a, c, d) <= tolerance || distance(b, c, d) <= tolerance
    }

    /// Whether the segments `p`–`q` and `q`–`r`, which meet at `q`, overlap
    /// along a stretch of positive length (the ring doubles back on itself).
    static func foldBack(_ p: GeoPoint, _ q: GeoPoint, _ r: GeoPoint, tolerance: Double) -> Bool {
        guard side(r, p, q, tolerance: tolerance) == 0 || side(p, q, r, tolerance: tolerance) == 0 else { return false }
        return (p.lon - q.lon) * (r.lon - q.lon) + (p.lat - q.lat) * (r.lat - q.lat) > 0
    }
}
