extension Polygon {
    /// The area in square metres: the exterior minus the holes.
    ///
    /// Vertices are projected with a ``LocalProjection`` centred on the mean
    /// latitude of the exterior, then measured with the shoelace formula. For
    /// polygons of a few hundred metres the error against the spherical area is
    /// a few parts per million; rings that intersect themselves give
    /// meaningless results (see ``validate()``).
    public var areaSquareMetres: Double {
        guard let first = exterior.first else { return 0 }
        let meanLat = exterior.reduce(0) { $0 + $1.lat } / Double(exterior.count)
        let projection = LocalProjection(origin: GeoPoint(lon: first.lon, lat: meanLat))
        let area = abs(Polygon.signedArea(exterior, projection))
        return holes.reduce(area) { $0 - abs(Polygon.signedArea($1, projection)) }
    }

    /// The area centroid of the exterior ring (holes are ignored).
    ///
    /// The centroid is invariant under the affine map from degrees to local
    /// metres, so it is computed directly in degrees, relative to the first
    /// vertex for precision. It may lie outside a concave polygon; use
    /// ``representativePoint`` for a point guaranteed inside. A ring without
    /// area yields the mean of its vertices, and an empty ring yields NaN.
    public var centroid: GeoPoint {
        guard let origin = exterior.first else { return GeoPoint(lon: .nan, lat: .nan) }
        var twiceArea = 0.0, sumX = 0.0, sumY = 0.0
        var a = exterior[exterior.count - 1]
        var ax = a.lon - origin.lon, ay = a.lat - origin.lat
        for b in exterior {
            let bx = b.lon - origin.lon, by = b.lat - origin.lat
            let cross = ax * by - bx * ay
            twiceArea += cross
            sumX += (ax + bx) * cross
            sumY += (ay + by) * cross
            (a, ax, ay) = (b, bx, by)
        }
        let box = bbox
        guard abs(twiceArea) > 1e-12 * max(box.width * box.height, .leastNormalMagnitude) else {
            let n = Double(exterior.count)
            return GeoPoint(
                lon: exterior.reduce(0) { $0 + $1.lon } / n,
                lat: exterior.reduce(0) { $0 + $1.lat } / n)
        }
        return GeoPoint(lon: origin.lon + sumX / (3 * twiceArea), lat: origin.lat + sumY / (3 * twiceArea))
    }

    /// The shoelace area of a ring in square metres, positive when counter-clockwise.
    static func signedArea(_ ring: [GeoPoint], _ projection: LocalProjection) -> Double {
        guard var a = ring.last.map(projection.toMetres) else { return 0 }
        var twiceArea = 0.0
        for point in ring {
            let b = projection.toMetres(point)
            twiceArea += a.x * b.y - b.x * a.y
            a = b
        }
        return twiceArea / 2
    }
}
