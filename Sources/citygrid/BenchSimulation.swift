import CityGridAnalytics
import CityGridCore
import CityGridService
import CityGridSimulation
import CityGridSQLite
import Foundation

/// Simulates cases in memory into a fact table, for the evaluation benchmarks: the real intake and
/// workflow, no store ("facts in bulk"). With `export`, also writes `export/cases.csv` in the
/// anchors' 24 columns. `each` sees every case. Shows progress.
func simulateFacts(city: CityModel, users: [User], options: SimulationOptions, export: String?,
                   each: (Case) -> Void = { _ in }) throws -> CaseFacts {
    // The service the simulator drafts with; nothing is written to its store.
    let scratch = NSTemporaryDirectory() + "citygrid-bench-\(UUID().uuidString).sqlite"
    defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: scratch + suffix) } }
    let service = CityService(store: try SQLiteCityStore(path: scratch), city: city)
    let stages = city.workflow.stageNames
    if let export { try FileManager.default.createDirectory(atPath: export, withIntermediateDirectories: true) }
    let sink = try export.map { try OutputSink(path: $0 + "/cases.csv") }
    sink?.write(CaseCSV.header(stages: stages, contractOnly: true))
    var facts = CaseFacts(dimensions: FactDimensions(city: city, users: users))
    facts.reserveCapacity(options.cases + options.cases / 50)
    var made = 0
    try CaseSimulator(service: service, users: users).generate(options) { batch in
        for c in batch {
            facts.upsert(c)
            each(c)
            sink?.write(CaseCSV.row(c, stages: stages, contractOnly: true))
        }
        made += batch.count
        Console.progress("simulate: \(made) / \(options.cases) cases (\(100 * made / max(1, options.cases)) %)")
    }
    Console.endProgress()
    try sink?.close()
    return facts
}
