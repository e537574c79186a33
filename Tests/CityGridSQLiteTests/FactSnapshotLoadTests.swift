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

    @Test func theSynchronousFollowingStillWorksFromManyTasksAtOnce() async throws {
        let f = try await Fixture()
        _ = try await f.service.report(f.report(grid: 1), by: f.actor(role: .intakeOperator))
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<6 { group.addTask { try LiveFacts.following(f.service).count } }
            for try await n in group { #expect(n == 1) }
        }
    }
}
