extension Polygon {
    /// A point guaranteed to lie strictly inside the polygon, away from its
    /// boundary, even when the polygon is concave or has holes.
    ///
    /// Horizontal scanlines are drawn halfway between consecutive distinct
    /// vertex latitudes, so that they meet no vertex and no horizontal edge.
    /// Along each, the polygon's inside is a set of intervals between
    /// consecutive crossings; the result is the middle of the interval that is
    /// widest (in local metres, and capped by the height of the latitude band,
    /// so that the point is central in both directions). For polygons with many
    /// vertices only the tallest bands are tried.
    ///
    /// Returns ``centroid`` when the polygon has no area (no inside interval).
    public var representativePoint: GeoPoint {
        let rings = self.rings.filter { $0.count >= 3 }
        var lats = rings.flatMap { $0.map(\.lat) }.filter(\.isFinite)
        lats.sort()
        var bands: [(low: Double, high: Double)] = []
        for (low, high) in zip(lats, lats.dropFirst()) where low < high { bands.append((low, high)) }
        let maxBands = 48
        if bands.count > maxBands {
            bands.sort { $0.high - $0.low > $1.high - $1.low }
            bands.removeLast(bands.count - maxBands)
        }
        let lonScale = cosine(degrees: lats.isEmpty ? 0 : (lats[0] + lats[lats.count - 1]) / 2)

        var best: GeoPoint?
        var bestScore = -Double.infinity
        var crossings: [Double] = []
        for band in bands {
            let y = band.low + (band.high - band.low) / 2
            crossings.removeAll(keepingCapacity: true)
            for ring in rings {
                var a = ring[ring.count - 1]
                for b in ring {
                    if (a.lat > y) != (b.lat > y) {
                        crossings.append(a.lon + (y - a.lat) * (b.lon - a.lon) / (b.lat - a.lat))
                    }
                    a = b
                }
            }
            crossings.sort()
            var i = 0
            while i + 1 < crossings.count {
                let width = (crossings[i + 1] - crossings[i]) * lonScale
                let score = min(width, band.high - band.low)
                if width > 0, score > bestScore {
                    let candidate = GeoPoint(lon: crossings[i] + (crossings[i + 1] - crossings[i]) / 2, lat: y)
                    if contains(candidate) {
                        bestScore = score
                        best = candidate
                    }
                }
                i += 2
            }
        }
        return best ?? centroid
    }
}
