import CityGridAnalytics
import CityGridCore
import Foundation

/// Hot spot results as CSV (`grid_code,cases,z,p,class`, the anchor's first three columns first), as
/// GeoJSON (each grid with its figures, for a map) and as a summary table.
public enum HotSpotFormats {
    public static func csv(_ cells: [HotSpotAnalysis.Cell]) -> String {
        var out = "grid_code,cases,z,p,class\n"
        for c in cells { out += "\(c.gridCode.rawValue),\(c.cases),\(c.z),\(c.p),\(c.hotSpotClass.rawValue)\n" }
        return out
    }

    public static func geoJSON(_ cells: [HotSpotAnalysis.Cell], city: CityModel, regions: [RegionCode: Region], write: (String) -> Void) {
        let byCode = Dictionary(cells.map { ($0.gridCode, $0) }, uniquingKeysWith: { a, _ in a })
        write("{\"type\":\"FeatureCollection\",\"features\":[\n")
        var first = true
        for grid in city.grids {
            guard let c = byCode[grid.code] else { continue }
            let extra = [("cases", String(c.cases)), ("z", "\(c.z)"), ("p", "\(c.p)"), ("class", String(c.hotSpotClass.rawValue)),
                         ("class_label", GridGeoJSON.quote(c.hotSpotClass.label.zh)), ("class_label_en", GridGeoJSON.quote(c.hotSpotClass.label.en))]
            write((first ? "" : ",\n") + GridGeoJSON.feature(grid, regions: regions, extra: extra))
            first = false
        }
        write("\n]}\n")
    }

    /// How many grids fall in each class, then the hottest `top` grids with their community.
    public static func table(_ cells: [HotSpotAnalysis.Cell], regions: [RegionCode: Region], top: Int, language: Language) -> String {
        var lines: [String] = []
        var counts: [HotSpotClass: Int] = [:]
        for c in cells { counts[c.hotSpotClass, default: 0] += 1 }
        for k in HotSpotClass.allCases.sorted(by: { $0.rawValue > $1.rawValue }) {
            lines.append("\(k.label.text(language))\t\(counts[k, default: 0])")
        }
        lines.append("")
        lines.append((language == .zh ? ["网格", "社区", "案件", "z", "p", "类别"] : ["Grid", "Community", "Cases", "z", "p", "Class"]).joined(separator: "\t"))
        for c in cells.sorted(by: { $0.z > $1.z || ($0.z == $1.z && $0.gridCode.rawValue < $1.gridCode.rawValue) }).prefix(top) {
            let community = c.gridCode.ancestor(at: .community).flatMap { regions[$0] }?.name.text(language) ?? ""
            lines.append("\(c.gridCode.rawValue)\t\(community)\t\(c.cases)\t\(String(format: "%.2f", c.z))\t\(String(format: "%.2g", c.p))\t\(c.hotSpotClass.label.text(language))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
