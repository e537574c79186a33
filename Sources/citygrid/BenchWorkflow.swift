import ArgumentParser
import CityGridCore
import CityGridService
import CityGridSimulation
import CityGridSQLite
import Foundation

/// A fresh database in a temporary folder holding the demo city, for the benchmarks that write.
struct BenchCity {
    let folder: String
    let store: SQLiteCityStore
    let service: CityService
    let users: [User]

    init(dir: String?, seed: UInt64) async throws {
        folder = (dir ?? NSTemporaryDirectory()) + "/citygrid-bench-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let demo = DemoCityGenerator.generate(DemoCityOptions(seed: seed), catalogue: try ShippedData.catalogue(), calendar: .chinaDefault)
        store = try SQLiteCityStore(path: folder + "/bench.sqlite")
        try await store.replaceCity(demo.city, users: demo.users, components: [])
        service = CityService(store: store, city: demo.city)
        users = demo.users
    }

    /// The city-wide staff member of `role`.
    func actor(_ role: Role) -> Actor { Actor(users.first { $0.role == role && $0.jurisdiction == nil }!) }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }
}

struct BenchTransitions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transitions", abstract: "Workflow steps through the store: load, check, write with the log entry, commit (durably).",
        discussion: "Reports --cases cases in bulk, then runs each through accept, file, dispatch, dispose, check and close as the right staff, from --concurrency tasks, each step its own acknowledged, fdatasync'd commit (group commit shares commits between concurrent steps). Reports the average time per step (wall time / steps), each step's latency from the call to its acknowledgement (p50, p90, p99, max over every step of every actor, nearest rank) and the step commits' batch sizes, and the same with one task.")
    @Option(help: "Cases to run through the loop.") var cases = 20_000
    @Option(help: "Concurrent actors.") var concurrency = 64
    @Option var seed: UInt64 = 1
    @Option(help: "Folder for the temporary database.") var dir: String?

    func validate() throws {
        guard cases > 0, concurrency > 0 else { throw ValidationError("--cases and --concurrency must be positive") }
    }

    func run() async throws {
        let bench = try await BenchCity(dir: dir, seed: seed)
        defer { bench.remove() }
        let (store, service, users) = (bench.store, bench.service, bench.users)
        let intake = bench.actor(.intakeOperator), leader = bench.actor(.shiftLeader), dispatcher = bench.actor(.dispatcher)
        let handlers = Dictionary(users.filter { $0.role == .departmentHandler }.map { ($0.organisationCode!, Actor($0)) }, uniquingKeysWith: { a, _ in a })
        let inspectors = Dictionary(users.filter { $0.role == .inspector }.map { ($0.jurisdiction!, Actor($0)) }, uniquingKeysWith: { a, _ in a })
        var rng = SplitMix64(seed: seed)
        let grids = service.city.grids
        let categories = service.city.catalogue.entries.filter { $0.code.kind == .event }.map(\.code)
        var drafts: [CaseDraft] = []
        for _ in 0..<cases {
            let grid = grids[rng.below(grids.count)]
            drafts.append(try service.intake.draft(CaseReport(category: categories[rng.below(categories.count)], location: grid.boundary.representativePoint,
                                                              description: "bench", source: .hotline), by: intake, at: Date()))
        }
        var ids: [CaseID] = []
        for start in stride(from: 0, to: drafts.count, by: 20_000) {
            ids += try await store.insertCases(Array(drafts[start..<min(drafts.count, start + 20_000)])).map(\.id)
        }
        // Steps that need the case's place or body pick their actor from the case. Each step's wall
        // latency, from the actor's call to its acknowledgement (after the durable commit), goes to
        // the actor's own samples.
        @Sendable func play(_ id: CaseID, _ latencies: inout [UInt64]) async throws -> Int {
            func timed(_ command: WorkflowCommand, _ who: Actor) async throws -> Case {
                let t0 = DispatchTime.now().uptimeNanoseconds
                let value = try await service.act(caseID: id, command: command, by: who).value
                latencies.append(DispatchTime.now().uptimeNanoseconds - t0)
                return value
            }
            var value = try await timed(WorkflowCommand(.accept), intake)
            value = try await timed(WorkflowCommand(.file), leader)
            value = try await timed(WorkflowCommand(.dispatch), dispatcher)
            guard let handler = value.departmentCode.flatMap({ handlers[$0] }), let inspector = inspectors[value.chain.community] else { return 3 }
            value = try await timed(WorkflowCommand(.dispose, note: "done"), handler)
            value = try await timed(WorkflowCommand(.check), inspector)
            _ = try await timed(WorkflowCommand(.close), leader)
            return 6
        }
        for (label, workers, share) in [("1 task", 1, 0.05), ("\(concurrency) tasks", concurrency, 0.95)] {
            let slice = label == "1 task" ? Array(ids.prefix(max(1, Int(Double(ids.count) * share)))) : Array(ids.dropFirst(max(1, Int(Double(ids.count) * 0.05))))
            let batchesBefore = store.stepBatchSizes
            let started = Date()
            let (steps, latencies) = try await withThrowingTaskGroup(of: (Int, [UInt64]).self) { group in
                for w in 0..<workers {
                    group.addTask {
                        var n = 0
                        var samples: [UInt64] = []
                        samples.reserveCapacity(6 * (slice.count / workers + 1))
                        var i = w
                        while i < slice.count { n += try await play(slice[i], &samples); i += workers }
                        return (n, samples)
                    }
                }
                var steps = 0
                var all: [UInt64] = []
                for try await (n, samples) in group { steps += n; all += samples }
                return (steps, all)
            }
            let seconds = Date().timeIntervalSince(started)
            var batches = store.stepBatchSizes
            for (size, count) in batchesBefore { batches[size, default: 0] -= count }
            batches = batches.filter { $0.value > 0 }
            print(String(format: "transitions, %@: %d steps on %d cases in %.2f s = %.1f µs per step (%.0f steps/s)",
                         label, steps, slice.count, seconds, seconds / Double(steps) * 1e6, Double(steps) / seconds))
            print("  step latency (call to acknowledgement), \(label): " + latencySummary(latencies))
            print("  step commits, \(label): " + batchSummary(batches))
        }
    }
}

struct BenchEscalation: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "escalation", abstract: "The clock's scan over many open cases: find the due ones and raise their alerts.",
        discussion: "Writes --cases open cases (dispatched, with disposal deadlines spread over the coming weeks) in bulk, then scans at a moment when about --due of them are due, then checkpoints the write-ahead log the scan wrote (timed: the scan's own cost, whenever the store would pay it), then scans again (nothing due: the steady state).")
    @Option(help: "Open cases.") var cases = 1_000_000
    @Option(help: "Share of the cases due at the scan.") var due = 0.01
    @Option var seed: UInt64 = 1
    @Option(help: "Folder for the temporary database.") var dir: String?

    func validate() throws {
        guard cases > 0, (0...1).contains(due) else { throw ValidationError("--cases must be positive and --due within 0...1") }
    }

    func run() async throws {
        let bench = try await BenchCity(dir: dir, seed: seed)
        defer { bench.remove() }
        let (store, service) = (bench.store, bench.service)
        let intake = bench.actor(.intakeOperator), leader = bench.actor(.shiftLeader), dispatcher = bench.actor(.dispatcher)
        var rng = SplitMix64(seed: seed)
        let grids = service.city.grids
        let categories = service.city.catalogue.entries.filter { $0.code.kind == .event && $0.timeLimit.unit == .workingDays }.map(\.code)
        // Recent dispatches, except a `due` share whose time used is 85 % to 150 % of the limit: past
        // the warning point (warn) or past the deadline (escalate) at the scan.
        let scanAt = Date()
        let started = Date()
        var written = 0
        while written < cases {
            var drafts: [CaseDraft] = []
            for _ in 0..<min(20_000, cases - written) {
                let grid = grids[rng.below(grids.count)]
                let category = categories[rng.below(categories.count)]
                let limit = service.city.calendar.seconds(of: service.city.catalogue[category]!.timeLimit)
                let dispatched = rng.unit() < due
                    ? service.city.calendar.subtracting(workingSeconds: Int64(Double(limit) * rng.uniform(0.85, 1.5)), from: scanAt)
                    : scanAt.addingTimeInterval(-rng.uniform(0, 4) * 3600)
                var draft = try service.intake.draft(CaseReport(category: category, location: grid.boundary.representativePoint,
                                                                description: "bench", source: .hotline), by: intake, at: dispatched.addingTimeInterval(-1800))
                for (command, who, offset) in [(WorkflowCommand(.accept), intake, -1200.0), (WorkflowCommand(.file), leader, -600), (WorkflowCommand(.dispatch), dispatcher, 0)] {
                    let outcome = try service.machine.apply(command, to: draft.value, by: who, at: dispatched.addingTimeInterval(offset))
                    draft.value = outcome.next
                    draft.events.append(outcome.event)
                }
                drafts.append(draft)
            }
            written += try await store.insertCases(drafts).count
            Console.progress("escalation: \(written) / \(cases) open cases written")
        }
        Console.endProgress()
        print(String(format: "setup: %d open cases written in %.1f s", cases, Date().timeIntervalSince(started)))
        // The set-up's log is copied into the database before the scan, so that the scan pays for
        // its own checkpoints only (the writer checkpoints every SQLiteCityStore.checkpointPages).
        let checkpointed = Date()
        try await store.checkpoint()
        print(String(format: "setup: write-ahead log checkpointed in %.2f s", Date().timeIntervalSince(checkpointed)))
        let watcher = ClockWatcher(service: service)
        for label in ["first scan", "second scan (steady state)"] {
            let t = Date()
            let scan = try await watcher.scan(at: scanAt)
            let seconds = Date().timeIntervalSince(t)
            print(String(format: "escalation %@ over %d open cases: %d warned, %d escalated in %.3f s", label, cases, scan.warned, scan.escalated, seconds))
            if label == "first scan" {
                // The scan's own log, copied into the database: a store that checkpoints less often
                // than the scan writes moves that work past the scan, so it is timed and printed.
                let copied = Date()
                try await store.checkpoint()
                let checkpoint = Date().timeIntervalSince(copied)
                print(String(format: "escalation first scan's write-ahead log checkpointed in %.3f s (scan and checkpoint: %.3f s)", checkpoint, seconds + checkpoint))
            }
        }
    }
}
