import CityGridCore
import CityGridGeometry
import Foundation

/// One reason a grid file was refused, naming the feature.
public struct GridImportProblem: Hashable, Sendable, CustomStringConvertible {
    /// The feature's position in the file (0-based), or `nil` for the file as a whole.
    public var feature: Int?
    /// The feature's code, when it had a readable one.
    public var code: String?
    public var message: String

    public var description: String {
        var where_ = feature.map { "feature \($0)" } ?? "file"
        if let code { where_ += " (\(code))" }
        return "\(where_): \(message)"
    }
}

/// The refusal of a whole grid file: every problem found, nothing imported.
public struct GridImportError: Error, Sendable, CustomStringConvertible {
    public var problems: [GridImportProblem]
    public var description: String {
        "The grid file was refused (\(problems.count) problem\(problems.count == 1 ? "" : "s"); nothing was imported):\n"
            + problems.prefix(200).map { "  - \($0)" }.joined(separator: "\n")
            + (problems.count > 200 ? "\n  … and \(problems.count - 200) more" : "")
    }
}

/// Reads a real city's unit grids from a GeoJSON FeatureCollection: each feature a Polygon (or a
/// MultiPolygon of one polygon) with a 15-digit `code` and a `name`; optional `name_en`,
/// `community_name`, `subdistrict_name`, `district_name` name the regions above. The whole file is
/// checked before anything is written: malformed or duplicate codes, invalid geometry and grids
/// that overlap are all reported, by feature.
public enum GridImport {
    /// The grids of a file that passed every check, and the regions their codes imply.
    public struct Grids: Sendable {
        public var grids: [UnitGrid]
        public var regions: [Region]
    }

    public static func read(_ data: Data) throws(GridImportError) -> Grids {
        func fail(_ message: String) -> GridImportError { GridImportError(problems: [GridImportProblem(message: message)]) }
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data) } catch {
            throw fail("not valid JSON (\(error.localizedDescription))")
        }
        guard let collection = root as? [String: Any], collection["type"] as? String == "FeatureCollection",
              let features = collection["features"] as? [Any] else {
            throw fail("not a GeoJSON FeatureCollection with a \"features\" array")
        }
        guard !features.isEmpty else { throw fail("the collection has no features") }
        var problems: [GridImportProblem] = []
        var grids: [UnitGrid] = []
        var seen: [String: Int] = [:]
        var names: [RegionCode: LocalizedText] = [:]
        for (index, item) in features.enumerated() {
            func problem(_ message: String, _ code: String? = nil) { problems.append(GridImportProblem(feature: index, code: code, message: message)) }
            guard let feature = item as? [String: Any], feature["type"] as? String == "Feature" else { problem("not a Feature"); continue }
            let properties = feature["properties"] as? [String: Any] ?? [:]
            guard let codeText = properties["code"] as? String else { problem("missing the string property \"code\""); continue }
            guard let code = RegionCode(codeText), code.level == .grid else {
                problem("code \"\(codeText)\" is not a 15-digit grid code (6-digit admin code, then 3-digit subdistrict, community and serial, none all zeros)", codeText)
                continue
            }
            if let earlier = seen[codeText] { problem("duplicate code, first used by feature \(earlier)", codeText); continue }
            seen[codeText] = index
            guard let name = properties["name"] as? String, !name.isEmpty else { problem("missing the string property \"name\"", codeText); continue }
            let polygon: Polygon
            switch parsePolygon(feature["geometry"]) {
            case .failure(let message): problem(message, codeText); continue
            case .success(let p): polygon = p
            }
            let geometryProblems = polygon.validate()
            if !geometryProblems.isEmpty {
                problem("invalid geometry: " + geometryProblems.map(\.description).joined(separator: "; "), codeText)
                continue
            }
            let chain = GridChain(grid: code)
            for (key, region) in [("community_name", chain.community), ("subdistrict_name", chain.subdistrict), ("district_name", chain.district)] {
                if names[region] == nil, let text = properties[key] as? String, !text.isEmpty {
                    names[region] = LocalizedText(zh: text, en: text)
                }
            }
            grids.append(UnitGrid(code: code, name: LocalizedText(zh: name, en: properties["name_en"] as? String ?? name), boundary: polygon))
        }
        if problems.isEmpty {
            let index = PolygonIndex(polygons: grids.map(\.boundary))
            for (a, b) in index.overlappingPairs() {
                problems.append(GridImportProblem(feature: seen[grids[a].code.rawValue], code: grids[a].code.rawValue,
                                                  message: "overlaps grid \(grids[b].code.rawValue) (feature \(seen[grids[b].code.rawValue]!))"))
            }
        }
        guard problems.isEmpty else { throw GridImportError(problems: problems) }
        var regionCodes = Set<RegionCode>()
        for grid in grids { regionCodes.formUnion(GridChain(grid: grid.code).regionsAbove) }
        let regions = regionCodes.sorted().map { code in
            Region(code: code, name: names[code] ?? LocalizedText(zh: "\(code.level.label.zh) \(code)", en: "\(code.level.label.en) \(code)"))
        }
        return Grids(grids: grids.sorted { $0.code < $1.code }, regions: regions)
    }

    private enum Parsed { case success(Polygon), failure(String) }

    private static func parsePolygon(_ geometry: Any?) -> Parsed {
        guard let geometry = geometry as? [String: Any], let type = geometry["type"] as? String else {
            return .failure("missing geometry")
        }
        var rings: Any? = geometry["coordinates"]
        switch type {
        case "Polygon": break
        case "MultiPolygon":
            guard let parts = rings as? [Any], parts.count == 1 else {
                return .failure("a MultiPolygon of several parts: a unit grid must be one polygon")
            }
            rings = parts[0]
        default: return .failure("geometry type \(type): a unit grid must be a Polygon")
        }
        guard let ringList = rings as? [Any], !ringList.isEmpty else { return .failure("a Polygon without rings") }
        var parsed: [[GeoPoint]] = []
        for (r, ring) in ringList.enumerated() {
            guard let positions = ring as? [Any] else { return .failure("ring \(r) is not an array of positions") }
            var points: [GeoPoint] = []
            for (v, position) in positions.enumerated() {
                guard let pair = position as? [Any], pair.count >= 2, let lon = (pair[0] as? NSNumber)?.doubleValue,
                      let lat = (pair[1] as? NSNumber)?.doubleValue else {
                    return .failure("ring \(r) vertex \(v) is not a [lon, lat] position")
                }
                points.append(GeoPoint(lon: lon, lat: lat))
            }
            guard points.count >= 4, points.first == points.last else {
                return .failure("ring \(r) is not closed (GeoJSON rings repeat their first position at the end, 4 positions at least)")
            }
            parsed.append(points)
        }
        return .success(Polygon(exterior: parsed[0], holes: Array(parsed.dropFirst())))
    }
}
