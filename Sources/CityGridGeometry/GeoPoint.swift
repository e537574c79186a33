/// A position on the WGS84 ellipsoid, in decimal degrees.
///
/// `GeoPoint` is a plain value: it neither normalises nor validates its
/// coordinates. Use ``isValidWGS84`` to check input from the outside world.
///
/// It encodes as `{"lon": 116.4, "lat": 39.9}`.
public struct GeoPoint: Hashable, Codable, Sendable {
    /// The longitude in degrees, positive east of Greenwich.
    public var lon: Double
    /// The latitude in degrees, positive north of the equator.
    public var lat: Double

    /// Creates a point from a longitude and a latitude, in degrees.
    @inlinable
    public init(lon: Double, lat: Double) {
        self.lon = lon
        self.lat = lat
    }

    /// Whether both coordinates are finite, the longitude is in `-180...180`
    /// and the latitude in `-90...90`.
    @inlinable
    public var isValidWGS84: Bool {
        lon.isFinite && lat.isFinite && (-180...180).contains(lon) && (-90...90).contains(lat)
    }
}

extension GeoPoint: CustomStringConvertible {
    /// The point as `(lon, lat)`, for logs and test failures.
    public var description: String { "(\(lon), \(lat))" }
}
