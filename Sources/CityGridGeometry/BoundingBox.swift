/// An axis-aligned rectangle in longitude/latitude, closed on all sides.
///
/// The box does not handle the antimeridian: `minLon` is always the western
/// and `maxLon` the eastern side. The ``empty`` box (with `min > max`) is the
/// identity of ``union(_:)``, contains no point and intersects nothing.
public struct BoundingBox: Hashable, Sendable, Codable {
    /// The western side, in degrees.
    public var minLon: Double
    /// The southern side, in degrees.
    public var minLat: Double
    /// The eastern side, in degrees.
    public var maxLon: Double
    /// The northern side, in degrees.
    public var maxLat: Double

    /// Creates a box from its sides.
    @inlinable
    public init(minLon: Double, minLat: Double, maxLon: Double, maxLat: Double) {
        self.minLon = minLon
        self.minLat = minLat
        self.maxLon = maxLon
        self.maxLat = maxLat
    }

    /// The box that contains nothing, the identity of ``union(_:)``.
    public static let empty = BoundingBox(minLon: .infinity, minLat: .infinity, maxLon: -.infinity, maxLat: -.infinity)

    /// The smallest box containing every point, or ``empty`` when `points` is empty.
    public static func around(_ points: some Sequence<GeoPoint>) -> BoundingBox {
        var box = BoundingBox.empty
        for p in points {
            box.minLon = min(box.minLon, p.lon)
            box.minLat = min(box.minLat, p.lat)
            box.maxLon = max(box.maxLon, p.lon)
            box.maxLat = max(box.maxLat, p.lat)
        }
        return box
    }

    /// Whether the box contains no point at all.
    @inlinable
    public var isEmpty: Bool { !(minLon <= maxLon && minLat <= maxLat) }

    /// The east-west extent in degrees (0 for an empty box).
    public var width: Double { isEmpty ? 0 : maxLon - minLon }

    /// The north-south extent in degrees (0 for an empty box).
    public var height: Double { isEmpty ? 0 : maxLat - minLat }

    /// The middle of the box.
    public var center: GeoPoint { GeoPoint(lon: (minLon + maxLon) / 2, lat: (minLat + maxLat) / 2) }

    /// Whether `p` lies inside the box or on its boundary.
    @inlinable
    public func contains(_ p: GeoPoint) -> Bool {
        p.lon >= minLon && p.lon <= maxLon && p.lat >= minLat && p.lat <= maxLat
    }

    /// Whether the two closed boxes share at least one point (touching counts).
    @inlinable
    public func intersects(_ other: BoundingBox) -> Bool {
        minLon <= other.maxLon && other.minLon <= maxLon && minLat <= other.maxLat && other.minLat <= maxLat
    }

    /// The smallest box containing both boxes.
    public func union(_ other: BoundingBox) -> BoundingBox {
        BoundingBox(
            minLon: min(minLon, other.minLon), minLat: min(minLat, other.minLat),
            maxLon: max(maxLon, other.maxLon), maxLat: max(maxLat, other.maxLat))
    }

    /// The box grown by `degrees` on every side (shrunk when negative).
    public func expanded(by degrees: Double) -> BoundingBox {
        BoundingBox(minLon: minLon - degrees, minLat: minLat - degrees, maxLon: maxLon + degrees, maxLat: maxLat + degrees)
    }
}
