import CityGridGeometry

/// A tiny seeded generator (SplitMix64), so randomized tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A city-like tiling: a lattice of quads of about `cellMetres` around
/// 116.4E 39.9N whose interior vertices are jittered, so neighbours share
/// identical, irregular vertices. The outer frame is left straight, so that
/// its edges are exactly vertical and horizontal.
struct JitteredTiling {
    let columns: Int
    let rows: Int
    /// Lattice vertices, `vertices[row][column]`, rows from south to north.
    let vertices: [[GeoPoint]]
    /// Cell (column, row) is `polygons[row * columns + column]`, counter-clockwise.
    let polygons: [Polygon]

    init(columns: Int, rows: Int, cellMetres: Double = 100, jitter: Double = 0.3, seed: UInt64) {
        self.columns = columns
        self.rows = rows
        var rng = SplitMix64(seed: seed)
        let projection = LocalProjection(origin: GeoPoint(lon: 116.4, lat: 39.9))
        var vertices: [[GeoPoint]] = []
        for row in 0...rows {
            var line: [GeoPoint] = []
            for column in 0...columns {
                let interior = row > 0 && row < rows && column > 0 && column < columns
                let dx = interior ? Double.random(in: -jitter...jitter, using: &rng) : 0
                let dy = interior ? Double.random(in: -jitter...jitter, using: &rng) : 0
                line.append(projection.toGeo(x: (Double(column) + dx) * cellMetres, y: (Double(row) + dy) * cellMetres))
            }
            vertices.append(line)
        }
        self.vertices = vertices
        var polygons: [Polygon] = []
        for row in 0..<rows {
            for column in 0..<columns {
                polygons.append(Polygon(exterior: [
                    vertices[row][column], vertices[row][column + 1],
                    vertices[row + 1][column + 1], vertices[row + 1][column],
                ]))
            }
        }
        self.polygons = polygons
    }

    /// The straight outer frame.
    var bbox: BoundingBox { BoundingBox.around(vertices.joined()) }

    /// Every lattice edge, once, as its two end vertices.
    var edges: [(GeoPoint, GeoPoint)] {
        var edges: [(GeoPoint, GeoPoint)] = []
        for row in 0...rows {
            for column in 0...columns {
                if column < columns { edges.append((vertices[row][column], vertices[row][column + 1])) }
                if row < rows { edges.append((vertices[row][column], vertices[row + 1][column])) }
            }
        }
        return edges
    }
}

/// The number of polygons containing `p`, by brute force.
func containingCount(_ polygons: [Polygon], _ p: GeoPoint) -> Int {
    polygons.reduce(0) { $0 + ($1.contains(p) ? 1 : 0) }
}

/// An axis-aligned rectangle, counter-clockwise from the south-west corner.
func rectangle(_ minLon: Double, _ minLat: Double, _ maxLon: Double, _ maxLat: Double) -> Polygon {
    Polygon(exterior: [
        GeoPoint(lon: minLon, lat: minLat), GeoPoint(lon: maxLon, lat: minLat),
        GeoPoint(lon: maxLon, lat: maxLat), GeoPoint(lon: minLon, lat: maxLat),
    ])
}

/// Shorthand for a point.
func pt(_ lon: Double, _ lat: Double) -> GeoPoint { GeoPoint(lon: lon, lat: lat) }

/// A polygon from (lon, lat) pairs.
func polygon(_ pairs: [(Double, Double)], holes: [[(Double, Double)]] = []) -> Polygon {
    Polygon(exterior: pairs.map { pt($0.0, $0.1) }, holes: holes.map { $0.map { pt($0.0, $0.1) } })
}
