/// A planar polygon in longitude/latitude: one exterior ring and any number of holes.
///
/// Rings are stored **open**: the first vertex is not repeated at the end.
/// ``init(exterior:holes:)`` and decoding drop a repeated closing vertex, and
/// ``closedRings`` adds it back for GeoJSON. Rings may be in either
/// orientation; no operation of this module depends on it.
///
/// Rings are numbered in problems and documentation as in GeoJSON: ring 0 is
/// the exterior and ring `k` (for `k ≥ 1`) is `holes[k - 1]`.
///
/// The geometry is planar: edges are straight lines in degree space, which is
/// indistinguishable from the geodesic at the scale of city grids.
///
/// It encodes as `{"exterior": [{"lon": …, "lat": …}, …], "holes": [[…], …]}`.
public struct Polygon: Hashable, Codable, Sendable {
    /// The outer ring, open.
    public var exterior: [GeoPoint]
    /// The inner rings, open. Points inside a hole are outside the polygon.
    public var holes: [[GeoPoint]]

    /// Creates a polygon, dropping a repeated closing vertex from each ring.
    public init(exterior: [GeoPoint], holes: [[GeoPoint]] = []) {
        self.exterior = Polygon.openRing(exterior)
        self.holes = holes.map(Polygon.openRing)
    }

    /// Every ring, exterior first, each still open.
    public var rings: [[GeoPoint]] { [exterior] + holes }

    /// Every ring, exterior first, each closed by repeating its first vertex at
    /// the end, as GeoJSON requires.
    public var closedRings: [[GeoPoint]] {
        rings.map { ring in ring.first.map { ring + [$0] } ?? ring }
    }

    /// The bounding box of the exterior ring (holes lie inside it).
    public var bbox: BoundingBox { BoundingBox.around(exterior) }

    /// Removes a repeated closing vertex, if any.
    static func openRing(_ ring: [GeoPoint]) -> [GeoPoint] {
        if ring.count > 1, ring.first == ring.last { return Array(ring.dropLast()) }
        return ring
    }

    private enum CodingKeys: String, CodingKey { case exterior, holes }

    /// Decodes a polygon; `holes` may be absent, and closed rings are opened.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            exterior: try container.decode([GeoPoint].self, forKey: .exterior),
            holes: try container.decodeIfPresent([[GeoPoint]].self, forKey: .holes) ?? [])
    }
}
