import ArgumentParser
import CityGridAnalytics
import CityGridCore
import CityGridService
import Foundation

/// `citygrid hotspots`: Getis-Ord Gi* hot spots of cases over the unit grids.
struct HotspotsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hotspots",
        abstract: "Hot spots of cases over the grids (Getis-Ord Gi*, queen contiguity) for a period and a category group (热点分析).",
        discussion: """
            Counts the cases reported in the period per grid, then computes Gi* (each grid with the grids sharing a vertex \
            with it, and itself) with analytical z-scores and two-sided p-values; classes are hot or cold spots at 90, 95 \
            and 99 % confidence. --category takes a code prefix with its kind letter (E, E01, C0102) or the export's digits \
            (01, 0102: both kinds).
            """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "The month, YYYY-MM.") var month: String?
    @Option(help: "Any period: 2026-10, 2026-Q3, 2026 or 2026-10-01..2026-10-15.") var period: String?
    @Option(help: "A category code prefix; default every case.") var category = ""
    @Option(help: "Output: table, csv, json or geojson.") var format = "table"
    @Option(help: "Grids listed by the table.") var top = 20
    @Option(help: "Language of the table: zh or en.") var lang = "zh"
    @Option(help: "Write to this file instead of standard output.") var out: String?

    func validate() throws {
        guard (month == nil) != (period == nil) else { throw ValidationError("give --month YYYY-MM or --period P (one of them)") }
        guard ["table", "csv", "json", "geojson"].contains(format) else { throw ValidationError("--format must be table, csv, json or geojson") }
        guard top > 0 else { throw ValidationError("--top must be positive") }
        guard category.isEmpty || CategoryPrefix(category) != nil else {
            throw ValidationError("--category is a code prefix such as E01, C0102 or 01")
        }
    }

    func run() async throws {
        guard let p = EvaluationPeriod(month ?? period!), month == nil || p.kind == .month else {
            throw ValidationError(month != nil ? "--month must be YYYY-MM, e.g. 2026-10" : "--period must be 2026-10, 2026-Q3, 2026 or 2026-10-01..2026-10-15")
        }
        let (service, facts) = try await database.openFacts()
        let analysis = HotSpotAnalysis(grids: service.city.grids)
        let cells = try facts.read { try analysis.run(facts: $0, period: p, category: CategoryPrefix(category)) }
        let sink = try OutputSink(path: out)
        switch format {
        case "csv": sink.write(HotSpotFormats.csv(cells))
        case "geojson": HotSpotFormats.geoJSON(cells, city: service.city, regions: service.regions) { sink.write($0) }
        case "json":
            struct Out: Encodable { var grid_code: String; var cases: Int; var z: Double; var p: Double; var `class`: Int8 }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            sink.write(String(decoding: try encoder.encode(cells.map { Out(grid_code: $0.gridCode.rawValue, cases: $0.cases, z: $0.z, p: $0.p, class: $0.hotSpotClass.rawValue) }), as: UTF8.self) + "\n")
        default:
            sink.write("\(p)\(category.isEmpty ? "" : " · \(category)")\n")
            sink.write(HotSpotFormats.table(cells, regions: service.regions, top: top, language: Language(preference: lang)))
        }
        try sink.close()
    }
}
