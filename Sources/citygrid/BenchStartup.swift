import ArgumentParser
import CityGridAnalytics
import CityGridCore
import CityGridService
import CityGridSimulation
import CityGridSQLite
import Foundation

/// `citygrid bench startup`: how long `serve` and `evaluate` take to have their fact table.
struct BenchStartup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "startup",
        abstract: "Start-up: the fact table from every stored case, versus from a snapshot plus the cases changed since.",
        discussion: """
            With a store (the default: --cases cases simulated through the real intake and workflow into a fresh SQLite \
            database in --dir, or the existing --db): the full load from SQLite, the snapshot's write, then the snapshot's \
            load (read(2) and mmap(2)) plus the replay of the --replay cases changed last (the snapshot is written at the \
            position before their changes). With --facts-only: --cases cases simulated in memory into a fact table (no \
            SQLite; fast for 10 M), its snapshot written to --dir and loaded back (no replay). --load FILE only loads a \
            snapshot written by --facts-only --keep (the demo city of --seed), so that its resident memory is measured in a \
            fresh process. Resident memory is VmRSS from /proc/self/status.
            """)

    @Option(help: "Cases to simulate.") var cases = 1_000_000
    @Option(help: "An existing database to measure instead of simulating one.") var db: String?
    @Option(help: "Folder for the database and the snapshot (default: the system's temporary folder).") var dir: String?
    @Option(help: "Changed cases replayed after the snapshot.") var replay = 10_000
    @Option(help: "Months the simulated reports span.") var months = 24
    @Option var seed: UInt64 = 1
    @Option(help: "Timed snapshot loads per read mode.") var `repeat` = 3
    @Flag(help: "Simulate the fact table in memory, not through SQLite.") var factsOnly = false
    @Flag(help: "Keep the database / snapshot written.") var keep = false
    @Option(help: "Only load this snapshot (of the demo city of --seed), timing it and its resident memory.") var load: String?

    func validate() throws {
        guard cases > 0, replay >= 0, self.repeat > 0 else { throw ValidationError("--cases and --repeat must be positive, --replay at least 0") }
    }

    func run() async throws {
        if let load { return try await loadOnly(load) }
        if factsOnly { return try await inMemory() }
        try await throughStore()
    }

    private var folder: String { (dir ?? NSTemporaryDirectory()) + "/citygrid-startup-\(getpid())" }

    private func throughStore() async throws {
        var path = db
        if path == nil {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            path = folder + "/startup.sqlite"
            let (city, users) = try await benchCity(db: nil, seed: seed)
            let store = try SQLiteCityStore(path: path!)
            try await store.replaceCity(city, users: users, components: [])
            let start = Date()
            let n = try await CaseSimulator(service: CityService(store: store, city: city), users: users)
                .run(SimulationOptions(cases: cases, seed: seed, months: months, end: ISOTime.parse("2026-11-01T00:00:00Z")!)) { n in
                    Console.progress("simulate into SQLite: \(n) / \(cases)")
                }
            Console.endProgress()
            print(String(format: "store: %d cases simulated into ", n) + path! + String(format: " in %.1f s", Date().timeIntervalSince(start)))
        }
        defer { if db == nil, !keep { try? FileManager.default.removeItem(atPath: folder) } }
        let store = try SQLiteCityStore(path: path!)
        let service = try await CityService.open(store)
        let total = try await store.caseCount()
        let dbBytes = fileSize(path!) + fileSize(path! + "-wal")
        print(String(format: "store: %d cases, %.0f MB; resident before loading: %.0f MB", total, Double(dbBytes) / 1e6, residentMB()))

        let rssBefore = residentMB()
        let (full, fullReport) = try await LiveFacts.load(from: store, city: service.city, users: [], snapshot: nil, expected: total)
        print(String(format: "full load from SQLite (streamed, %d a batch): %.2f s for %d cases = %.0f cases/s; resident %.0f MB (+%.0f MB)",
                     10_000, fullReport.seconds, full.count, Double(full.count) / fullReport.seconds, residentMB(), residentMB() - rssBefore))

        // The snapshot, at the position before the last --replay changes (so that they are replayed).
        let snapshot = FactSnapshotFile.path(forDatabase: path!)
        let position = fullReport.position
        let back = Int64(min(replay, total))
        let writeStart = Date()
        let table = full.read { $0 }
        // The snapshot's position must name an entry of this store's log (its anchor).
        let at = max(0, position - back)
        guard let anchor = try await FactSnapshotAnchor.at(at, in: store) else { throw ValidationError("no change-log entry at \(at)") }
        let size = try FactSnapshotFile.write(table, position: at, anchor: anchor, to: snapshot)
        print(String(format: "snapshot write (atomic, fsync'd): %.2f s, %.1f MB = %.1f bytes a case", Date().timeIntervalSince(writeStart),
                     Double(size) / 1e6, Double(size) / Double(max(1, table.count))))

        for mode in FactSnapshotFile.ReadMode.allCases {
            var times: [FactsLoadReport] = []
            for _ in 0..<self.repeat {
                let (loaded, report) = try await LiveFacts.load(from: store, city: service.city, users: [], snapshot: snapshot, readMode: mode)
                guard report.source == .snapshot, loaded.count == full.count else { throw ValidationError("the snapshot was not used: \(report)") }
                times.append(report)
            }
            times.sort { $0.seconds < $1.seconds }
            let m = times[times.count / 2]
            print("snapshot (\(mode.rawValue)) " + String(format: "+ replay of %d changed cases: %.3f s median (snapshot %.3f s, replay %.3f s, checks %.3f s; best %.3f s)",
                         m.replayed, m.seconds, m.snapshotSeconds, m.replaySeconds, m.checkSeconds, times[0].seconds))
        }
        print(String(format: "resident after the loads: %.0f MB (several tables were alive; see --load for one)", residentMB()))
    }

    private func inMemory() async throws {
        let (city, users) = try await benchCity(db: nil, seed: seed)
        let start = Date()
        var facts = try simulateFacts(city: city, users: users,
                                      options: SimulationOptions(cases: cases, seed: seed, months: months, end: ISOTime.parse("2026-11-01T00:00:00Z")!), export: nil)
        facts.clusterByMonth()
        print(String(format: "simulated %d cases into facts in %.1f s (%.1f bytes a case in memory)", facts.count, Date().timeIntervalSince(start),
                     Double(facts.memoryBytes) / Double(facts.count)))
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let snapshot = folder + "/startup.facts"
        defer { if !keep { try? FileManager.default.removeItem(atPath: folder) } }
        let writeStart = Date()
        let size = try FactSnapshotFile.write(facts, position: 1, to: snapshot)
        print(String(format: "snapshot write (atomic, fsync'd): %.2f s, %.1f MB = %.1f bytes a case", Date().timeIntervalSince(writeStart),
                     Double(size) / 1e6, Double(size) / Double(facts.count)))
        let dimensions = FactDimensions(city: city, users: users)
        let rows = facts.count
        for mode in FactSnapshotFile.ReadMode.allCases {
            var seconds: [Double] = []
            for _ in 0..<self.repeat {
                let t = Date()
                guard let loaded = try FactSnapshotFile.read(snapshot, dimensions: dimensions, spareRows: rows / 16, mode: mode), loaded.facts.count == rows else {
                    throw ValidationError("the snapshot did not load back")
                }
                seconds.append(Date().timeIntervalSince(t))
            }
            seconds.sort()
            print("snapshot load (\(mode.rawValue), checked) " + String(format: "%d rows: %.3f s median, best %.3f s", rows, seconds[seconds.count / 2], seconds[0]))
        }
        if keep { print("kept \(snapshot): `citygrid bench startup --load \(snapshot) --seed \(seed)` measures a fresh process") }
    }

    private func loadOnly(_ snapshot: String) async throws {
        let (city, users) = try await benchCity(db: nil, seed: seed)
        let dimensions = FactDimensions(city: city, users: users)
        let before = residentMB()
        for mode in FactSnapshotFile.ReadMode.allCases {
            let t = Date()
            guard let loaded = try FactSnapshotFile.read(snapshot, dimensions: dimensions, spareRows: 0, mode: mode)?.facts else {
                throw ValidationError("no snapshot at \(snapshot)")
            }
            let seconds = Date().timeIntervalSince(t)
            print("snapshot load (\(mode.rawValue)) " + String(format: "%.3f s, %d rows; resident %.0f MB (%.0f MB before; %.1f bytes a case)", seconds,
                         loaded.count, residentMB(), before, (residentMB() - before) * 1e6 / Double(loaded.count)))
        }
    }
}

/// VmRSS of this process, from /proc/self/status, in MB.
func residentMB() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
          let kB = Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") else { return -1 }
    return kB / 1000
}

private func fileSize(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
}
