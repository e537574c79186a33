import CityGridAnalytics
import CityGridCore
import CityGridService
import CityGridSQLite
import Foundation
import Testing

/// Start-up from a snapshot plus replay gives the table a full load gives; a bad snapshot is ignored.
@Suite struct FactSnapshotLoadTests {
    static func expectSame(_ a: CaseFacts, _ b: CaseFacts) {
        #expect(a.count == b.count)
        for id in a.caseID {
            guard let ra = a.row(ofCase: CaseID(id)), let rb = b.row(ofCase: CaseID(id)) else { Issue.record("case \(id) missing"); continue }
            #expect(a.flags[ra] == b.flags[rb] && a.version[ra] == b.version[rb] && a.reported[ra] == b.reported[rb])
            #expect(a.dimensions.departments[Int(a.department[ra])] == b.dimensions.departments[Int(b.department[rb])])
            #expect(a.dimensions.categories[Int(a.category[ra])] == b.dimensions.categories[Int(b.category[rb])])
            #expect(a.dimensions.people[Int(a.reporter[ra])] == b.dimensions.people[Int(b.reporter[rb])])
            #expect(a.deadline[ra] == b.deadline[rb] && a.disposalSeconds[ra] == b.disposalSeconds[rb])
        }
        #expect(a.monthRuns.map { $0.reduce(0) { $0 + $1.count } } == b.monthRuns.map { $0.reduce(0) { $0 + $1.count } })
    }

    func load(_ f: Fixture, _ snapshot: String?, mode: FactSnapshotFile.ReadMode = .read) async throws -> (LiveFacts, FactsLoadReport) {
        try await LiveFacts.load(from: f.store, city: f.service.city, users: [], snapshot: snapshot, readMode: mode)
    }

    @Test func snapshotPlusReplayEqualsAFullLoad() async throws {
        let f = try await Fixture()
        let path = f.folder + "/city.sqlite.facts"
        var made: [Case] = []
        for i in 0..<12 { made.append(try await f.service.report(f.report(grid: i % 5), by: f.actor(role: .intakeOperator))) }
        let (first, report) = try await load(f, path)
        #expect(report.source == .store && report.snapshotProblem == "no snapshot")
        let size = try await first.writeSnapshot(to: path, store: f.store)
        #expect(size > 0 && FileManager.default.fileExists(atPath: path))
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: f.folder)).contains { $0.contains(".tmp-") })
        // Changes after the snapshot: steps on two cases, three new cases.
        for c in made.prefix(2) {
            _ = try await f.service.act(caseID: c.id, command: WorkflowCommand(.accept), by: f.actor(role: .intakeOperator))
        }
        for i in 0..<3 { _ = try await f.service.report(f.report(grid: i), by: f.actor(role: .intakeOperator)) }
        for mode in FactSnapshotFile.ReadMode.allCases {
            let (fromSnapshot, again) = try await load(f, path, mode: mode)
            #expect(again.source == .snapshot, "\(again)")
            #expect(again.replayed == 5)
            let (full, _) = try await load(f, nil)
            Self.expectSame(fromSnapshot.read { $0 }, full.read { $0 })
            #expect(fromSnapshot.position == (try await f.store.changePosition()))
        }
    }

    @Test func aBadSnapshotIsIgnoredAndTheLoadFallsBack() async throws {
        let f = try await Fixture()
        let path = f.folder + "/city.sqlite.facts"
        for i in 0..<6 { _ = try await f.service.report(f.report(grid: i % 5), by: f.actor(role: .intakeOperator)) }
        let (live, _) = try await load(f, nil)
        try await live.writeSnapshot(to: path, store: f.store)
        let good = try Data(contentsOf: URL(fileURLWithPath: path))
        var flipped = good
        flipped[flipped.count / 2] ^= 0xff
        var newer = good
        newer[8] = 99
        let cases: [(String, Data)] = [("truncated", good.prefix(good.count - 10)), ("corrupted", flipped), ("another version", newer),
                                       ("empty", Data()), ("garbage", Data("not a snapshot at all".utf8))]
        for (what, bytes) in cases {
            try bytes.write(to: URL(fileURLWithPath: path))
            let (facts, report) = try await load(f, path)
            #expect(report.source == .store, "\(what)")
            #expect(report.snapshotProblem != nil && facts.count == 6, "\(what)")
        }
        // A snapshot of another city (other grids) is not used either.
        try good.write(to: URL(fileURLWithPath: path))
        var city = f.service.city
        city.grids.removeLast()
        let (_, other) = try await LiveFacts.load(from: f.store, city: city, users: [], snapshot: path)
        #expect(other.source == .store && other.snapshotProblem?.contains("dimensions") == true)
    }

    @Test func aSnapshotOfDeletedCasesIsNotUsed() async throws {
        let f = try await Fixture()
        let path = f.folder + "/city.sqlite.facts"
        for i in 0..<4 { _ = try await f.service.report(f.report(grid: i), by: f.actor(role: .intakeOperator)) }
        let (live, _) = try await load(f, nil)
        try await live.writeSnapshot(to: path, store: f.store)
        // The city is written anew: its cases are gone, the snapshot still holds them.
        try await f.store.replaceCity(Fixture.city.city, users: Fixture.city.users, components: Fixture.city.components)
        _ = try await f.service.report(f.report(grid: 0), by: f.actor(role: .intakeOperator))
        let (facts, report) = try await load(f, path)
        #expect(report.source == .store && facts.count == 1)
    }

    @Test func theCountComesFromTheSnapshotAndTheChangeLog() async throws {
        let f = try await Fixture()
        let path = f.folder + "/city.sqlite.facts"
        for i in 0..<5 { _ = try await f.service.report(f.report(grid: i), by: f.actor(role: .intakeOperator)) }
        let (first, _) = try await load(f, nil)
        try await first.writeSnapshot(to: path, store: f.store)
        for i in 0..<2 { _ = try await f.service.report(f.report(grid: i), by: f.actor(role: .intakeOperator)) }
        let (facts, report) = try await load(f, path)
        #expect(report.source == .snapshot && report.snapshotRows == 5 && report.reportedAfter == 2, "\(report)")
        #expect(facts.count == report.snapshotRows + report.reportedAfter)
        #expect(facts.count == (try await f.store.caseCount()))
    }

    /// Writes `facts` as the snapshot at `path`, at `position` with `anchor` (default: the store's own).
    func write(_ facts: CaseFacts, _ f: Fixture, _ path: String, position: Int64? = nil, anchor: UInt64? = nil) async throws {
        var at = try await f.store.changePosition()
        if let position { at = position }
        let ownAnchor = try await FactSnapshotAnchor.at(at, in: f.store) ?? 0
        try FactSnapshotFile.write(facts, position: at, anchor: anchor ?? ownAnchor, to: path)
    }

    @Test func aSnapshotWithTheWrongPositionOrAnchorIsRefused() async throws {
        let f = try await Fixture()
        let path = f.folder + "/city.sqlite.facts"
        for i in 0..<4 { _ = try await f.service.report(f.report(grid: i), by: f.actor(role: .intakeOperator)) }
        let (live, _) = try await load(f, nil)
        let table = live.read { $0 }
        let position = try await f.store.changePosition()
        // The control: written the way writeSnapshot writes it, it is used.
        try await write(table, f, path)
        #expect(try await load(f, path).1.source == .snapshot)
        // Ahead of the store.
        try await write(table, f, path, position: position + 5, anchor: 1)
        var (facts, report) = try await load(f, path)
        #expect(report.source == .store && report.snapshotProblem?.contains("ahead") == true && facts.count == 4, "\(report)")
        // A position of this store but the anchor of another entry (another database's history).
        try await write(table, f, path, position: position, anchor: try await FactSnapshotAnchor.at(position - 1, in: f.store))
        (facts, report) = try await load(f, path)
        #expect(report.source == .store && report.snapshotProblem?.contains("another") == true && facts.count == 4, "\(report)")
        // An earlier position with this table: the cases reported after it are replayed, the table is right.
        try await write(table, f, path, position: position - 1)
        (facts, report) = try await load(f, path)
        #expect(report.source == .snapshot && facts.count == 4, "\(report)")
    }

    @Test func aSnapshotOfAnotherDatabaseIsRefused() async throws {
        // Two stores of the same city with the same number of changes: the other's table, with this
        // store's anchor forged in, still fails the spot check (other case ids or report times).
        let f = try await Fixture(), g = try await Fixture()
        let path = f.folder + "/city.sqlite.facts"
        for i in 0..<4 { _ = try await f.service.report(f.report(grid: i), by: f.actor(role: .intakeOperator)) }
        for i in 0..<8 { _ = try await g.service.report(g.report(grid: i % 5), by: g.actor(role: .intakeOperator), at: Date(timeIntervalSinceNow: -86_400)) }
        let (other, _) = try await load(g, nil)
        // Without the forgery: another history.
        try await other.writeSnapshot(to: path, store: g.store)
        var (facts, report) = try await load(f, path)
        #expect(report.source == .store && facts.count == 4, "\(report)")
        // With it: the spot check.
        try await write(other.read { $0 }, f, path)
        (facts, report) = try await load(f, path)
        let problem = report.snapshotProblem ?? ""
        #expect(report.source == .store && (problem.contains("not in the store") || problem.contains("differs")), "\(report)")
        #expect(facts.count == 4)
    }

    @Test func aSnapshotMissingACaseThatChangedLaterIsRefused() async throws {
        let f = try await Fixture()
        let path = f.folder + "/city.sqlite.facts"
        var made: [Case] = []
        for i in 0..<3 { made.append(try await f.service.report(f.report(grid: i), by: f.actor(role: .intakeOperator))) }
        // A table of the first two cases only, claimed to be at the store's position.
        let partial = LiveFacts(CaseFacts(dimensions: FactDimensions(city: f.service.city, users: [])))
        partial.apply(Array(made.prefix(2)))
        try await write(partial.read { $0 }, f, path)
        // The third case is stepped: the replay meets a case the snapshot should hold and does not.
        _ = try await f.service.act(caseID: made[2].id, command: WorkflowCommand(.accept), by: f.actor(role: .intakeOperator))
        let (facts, report) = try await load(f, path)
        #expect(report.source == .store && report.snapshotProblem?.contains("missing") == true, "\(report)")
        #expect(facts.count == 3)
    }

    @Test func theServerFollowsAfterASnapshotStart() async throws {
        let f = try await Fixture()
        let path = f.folder + "/city.sqlite.facts"
        _ = try await f.service.report(f.report(grid: 1), by: f.actor(role: .intakeOperator))
        let (first, _) = try await LiveFacts.following(f.service, snapshot: path)
        try await FactSnapshotKeeper(facts: first, store: f.store, path: path).writeNow()
        let (live, report) = try await LiveFacts.following(f.service, snapshot: path)
        #expect(report.source == .snapshot)
        _ = try await f.service.report(f.report(grid: 2), by: f.actor(role: .intakeOperator))
        #expect(live.count == 2)
        #expect(live.changesSinceSnapshot >= 1)
        // Another process's write is picked up by a catch-up (every snapshot does one).
        let other = try SQLiteCityStore(path: f.folder + "/city.sqlite")
        _ = try await CityService(store: other, city: f.service.city).report(f.report(grid: 3), by: f.actor(role: .intakeOperator))
        #expect(try await live.catchUp(from: f.store) >= 1, "the other process's case (and this one's, already applied, again)")
        #expect(live.count == 3)
    }

    @Test func aPreloadIsWiredToTheServiceAndDroppedWhenTheCityChanged() async throws {
        let f = try await Fixture()
        let path = f.folder + "/city.sqlite.facts"
        _ = try await f.service.report(f.report(grid: 1), by: f.actor(role: .intakeOperator))
        let preload = try await FactsPreload(store: f.store, city: f.service.city, snapshot: path)
        let (live, _, report) = try await LiveFacts.followingChanges(f.service, preload: preload)
        #expect(report.source == .store && live.count == 1)
        _ = try await f.service.report(f.report(grid: 2), by: f.actor(role: .intakeOperator))
        #expect(live.count == 2, "the service's announcements reach the preloaded table")
        // A city read before its configuration changed (here: one grid fewer) is not used.
        var older = f.service.city
        older.configurationVersion -= 1
        older.grids.removeLast()
        let stale = try await FactsPreload(store: f.store, city: older, snapshot: nil)
        let (again, _, _) = try await LiveFacts.followingChanges(f.service, preload: stale)
        #expect(again.read { $0.dimensions.gridCodes.count } == f.service.city.grids.count)
        #expect(again.count == 2)
    }

    @Test func theSynchronousFollowingStillWorksFromManyTasksAtOnce() async throws {
        let f = try await Fixture()
        _ = try await f.service.report(f.report(grid: 1), by: f.actor(role: .intakeOperator))
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<6 { group.addTask { try LiveFacts.following(f.service).count } }
            for try await n in group { #expect(n == 1) }
        }
    }
}
