import CityGridCore
import CityGridGeometry
import Foundation

/// Unit grids as a GeoJSON FeatureCollection (RFC 7946, WGS84 longitude/latitude, 7 decimals):
/// what `citygrid export grids` writes, what `/api/v1/grids.geojson` serves and what
/// `citygrid import grids` reads back.
///
/// Each feature's properties: `code` (15 digits), `name`, `name_en`, `community_code`,
/// `subdistrict_code`, `district_code`, `area_m2`; and, when known, `community_name`,
/// `subdistrict_name`, `district_name` (Chinese) so that a file carries the whole hierarchy.
public enum GridGeoJSON {
    /// Writes the collection piece by piece to `write` (one feature per line).
    public static func write(_ grids: some Sequence<UnitGrid>, regions: [RegionCode: Region], to write: (String) throws -> Void) rethrows {
        try write("{\"type\":\"FeatureCollection\",\"features\":[\n")
        var first = true
        for grid in grids {
            try write((first ? "" : ",\n") + feature(grid, regions: regions))
            first = false
        }
        try write("\n]}\n")
    }

    /// One grid's feature; `extra` adds properties (name and JSON value), e.g. a hot spot's z-score.
    public static func feature(_ grid: UnitGrid, regions: [RegionCode: Region], extra: [(String, String)] = []) -> String {
        let chain = GridChain(grid: grid.code)
        var properties: [(String, String)] = [
            ("code", quote(grid.code.rawValue)), ("name", quote(grid.name.zh)), ("name_en", quote(grid.name.en)),
            ("community_code", quote(chain.community.rawValue)), ("subdistrict_code", quote(chain.subdistrict.rawValue)),
            ("district_code", quote(chain.district.rawValue)),
            ("area_m2", String(format: "%.1f", grid.areaSquareMetres)),
        ]
        for (key, code) in [("community_name", chain.community), ("subdistrict_name", chain.subdistrict), ("district_name", chain.district)] {
            if let region = regions[code] { properties.append((key, quote(region.name.zh))) }
        }
        properties += extra
        let rings = grid.boundary.closedRings.map { ring in
            "[" + ring.map { "[\(Decimal7.format($0.lon)),\(Decimal7.format($0.lat))]" }.joined(separator: ",") + "]"
        }.joined(separator: ",")
        return "{\"type\":\"Feature\",\"properties\":{" + properties.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",")
            + "},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[" + rings + "]}}"
    }

    /// A JSON string literal.
    public static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}
