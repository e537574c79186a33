import CityGridGeometry

/// The geometry of the demo city: a lattice of jittered vertices whose cells, each an irregular
/// octagon (four jittered corners and four jittered edge midpoints, all shared with the neighbours),
/// tile the plane with no gaps and no overlaps. Every coordinate is rounded to 1e-7 degrees, the
/// precision of the exports, so that what is exported is exactly what is stored.
struct DemoLattice {
    let columns: Int
    let rows: Int
    private var corners: [GeoPoint]      // (columns + 1) × (rows + 1)
    private var horizontalMid: [GeoPoint] // columns × (rows + 1): edge (i, j)–(i + 1, j)
    private var verticalMid: [GeoPoint]   // (columns + 1) × rows: edge (i, j)–(i, j + 1)
    /// Cell centres in metres from the origin, for clustering.
    private(set) var centres: [(x: Double, y: Double)]

    init(columns: Int, rows: Int, cellMetres cell: Double, origin: GeoPoint, rng: inout SplitMix64) {
        self.columns = columns
        self.rows = rows
        let projection = LocalProjection(origin: origin)
        func geo(_ x: Double, _ y: Double) -> GeoPoint {
            let p = projection.toGeo(x: x, y: y)
            return GeoPoint(lon: (p.lon * 1e7).rounded() / 1e7, lat: (p.lat * 1e7).rounded() / 1e7)
        }
        let x0 = -Double(columns) * cell / 2, y0 = -Double(rows) * cell / 2
        var cornerXY: [(Double, Double)] = []
        cornerXY.reserveCapacity((columns + 1) * (rows + 1))
        for j in 0...rows {
            for i in 0...columns {
                cornerXY.append((x0 + Double(i) * cell + rng.uniform(-0.22, 0.22) * cell,
                                 y0 + Double(j) * cell + rng.uniform(-0.22, 0.22) * cell))
            }
        }
        corners = cornerXY.map { geo($0.0, $0.1) }
        var horizontal: [GeoPoint] = []
        for j in 0...rows {
            for i in 0..<columns {
                let a = cornerXY[j * (columns + 1) + i], b = cornerXY[j * (columns + 1) + i + 1]
                horizontal.append(geo((a.0 + b.0) / 2 + rng.uniform(-0.08, 0.08) * cell, (a.1 + b.1) / 2 + rng.uniform(-0.14, 0.14) * cell))
            }
        }
        horizontalMid = horizontal
        var vertical: [GeoPoint] = []
        for j in 0..<rows {
            for i in 0...columns {
                let a = cornerXY[j * (columns + 1) + i], b = cornerXY[(j + 1) * (columns + 1) + i]
                vertical.append(geo((a.0 + b.0) / 2 + rng.uniform(-0.14, 0.14) * cell, (a.1 + b.1) / 2 + rng.uniform(-0.08, 0.08) * cell))
            }
        }
        verticalMid = vertical
        var centres: [(x: Double, y: Double)] = []
        for j in 0..<rows {
            for i in 0..<columns {
                centres.append((x0 + (Double(i) + 0.5) * cell, y0 + (Double(j) + 0.5) * cell))
            }
        }
        self.centres = centres
    }

    /// The polygon of cell `(i, j)` (`j` grows northwards), counter-clockwise.
    func polygon(column i: Int, row j: Int) -> Polygon {
        let c = columns + 1
        return Polygon(exterior: [
            corners[j * c + i], horizontalMid[j * columns + i], corners[j * c + i + 1], verticalMid[j * c + i + 1],
            corners[(j + 1) * c + i + 1], horizontalMid[(j + 1) * columns + i], corners[(j + 1) * c + i], verticalMid[j * c + i],
        ])
    }
}
