import CityGridCore
import CityGridService
import Foundation

/// The city's grids drawn on a map (网格地图底图): every grid's outline as GeoJSON with only its code,
/// coordinates rounded to 1e-5 degrees (about a metre) and points that rounding made equal dropped.
/// The full `grids.geojson` carries names and parents for every grid (12 MB for the demo city's
/// 20,480 grids); a map needs only the outline and the code to join the figures it colours by.
/// Written once per configuration version; ``version`` keys the server's ETag and compressed copy.
public struct MapGeometry: Sendable {
    /// The configuration version the grids are of.
    public let version: Int64
    public let geoJSON: [UInt8]

    public init(version: Int64, geoJSON: [UInt8]) {
        self.version = version
        self.geoJSON = geoJSON
    }

    /// Rounding step of the coordinates, in degrees.
    public static let step = 1e-5

    static func write(_ grids: [UnitGrid]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(grids.count * 240)
        out += Array("{\"type\":\"FeatureCollection\",\"features\":[".utf8)
        for (i, grid) in grids.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out += Array("\n{\"type\":\"Feature\",\"properties\":{\"code\":".utf8)
            out += Array(GridGeoJSON.quote(grid.code.rawValue).utf8)
            out += Array("},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[".utf8)
            for (r, ring) in grid.boundary.closedRings.enumerated() {
                if r > 0 { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "["))
                var last: (Int64, Int64)?
                var written = 0
                for point in ring {
                    let q = (Int64((point.lon / step).rounded()), Int64((point.lat / step).rounded()))
                    if let last, last == q { continue }
                    if written > 0 { out.append(UInt8(ascii: ",")) }
                    out += Array("[\(fixed5(q.0)),\(fixed5(q.1))]".utf8)
                    last = q
                    written += 1
                }
                out.append(UInt8(ascii: "]"))
            }
            out += Array("]}}".utf8)
        }
        out += Array("\n]}\n".utf8)
        return out
    }

    /// `units` hundred-thousandths as a decimal with five places, without floating-point formatting.
    static func fixed5(_ units: Int64) -> String {
        let sign = units < 0 ? "-" : ""
        let magnitude = units.magnitude
        let fraction = String(magnitude % 100_000)
        return sign + String(magnitude / 100_000) + "." + String(repeating: "0", count: 5 - fraction.count) + fraction
    }
}

extension CityApplication {
    /// The grid outlines of the current configuration for maps, written in ``HeavyWork`` (20,000
    /// grids take a fraction of a second) the first time a version is asked for, then kept with it.
    public func mapGeometry() async throws -> MapGeometry {
        let current = self.current
        // Kept: no hop to the heavy-work threads on every map request.
        if let kept = current.mapGeometry.peek() { return kept }
        return try await heavy.run {
            current.mapGeometry.get { MapGeometry(version: current.version, geoJSON: MapGeometry.write(current.city.grids)) }
        }
    }
}
