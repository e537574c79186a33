import CityGridCore
import CityGridService
import CityGridSQLite
import CityGridStore
import Foundation
import Synchronization
import Testing

/// Followers of the change log: another process's steps reach the live fact table, a cursor resumes
/// after a restart, identity and configuration changes reach their subscribers.
@Suite struct ChangeFollowerTests {
    /// Waits up to `seconds` for `condition`.
    private func eventually(within seconds: Double, _ condition: () async throws -> Bool) async throws -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }

    @Test func anotherProcesssStepsReachTheLiveFactsWithinASecond() async throws {
        let f = try await Fixture()
        let (live, follower, _) = try await LiveFacts.followingChanges(f.service, interval: .milliseconds(100))
        let running = Task { try await follower.run() }
        defer { running.cancel() }

        // A second "process": its own store on the same file, its own service.
        let other = try await CityService.open(try SQLiteCityStore(path: f.folder + "/city.sqlite"))
        let now = Date()
        let c = try await other.report(f.report(grid: 4), by: f.actor(role: .intakeOperator), at: now)
        #expect(try await eventually(within: 1) { live.read { $0.row(ofCase: c.id) != nil } }, "a report by another process")
        let accepted = try await other.act(caseID: c.id, command: WorkflowCommand(.accept), by: f.actor(role: .intakeOperator), at: now).value
        #expect(try await eventually(within: 1) {
            live.read { facts in facts.row(ofCase: c.id).map { Int(facts.version[$0]) } == accepted.version }
        }, "a step by another process")
        // The other process's clock: an escalation days later.
        let scan = try await ClockWatcher(service: other).scan(at: now.addingTimeInterval(30 * 86_400))
        #expect(scan.escalated + scan.warned == 1)
        let alerted = try #require(try await other.store.caseByID(c.id))
        #expect(try await eventually(within: 1) {
            live.read { facts in facts.row(ofCase: c.id).map { Int(facts.version[$0]) } == alerted.version }
        }, "the other process's clock")
    }

    @Test func inProcessWritesAreAppliedBeforeTheyAreAnswered() async throws {
        let f = try await Fixture()
        let (live, _, _) = try await LiveFacts.followingChanges(f.service)
        // The follower does not even run: the in-process announcement alone keeps the table current.
        let c = try await f.service.report(f.report(grid: 2), by: f.actor(role: .intakeOperator))
        #expect(live.read { $0.row(ofCase: c.id) != nil })
        let step = try await f.service.act(caseID: c.id, command: WorkflowCommand(.accept), by: f.actor(role: .intakeOperator))
        #expect(live.read { facts in facts.row(ofCase: c.id).map { Int(facts.version[$0]) } } == step.value.version)
    }

    @Test func aFollowerResumesFromItsSavedCursor() async throws {
        let f = try await Fixture()
        let saved = Mutex<Int64>(0)
        let seen = Mutex<[CaseID]>([])
        let first = ChangeFollower(store: f.store, after: 0)
        first.onCases { ids in seen.withLock { $0 += ids } }
        first.onCursor { cursor in saved.withLock { $0 = cursor } }
        let a = try await f.service.report(f.report(grid: 1), by: f.actor(role: .intakeOperator))
        #expect(try await first.poll() == 2, "the city and the report")
        #expect(seen.withLock { $0 } == [a.id])
        #expect(saved.withLock { $0 } == first.cursor)

        // "Restart": a new follower from the saved cursor sees only what came after.
        let b = try await f.service.report(f.report(grid: 2), by: f.actor(role: .intakeOperator))
        let resumed = ChangeFollower(store: f.store, after: saved.withLock { $0 })
        resumed.onCases { ids in seen.withLock { $0 += ids } }
        #expect(try await resumed.poll() == 1)
        #expect(seen.withLock { $0 } == [a.id, b.id])
        #expect(try await resumed.poll() == 0)
    }

    @Test func aConsumerThatFailsSeesTheBatchAgain() async throws {
        let f = try await Fixture()
        struct Refused: Error {}
        let failures = Mutex(1)
        let follower = ChangeFollower(store: f.store, after: 0)
        follower.onEntries { _ in
            if failures.withLock({ n in defer { n -= 1 }; return n > 0 }) { throw Refused() }
        }
        await #expect(throws: Refused.self) { try await follower.poll() }
        #expect(follower.cursor == 0)
        #expect(try await follower.poll() == 1)
        #expect(follower.cursor == 1)
    }

    @Test func identityAndConfigurationChangesReachTheirSubscribers() async throws {
        let f = try await Fixture()
        let follower = ChangeFollower(store: f.store, after: try await f.store.lastChangeSequence(), interval: .seconds(10))
        follower.listen(to: f.service.changes)
        let users = Mutex<[UserID]>([])
        let versions = Mutex<[Int64]>([])
        let cases = Mutex<[CaseID]>([])
        follower.onIdentityChange { entries in users.withLock { $0 += entries.compactMap(\.userID) } }
        follower.onConfigurationChange { version in versions.withLock { $0.append(version) } }
        follower.onCases { ids in cases.withLock { $0 += ids } }
        let running = Task { try await follower.run() }
        defer { running.cancel() }

        let user = try await f.store.addUser(NewUser(username: "cached", displayName: "Cached", role: .dispatcher))
        try await f.store.replaceCalendar(f.service.city.calendar)
        follower.wake()
        #expect(try await eventually(within: 1) { users.withLock { $0 } == [user.id] && versions.withLock { $0 } == [2] })
        // An in-process report wakes the follower at once (its interval is 10 s).
        let c = try await f.service.report(f.report(grid: 6), by: f.actor(role: .intakeOperator))
        #expect(try await eventually(within: 1) { cases.withLock { $0 } == [c.id] })
    }
}
