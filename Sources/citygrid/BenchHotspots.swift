import ArgumentParser
import CityGridAnalytics
import CityGridCore
import CityGridGeometry
import CityGridService
import CityGridSimulation
import CityGridSQLite
import Foundation

/// `citygrid bench hotspots`: queen weights and Gi* over a large demo city.
struct BenchHotspots: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hotspots",
        abstract: "Gi* hot spots over many grids: building the queen weights, then the statistic, and both.",
        discussion: """
            Generates a demo city of --grids unit grids, simulates --cases cases over it in memory, counts them per grid and \
            times QueenContiguity (weights from shared vertices) and GetisOrdGiStar on one core. --export DIR writes \
            grids.geojson and cases.csv for shared/anchors/hotspot.py, and citygrid_hotspot_z.csv (grid_code,cases,z).
            """)

    @Option(help: "Unit grids in the generated city.") var grids = 50_176
    @Option(help: "Simulated cases.") var cases = 1_000_000
    @Option var seed: UInt64 = 1
    @Option(help: "Timed runs (after one untimed).") var `repeat` = 5
    @Option(help: "Write the export and our z-scores here.") var export: String?

    func validate() throws {
        guard grids >= 3, cases > 0, self.repeat > 0 else { throw ValidationError("--grids must be at least 3, --cases and --repeat positive") }
    }

    func run() async throws {
        let communities = max(1, grids / 62), subdistricts = max(1, communities / 7), districts = max(1, min(20, subdistricts / 6))
        let demo = DemoCityGenerator.generate(DemoCityOptions(seed: seed, grids: grids, communities: communities, subdistricts: subdistricts,
                                                              districts: districts, components: 0),
                                              catalogue: try ShippedData.catalogue(), calendar: .chinaDefault)
        let city = demo.city
        print("city: \(city.grids.count) grids, \(communities) communities")
        var gridIndex: [RegionCode: Int] = [:]
        for (i, g) in city.grids.enumerated() { gridIndex[g.code] = i }
        var counts = [Double](repeating: 0, count: city.grids.count)
        let end = Date()
        let facts = try simulateFacts(city: city, users: demo.users, options: SimulationOptions(cases: cases, seed: seed, months: 1, end: end),
                                      export: export) { counts[gridIndex[$0.chain.grid]!] += 1 }

        let polygons = city.grids.map(\.boundary)
        var weights = QueenContiguity(polygons: polygons)
        var result = try GetisOrdGiStar.compute(values: counts, weights: weights)
        benchTime("weights (queen contiguity)", repeat: self.repeat, width: 36) { weights = QueenContiguity(polygons: polygons) }
        try benchTime("Gi* (weights given)", repeat: self.repeat, width: 36) { result = try GetisOrdGiStar.compute(values: counts, weights: weights) }
        try benchTime("weights + Gi*", repeat: self.repeat, width: 36) { result = try GetisOrdGiStar.compute(values: counts, weights: QueenContiguity(polygons: polygons)) }
        // The path the API and `citygrid hotspots` take: counts from the fact table over a period, then Gi*.
        let analysis = HotSpotAnalysis(grids: city.grids)
        let span = EvaluationPeriod(kind: .range, start: LocalDate(dayNumber: Int(end.timeIntervalSince1970 / 86_400) - 40),
                                    end: LocalDate(dayNumber: Int(end.timeIntervalSince1970 / 86_400) + 2))
        var cells: [HotSpotAnalysis.Cell] = []
        try benchTime("counts from the facts + Gi* (weights built)", repeat: self.repeat, width: 36) { cells = try analysis.run(facts: facts, period: span) }
        guard cells.map({ Double($0.cases) }) == counts, zip(cells, result.z).allSatisfy({ abs($0.z - $1) < 1e-12 }) else {
            throw ValidationError("HotSpotAnalysis disagrees with the direct computation")
        }
        let hot = result.classes.filter { $0.rawValue > 0 }.count, cold = result.classes.filter { $0.rawValue < 0 }.count
        print("mean neighbours \(String(format: "%.3f", Double(weights.neighbours.count) / Double(weights.count))), islands \(weights.islands.count); hot spots \(hot), cold spots \(cold)")
        if let export {
            let geo = try OutputSink(path: export + "/grids.geojson")
            GridGeoJSON.write(city.grids, regions: Dictionary(uniqueKeysWithValues: city.regions.map { ($0.code, $0) })) { geo.write($0) }
            try geo.close()
            var out = "grid_code,cases,z\n"
            for c in cells { out += "\(c.gridCode.rawValue),\(c.cases),\(c.z)\n" }
            try out.write(toFile: export + "/citygrid_hotspot_z.csv", atomically: true, encoding: .utf8)
            print("wrote \(export)/grids.geojson, cases.csv and citygrid_hotspot_z.csv")
        }
    }
}
