import CityGridCore
import CityGridService
@testable import CityGridSQLite
import Foundation
import Testing

/// Steps computed outside the writer on a case this store wrote last: the stored case still
/// decides. Another process's write, a refusal on the remembered case, or a city replaced meanwhile
/// (ids reused) never lead to a wrong write.
@Suite struct RecentlyWrittenTests {
    @Test func aStepOnACaseAnotherProcessMovedIsComputedOnTheStoredCase() async throws {
        let f = try await Fixture()
        let intake = f.actor(role: .intakeOperator)
        let c = try await f.service.report(f.report(), by: intake)  // remembered by this store at version 1
        // Another process (a second store on the same file) accepts the case.
        let other = try SQLiteCityStore(path: f.folder + "/city.sqlite")
        let otherService = try await CityService.open(other)
        let accepted = try await otherService.act(caseID: c.id, command: WorkflowCommand(.accept), by: intake).value
        #expect(accepted.state == .accepted && accepted.version == c.version + 1)
        // This store remembers version 1, on which `accept` would pass again and `file` be refused;
        // the stored case decides: `accept` is refused, `file` passes.
        await #expect(throws: DomainError.self) {
            try await f.service.act(caseID: c.id, command: WorkflowCommand(.accept), by: intake)
        }
        let filed = try await f.service.act(caseID: c.id, command: WorkflowCommand(.file), by: f.actor(role: .shiftLeader)).value
        #expect(filed.state == .filed && filed.version == accepted.version + 1)
        let events = try await f.store.events(caseID: c.id)
        #expect(events.map(\.action) == [.report, .accept, .file])
    }

    @Test func anExpectedVersionIsCheckedAgainstTheStoredCase() async throws {
        let f = try await Fixture()
        let intake = f.actor(role: .intakeOperator)
        let c = try await f.service.report(f.report(), by: intake)
        let other = try await CityService.open(try SQLiteCityStore(path: f.folder + "/city.sqlite"))
        _ = try await other.act(caseID: c.id, command: WorkflowCommand(.accept), by: intake)
        // The remembered version is 1, the stored one 2: expecting 1 is stale, expecting 2 passes.
        do {
            _ = try await f.service.act(caseID: c.id, command: WorkflowCommand(.file), expectedVersion: c.version, by: f.actor(role: .shiftLeader))
            Issue.record("a stale expected version must be refused")
        } catch let error as DomainError {
            #expect(error.code == "version_conflict" && error.field == "expected_version")
        }
        let filed = try await f.service.act(caseID: c.id, command: WorkflowCommand(.file), expectedVersion: c.version + 1,
                                            by: f.actor(role: .shiftLeader)).value
        #expect(filed.state == .filed)
    }

    @Test func aCaseRememberedBeforeTheCityWasReplacedIsNeverWrittenOverANewCaseWithItsId() async throws {
        let f = try await Fixture()
        let intake = f.actor(role: .intakeOperator)
        let old = try await f.service.report(f.report(grid: 3), by: intake)
        // Another process replaces the city: every case goes, and ids start again.
        let other = try SQLiteCityStore(path: f.folder + "/city.sqlite")
        try await other.replaceCity(Fixture.city.city, users: Fixture.city.users, components: Fixture.city.components)
        let otherService = try await CityService.open(other)
        let new = try await otherService.report(CaseReport(category: CategoryCode("E0101")!, location: f.report(grid: 5).location,
                                                           description: "the new one", source: .hotline), by: intake)
        #expect(new.id == old.id && new.version == old.version)
        // A step through the first store on that id applies to the new case as stored.
        let accepted = try await f.service.act(caseID: old.id, command: WorkflowCommand(.accept), by: intake).value
        #expect(accepted.description == "the new one" && accepted.category.rawValue == "E0101")
        let stored = try #require(try await f.store.caseByID(old.id))
        #expect(stored.description == "the new one" && stored.chain == new.chain && stored.state == .accepted)
    }

    @Test func concurrentStepsOnOneCaseBehaveAsOneAfterTheOther() async throws {
        let f = try await Fixture()
        let intake = f.actor(role: .intakeOperator)
        let c = try await f.service.report(f.report(), by: intake)
        // Twenty accepts at once: exactly one passes, the others are refused by the accepted case.
        let passed = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<20 {
                group.addTask { (try? await f.service.act(caseID: c.id, command: WorkflowCommand(.accept), by: intake)) != nil }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(passed == 1)
        let stored = try #require(try await f.store.caseByID(c.id))
        #expect(stored.state == .accepted && stored.version == c.version + 1)
        #expect(try await f.store.events(caseID: c.id).map(\.action) == [.report, .accept])
    }

    /// Bounded: past its capacity the case remembered first goes; a case written again keeps its place.
    @Test func theTableKeepsTheLastCasesUpToItsCapacity() async throws {
        let f = try await Fixture()
        let value = try await f.service.report(f.report(), by: f.actor(role: .intakeOperator))
        func with(_ id: Int64, version: Int = 1) -> Case {
            var c = value
            c.id = CaseID(id)
            c.version = version
            return c
        }
        let recent = RecentlyWritten(capacity: 3)
        recent.remember([with(1), with(2), with(3)], configuration: 7)
        recent.remember([with(2, version: 2)], configuration: 8)
        #expect(recent.count == 3 && recent[CaseID(2)]?.value.version == 2 && recent[CaseID(2)]?.configuration == 8)
        recent.remember([with(4)], configuration: 8)
        #expect(recent.count == 3 && recent[CaseID(1)] == nil && recent[CaseID(4)] != nil)
        recent.remember([with(5), with(6)], configuration: 8)
        #expect(recent.count == 3 && recent[CaseID(2)] == nil && recent[CaseID(3)] == nil)
        #expect([4, 5, 6].allSatisfy { recent[CaseID($0)] != nil })
    }
}
