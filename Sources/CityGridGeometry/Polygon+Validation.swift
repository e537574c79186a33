extension Polygon {
    /// Checks that the polygon is fit for the grid and returns every problem
    /// found; an empty array means the polygon is valid.
    ///
    /// The checks, in order:
    /// 1. every vertex is a finite WGS84 coordinate (if not, the geometric
    ///    checks are skipped: they would be meaningless);
    /// 2. every ring has at least three distinct vertices, and no vertex repeats
    ///    the one before it;
    /// 3. no ring intersects itself: non-adjacent edges neither cross nor touch,
    ///    and adjacent edges do not fold back onto each other;
    /// 4. the exterior encloses some area;
    /// 5. every hole lies inside the exterior (touching it is allowed), and no
    ///    two holes overlap.
    ///
    /// "Touching" is decided with a tolerance of about 0.01 mm. The
    /// self-intersection test compares every pair of edges, which is quick for
    /// the rings of a few dozen vertices that grids have.
    public func validate() -> [GeometryProblem] {
        let rings = self.rings
        var problems: [GeometryProblem] = []
        for (r, ring) in rings.enumerated() {
            for (v, point) in ring.enumerated() where !point.isValidWGS84 {
                problems.append(.invalidCoordinate(ring: r, vertex: v))
            }
        }
        guard problems.isEmpty else { return problems }

        let tolerance = Segments.defaultTolerance
        var usable = Array(repeating: true, count: rings.count)
        for (r, ring) in rings.enumerated() {
            if Set(ring).count < 3 {
                problems.append(.tooFewVertices(ring: r))
                usable[r] = false
                continue
            }
            for v in ring.indices where ring[v] == ring[v == 0 ? ring.count - 1 : v - 1] {
                problems.append(.repeatedVertex(ring: r, vertex: v))
            }
            if Polygon.intersectsItself(Polygon.withoutRepeats(ring), tolerance: tolerance) {
                problems.append(.selfIntersection(ring: r))
                usable[r] = false
            }
        }
        if Set(exterior).count >= 3,
           abs(Polygon.signedArea(exterior, LocalProjection(origin: exterior[0]))) < 1e-6 {
            problems.append(.zeroArea)
        }
        guard usable[0] else { return problems }

        let outer = Polygon(exterior: exterior)
        for (h, hole) in holes.enumerated() where usable[h + 1] {
            if !Polygon.ring(hole, liesWithin: outer, tolerance: tolerance) {
                problems.append(.holeOutsideExterior(hole: h))
            }
        }
        for h in holes.indices where usable[h + 1] {
            for k in holes.indices.dropFirst(h + 1) where usable[k + 1] {
                if Polygon(exterior: holes[h]).overlaps(Polygon(exterior: holes[k]), tolerance: tolerance) {
                    problems.append(.holesOverlap(hole: h, otherHole: k))
                }
            }
        }
        return problems
    }

    /// The ring with every vertex equal to its predecessor removed.
    static func withoutRepeats(_ ring: [GeoPoint]) -> [GeoPoint] {
        var result: [GeoPoint] = []
        for point in ring where point != result.last { result.append(point) }
        while result.count > 1, result.first == result.last { result.removeLast() }
        return result
    }

    /// Whether two non-adjacent edges of the ring cross or touch, or two
    /// adjacent edges fold back onto each other.
    static func intersectsItself(_ ring: [GeoPoint], tolerance: Double) -> Bool {
        let n = ring.count
        guard n >= 3 else { return false }
        for i in 0..<n {
            let a = ring[i], b = ring[(i + 1) % n], c = ring[(i + 2) % n]
            if Segments.foldBack(a, b, c, tolerance: tolerance) { return true }
            // Edges i and j are adjacent when j == i + 1, or i == 0 and j == n - 1.
            for j in stride(from: i + 2, to: n, by: 1) where !(i == 0 && j == n - 1) {
                if Segments.intersect(a, b, ring[j], ring[(j + 1) % n], tolerance: tolerance) { return true }
            }
        }
        return false
    }

    /// Whether every vertex of `ring` is inside `outer` or on its boundary and
    /// no edge of `ring` crosses the boundary of `outer`.
    static func ring(_ ring: [GeoPoint], liesWithin outer: Polygon, tolerance: Double) -> Bool {
        let edges = outer.edges
        for point in ring where !outer.contains(point) {
            if outer.distanceToBoundary(point) > tolerance { return false }
        }
        for (a, b) in Polygon.edges(of: ring) {
            for (c, d) in edges where Segments.crossProperly(a, b, c, d, tolerance: tolerance) { return false }
        }
        return true
    }
}
