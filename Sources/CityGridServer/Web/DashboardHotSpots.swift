import CityGridAnalytics
import CityGridApplication
import CityGridCore
import Foundation
import HTTPTypes
import Hummingbird

/// The dashboard's hot-spot map (热点地图): the grids coloured by their Getis-Ord Gi* class for the
/// period and category group, drawn by `js/dashboard.js` with Leaflet (no tile server) from the
/// grids' geometry and the compact classes of `GET /app/dashboard/hotspots.json`; beside it, the
/// legend in words with the grids of each class and the strongest hot spots as a table, each a link
/// to the grid's figures and the cases behind them (so nothing is told by colour alone, and every
/// grid the map shows is reachable by keyboard through the table).
enum DashboardHotSpots {
    /// The grids' geometry the map draws: the outlines for maps (simplified polygons, property
    /// `code`; gzip, ETag per configuration version), shared with the command centre.
    static let gridsURL = "/app/map/grids.geojson"

    /// The classes from the strongest hot spot to the strongest cold spot.
    static let classes: [HotSpotClass] = [.hot99, .hot95, .hot90, .notSignificant, .cold90, .cold95, .cold99]

    /// The section's values, or nil when the caller's analytics do not reach hot spots.
    static func section(_ application: CityApplication, choice: DashboardController.Choice,
                        caller: Caller, language: PageLanguage) async -> [String: Any]? {
        guard let cells = try? await application.hotSpotCells(period: choice.period, category: choice.category, for: caller) else { return nil }
        // The grid's figures: the chosen rule set's first indicator for grids (the explanation lists
        // its numerator's and denominator's cases), else the standard one's.
        let gridIndicator = ((try? application.indicators(rules: choice.rules, subject: .grid, for: caller)) ?? []).first
        let rules = gridIndicator != nil ? choice.rules : "standard"
        let indicator = gridIndicator?.id ?? ((try? application.indicators(rules: "standard", subject: .grid, for: caller))?.first?.id ?? "")
        func figuresLink(_ code: String) -> String {
            DashboardController.explainLink(rules: rules, subject: "grid", period: choice.period, code: code, indicator: indicator)
        }
        // Over 20,000 cells: by index and class alone (copying a cell out would retain its code).
        var counts = [Int](repeating: 0, count: 7)
        var hot: [Int] = []
        for i in cells.indices {
            let c = Int(cells[i].hotSpotClass.rawValue)
            counts[c + 3] += 1
            if c > 0 { hot.append(i) }
        }
        let strongest = hot.sorted { cells[$0].z != cells[$1].z ? cells[$0].z > cells[$1].z : cells[$0].gridCode.rawValue < cells[$1].gridCode.rawValue }
            .prefix(10).map { cells[$0] }
        func name(_ code: RegionCode) -> String {
            if case .grid(let grid)? = try? application.place(code) { return language.text(grid.name) }
            return ""
        }
        var classesQuery = URLComponents()
        classesQuery.path = "/app/dashboard/hotspots.json"
        classesQuery.queryItems = [URLQueryItem(name: "period", value: choice.period)] + (choice.category.map { [URLQueryItem(name: "category", value: $0)] } ?? [])
        var labels: [String: String] = [:]
        for c in classes { labels[String(c.rawValue)] = language.text(c.label) }
        let labelsJSON = (try? JSONSerialization.data(withJSONObject: labels, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        var explainBase = URLComponents()
        explainBase.path = "/app/explain"
        explainBase.queryItems = [URLQueryItem(name: "rules", value: rules), URLQueryItem(name: "subject", value: "grid"),
                                  URLQueryItem(name: "period", value: choice.period), URLQueryItem(name: "indicator", value: indicator)]
        return [
            "heading": language.text(WebText.hotSpotHeading), "mapLabel": language.text(WebText.hotSpotMapLabel),
            "hint": language.text(WebText.hotSpotHint), "legendLabel": language.text(WebText.hotSpotLegend), "gridsLabel": language.text(WebText.grids),
            "classesURL": classesQuery.string ?? "", "gridsURL": gridsURL, "labels": labelsJSON,
            "explainBase": explainBase.string ?? "", "figuresWord": language.text(WebText.gridFigures),
            "legend": classes.map { c in ["class": String(c.rawValue).replacingOccurrences(of: "-", with: "m"), "label": language.text(c.label), "count": counts[Int(c.rawValue) + 3]] },
            "strongestLabel": language.text(WebText.hottest), "hasStrongest": !strongest.isEmpty, "noHotSpots": language.text(WebText.noHotSpots),
            "gridLabel": language.text(WebText.grid), "casesLabel": language.text(WebText.casesCount),
            "classLabel": language.text(WebText.hotSpotClass), "zLabel": language.text(WebText.zScore),
            "strongest": strongest.map { cell in
                ["code": cell.gridCode.rawValue, "name": name(cell.gridCode), "cases": cell.cases,
                 "z": String(format: "%.2f", cell.z), "classWord": language.text(cell.hotSpotClass.label),
                 "class": String(cell.hotSpotClass.rawValue), "href": figuresLink(cell.gridCode.rawValue)]
            },
        ]
    }

    /// The significant grids' classes as `{"code": class}`, sorted by code, with an ETag.
    static func classesResponse(_ cells: [HotSpotAnalysis.Cell], request: Request, tag: String) -> Response {
        let query = request.uri.query ?? ""
        // FNV-1a of the query: the same period and category, the same tag.
        let queryHash = query.utf8.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
        let etag = "\"hs-\(tag)-\(String(queryHash, radix: 16))\""
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .eTag: etag, .cacheControl: "private, no-cache"]
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        if request.headers[.ifNoneMatch] == etag { return Response(status: .notModified, headers: headers) }
        var text = "{"
        var first = true
        for i in cells.indices where cells[i].hotSpotClass != .notSignificant {
            text += (first ? "\"" : ",\"") + cells[i].gridCode.rawValue + "\":" + String(cells[i].hotSpotClass.rawValue)
            first = false
        }
        text += "}"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
