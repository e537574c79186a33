import ArgumentParser
import CityGridCore
import CityGridGeometry
import CityGridService
import CityGridSimulation
import CityGridSQLite
import Foundation
import GRDB

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks (build with -c release): geocode, intake, transitions, escalation, evaluate, hotspots, startup.",
        subcommands: [BenchGeocode.self, BenchIntake.self, BenchTransitions.self, BenchEscalation.self, BenchEvaluate.self, BenchHotspots.self, BenchStartup.self])
}

/// The demo city, from `--db` when given, else generated in memory.
func benchCity(db: String?, seed: UInt64) async throws -> (CityModel, [User]) {
    if let db {
        let store = try DatabaseOptions.openStore(db)
        guard let city = try await store.loadCity() else { throw ValidationError("\(db) holds no city") }
        return (city, try await store.users())
    }
    let demo = DemoCityGenerator.generate(DemoCityOptions(seed: seed), catalogue: try ShippedData.catalogue(), calendar: .chinaDefault)
    return (demo.city, demo.users)
}

struct BenchGeocode: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "geocode", abstract: "Point → grid lookups per second on one core against the city's grids.",
        discussion: "Draws --points seeded points uniform in the city's bounding box (some outside) and uniform inside the grids, and times lookups on the calling thread, best of --repeat.")
    @Option(help: "A database whose city to use; default: the demo city, generated in memory.") var db: String?
    @Option(help: "Points per run.") var points = 10_000_000
    @Option(help: "Runs; the best is reported.") var `repeat` = 3
    @Option var seed: UInt64 = 1
    @Option(help: "Points drawn inside known grids to check the answers.") var checks = 1_000_000
    @Option(help: "A points file from shared/anchors/geocode.py --write-points (lon,lat,expected_grid_code,on_boundary) to compare with.")
    var expect: String?

    func validate() throws {
        guard points > 0, self.repeat > 0, checks >= 0 else { throw ValidationError("--points and --repeat must be positive, --checks not negative") }
    }

    func run() async throws {
        let (city, _) = try await benchCity(db: db, seed: seed)
        guard !city.grids.isEmpty else { throw ValidationError("The city has no grids") }
        let buildStart = Date()
        let geocoder = Geocoder(grids: city.grids)
        let buildSeconds = Date().timeIntervalSince(buildStart)
        let box = geocoder.index.bbox
        var rng = SplitMix64(seed: seed)
        var boxLons = [Double](), boxLats = [Double]()
        boxLons.reserveCapacity(points); boxLats.reserveCapacity(points)
        for _ in 0..<points {
            boxLons.append(rng.uniform(box.minLon, box.maxLon)); boxLats.append(rng.uniform(box.minLat, box.maxLat))
        }
        var inLons = [Double](), inLats = [Double]()
        inLons.reserveCapacity(points); inLats.reserveCapacity(points)
        while inLons.count < points {
            let lon = rng.uniform(box.minLon, box.maxLon), lat = rng.uniform(box.minLat, box.maxLat)
            if geocoder.index.locate(lon: lon, lat: lat) >= 0 { inLons.append(lon); inLats.append(lat) }
        }
        print("city: \(city.grids.count) grids; index built in \(String(format: "%.3f", buildSeconds)) s; \(points) points per run, best of \(self.repeat), 1 thread")
        for (label, lons, lats) in [("bbox (incl. outside)", boxLons, boxLats), ("inside the grids", inLons, inLats)] {
            var best = Double.infinity
            var found = 0
            var out = [Int32](repeating: 0, count: points)
            for _ in 0..<self.repeat {
                let start = DispatchTime.now().uptimeNanoseconds
                lons.withUnsafeBufferPointer { lo in
                    lats.withUnsafeBufferPointer { la in
                        out.withUnsafeMutableBufferPointer { o in geocoder.index.locateAll(lons: lo, lats: la, into: o) }
                    }
                }
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                found = out.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) }
            }
            print(String(format: "geocode %@: %.3f s for %d points = %.2f M points/s (%d in a grid)", label, best, points, Double(points) / best / 1e6, found))
        }
        // Correctness beside speed: points drawn inside a known grid (on the exports' 1e-7° lattice,
        // so some fall exactly on shared edges) must come back with that grid or, on an edge, with the
        // neighbour that owns the edge by the edge rule, never with none.
        var mismatches = 0, onEdges = 0
        for _ in 0..<checks {
            let g = rng.below(city.grids.count)
            let p = DemoPoints.random(in: city.grids[g].boundary, rng: &rng)
            let found = geocoder.index.locate(lon: p.lon, lat: p.lat)
            if found != Int32(g) {
                if found >= 0, city.grids[Int(found)].boundary.contains(p), !city.grids[g].boundary.contains(p) { onEdges += 1 } else { mismatches += 1 }
            }
        }
        print("check: \(checks) points drawn inside known grids: \(mismatches) wrong, \(onEdges) on an edge owned by the neighbour")
        if let expect { mismatches += try compare(with: expect, geocoder: geocoder) }
        if mismatches > 0 { throw ExitCode(1) }
    }

    /// Compares every point of an anchor's points file with its expected grid codes (`;`-separated
    /// when the point is on an edge: any of them is right; empty: outside every grid).
    private func compare(with path: String, geocoder: Geocoder) throws -> Int {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw ValidationError("Cannot read \(path)") }
        var total = 0, wrong = 0
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count >= 3, let lon = Double(fields[0]), let lat = Double(fields[1]) else { throw ValidationError("Bad line in \(path): \(line)") }
            let expected = Set(fields[2].split(separator: ";").map(String.init))
            let found = geocoder.index.locate(lon: lon, lat: lat)
            let code = found >= 0 ? geocoder.gridCodes[Int(found)].rawValue : nil
            total += 1
            if let code { if !expected.contains(code) { wrong += 1 } } else if !expected.isEmpty { wrong += 1 }
        }
        print("anchor points \(path): \(total) compared, \(wrong) disagree")
        return wrong
    }
}

struct BenchIntake: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intake", abstract: "Durable case intake through the store: cases per second with concurrent reporters.",
        discussion: "Creates a fresh database (WAL, synchronous=FULL) holding the demo city in a temporary folder, then --cases reports from --concurrency tasks through the real intake (geocode, classify, number, write with its event). Also times two anchors in the same run: plain SQLite with one row per transaction, and plain SQLite committing the same rows in transactions of the sizes the group commit formed (printed).")
    @Option(help: "Cases to report.") var cases = 100_000
    @Option(help: "Concurrent reporters.") var concurrency = 64
    @Option var seed: UInt64 = 1
    @Option(help: "Folder for the temporary database (default: the system's temporary folder).") var dir: String?

    func validate() throws {
        guard cases > 0, concurrency > 0 else { throw ValidationError("--cases and --concurrency must be positive") }
    }

    func run() async throws {
        let bench = try await BenchCity(dir: dir, seed: seed)
        defer { bench.remove() }
        let (folder, store, service, city) = (bench.folder, bench.store, bench.service, bench.service.city)
        let reporter = bench.actor(.intakeOperator)
        let categories = city.catalogue.entries.map(\.code)
        var rng = SplitMix64(seed: seed)
        let reports: [CaseReport] = (0..<cases).map { _ in
            let grid = city.grids[rng.below(city.grids.count)]
            return CaseReport(category: categories[rng.below(categories.count)], location: grid.boundary.representativePoint,
                              description: "bench", source: .hotline)
        }
        let start = Date()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var i = worker
                    while i < reports.count {
                        _ = try await service.report(reports[i], by: reporter)
                        i += concurrency
                    }
                }
            }
            try await group.waitForAll()
        }
        let seconds = Date().timeIntervalSince(start)
        let stored = try await store.caseCount()
        let rate = Double(cases) / seconds
        print(String(format: "intake: %d cases in %.2f s = %.0f cases/s (%d concurrent reporters, each acknowledged after a durable commit; %d stored)",
                     cases, seconds, rate, concurrency, stored))
        // The batches the group commit formed in this run: the second anchor commits the same sizes.
        let batches = store.intakeBatchSizes
        print("group commit batches: " + batchSummary(batches))
        // Anchor 1: SQLite alone, one row per transaction, WAL, synchronous=FULL.
        let anchor = try DatabasePool(path: folder + "/anchor.sqlite")
        try await anchor.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        try await anchor.write { db in try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)") }
        let rows = min(cases, 50_000)
        let anchorStart = Date()
        for i in 0..<rows {
            try await anchor.write { db in try db.execute(sql: "INSERT INTO t (payload) VALUES (?)", arguments: ["row \(i)"]) }
        }
        let anchorSeconds = Date().timeIntervalSince(anchorStart)
        let anchorRate = Double(rows) / anchorSeconds
        print(String(format: "anchor 1: SQLite one row per transaction (WAL, synchronous=FULL): %d rows in %.2f s = %.0f rows/s; ratio intake/anchor = %.2f",
                     rows, anchorSeconds, anchorRate, rate / anchorRate))
        // Anchor 2: SQLite alone committing the same number of rows in transactions of exactly the
        // sizes the group commit formed above (the same multiset of sizes, in a seeded random order),
        // one writer, WAL, synchronous=FULL, a prepared statement per row.
        var sizes = expandBatchSizes(batches)
        var order = SplitMix64(seed: seed)
        if sizes.count > 1 { for i in stride(from: sizes.count - 1, to: 0, by: -1) { sizes.swapAt(i, order.below(i + 1)) } }
        let batched = try DatabasePool(path: folder + "/anchor-batched.sqlite")
        try await batched.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        try await batched.write { db in try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)") }
        let batchedStart = Date()
        var written = 0
        for size in sizes {
            let first = written
            try await batched.write { db in
                let insert = try db.cachedStatement(sql: "INSERT INTO t (payload) VALUES (?)")
                for i in first..<(first + size) { try insert.execute(arguments: ["row \(i)"]) }
            }
            written += size
        }
        let batchedSeconds = Date().timeIntervalSince(batchedStart)
        let batchedRows = try await batched.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t") ?? 0 }
        guard batchedRows == written, written == stored else {
            throw ValidationError("anchor 2 stored \(batchedRows) rows for \(written) written; CityGrid stored \(stored)")
        }
        let batchedRate = Double(written) / batchedSeconds
        print(String(format: "anchor 2: SQLite with the group commit's batch sizes (%d transactions, WAL, synchronous=FULL): %d rows in %.2f s = %.0f rows/s; ratio intake/anchor = %.2f",
                     sizes.count, written, batchedSeconds, batchedRate, rate / batchedRate))
    }
}
