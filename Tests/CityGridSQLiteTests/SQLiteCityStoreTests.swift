import CityGridCore
import CityGridGeometry
import CityGridService
import CityGridSimulation
@testable import CityGridSQLite
import CityGridStore
import Foundation
import Testing

@Suite struct SQLiteCityStoreTests {
    @Test func cityRoundTrips() async throws {
        let f = try await Fixture()
        let loaded = try #require(try await f.store.loadCity())
        #expect(loaded.grids == Fixture.city.city.grids)
        #expect(loaded.regions.count == Fixture.city.city.regions.count)
        #expect(loaded.catalogue == Fixture.city.city.catalogue)
        #expect(loaded.calendar == Fixture.city.city.calendar)
        #expect(loaded.organisations.count == Fixture.city.city.organisations.count)
        #expect(try await f.store.componentCount() == Fixture.city.components.count)
        #expect(try await f.store.users().count == Fixture.city.users.count)
    }

    @Test func intakeNumbersAndPersists() async throws {
        let f = try await Fixture()
        let reporter = f.actor(role: .intakeOperator)
        let at = ISOTime.parse("2026-11-29T02:00:00Z")!
        let created = try await withThrowingTaskGroup(of: Case.self) { group in
            for i in 0..<200 { group.addTask { try await f.service.report(f.report(grid: i), by: reporter, at: at) } }
            return try await group.reduce(into: [Case]()) { $0.append($1) }
        }
        #expect(Set(created.map(\.id)).count == 200)
        // One prefix (same category, same local day): serials 1...200, four digits.
        #expect(Set(created.map(\.number)) == Set((1...200).map { CaseNumber.make(prefix: "E010220261129", serial: $0) }))
        // Reopen the file: every acknowledged case is there, with its report event.
        let reopened = try SQLiteCityStore(path: f.folder + "/city.sqlite")
        #expect(try await reopened.caseCount() == 200)
        let one = try #require(try await reopened.caseByID(created[0].id))
        #expect(one == created[0])
        let events = try await reopened.events(caseID: one.id)
        #expect(events.count == 1 && events[0].action == .report && events[0].toState == .reported)
    }

    @Test func concurrentTransitionsOneWins() async throws {
        let f = try await Fixture()
        let c = try await f.service.report(f.report(), by: f.actor(role: .intakeOperator))
        let intake = f.actor(role: .intakeOperator)
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<24 {
                group.addTask { (try? await f.service.act(caseID: c.id, command: WorkflowCommand(.accept), by: intake)) != nil }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 1)
        let events = try await f.store.events(caseID: c.id)
        #expect(events.map(\.action) == [.report, .accept])
        #expect(try await f.store.caseByID(c.id)?.version == 2)
    }

    @Test func staleVersionIsAConflictAndWritesNothing() async throws {
        let f = try await Fixture()
        let c = try await f.service.report(f.report(), by: f.actor(role: .intakeOperator))
        await #expect(throws: DomainError.self) {
            try await f.service.act(caseID: c.id, command: WorkflowCommand(.accept), expectedVersion: 7, by: f.actor(role: .intakeOperator))
        }
        do {
            _ = try await f.service.act(caseID: c.id, command: WorkflowCommand(.accept), expectedVersion: 7, by: f.actor(role: .intakeOperator))
        } catch let error as DomainError {
            #expect(error.kind == .conflict && error.code == "version_conflict")
        }
        #expect(try await f.store.caseByID(c.id)?.state == .reported)
        #expect(try await f.store.events(caseID: c.id).count == 1)
    }

    @Test func refusedStepLeavesCaseAndLogUntouched() async throws {
        let f = try await Fixture()
        let c = try await f.service.report(f.report(), by: f.actor(role: .intakeOperator))
        do {
            _ = try await f.service.act(caseID: c.id, command: WorkflowCommand(.file), by: f.actor(role: .shiftLeader))
            Issue.record("filing a reported case must be refused")
        } catch let error as DomainError {
            #expect(error.code == "invalid_transition")
        }
        #expect(try await f.store.caseByID(c.id) == c)
        #expect(try await f.store.events(caseID: c.id).count == 1)
    }

    @Test func mainPathThroughTheStore() async throws {
        let f = try await Fixture()
        let c = try await f.service.report(f.report(), by: f.actor(role: .intakeOperator))
        _ = try await f.service.act(caseID: c.id, command: WorkflowCommand(.accept), by: f.actor(role: .intakeOperator))
        _ = try await f.service.act(caseID: c.id, command: WorkflowCommand(.file), by: f.actor(role: .shiftLeader))
        let dispatched = try await f.service.act(caseID: c.id, command: WorkflowCommand(.dispatch), by: f.actor(role: .dispatcher)).value
        let department = try #require(dispatched.departmentCode)
        let handler = Actor(Fixture.city.users.first { $0.role == .departmentHandler && $0.organisationCode == department }!)
        _ = try await f.service.act(caseID: c.id, command: WorkflowCommand(.dispose, note: "cleared"), by: handler)
        let inspector = Actor(Fixture.city.users.first { $0.role == .inspector && $0.jurisdiction == c.chain.community }!)
        _ = try await f.service.act(caseID: c.id, command: WorkflowCommand(.check), by: inspector)
        let closed = try await f.service.act(caseID: c.id, command: WorkflowCommand(.close), by: f.actor(role: .shiftLeader)).value
        #expect(closed.state == .closed && closed.version == 7)
        let events = try await f.store.events(caseID: c.id)
        #expect(events.map(\.sequence) == Array(1...7))
        #expect(events.map(\.toState) == [.reported, .accepted, .filed, .dispatched, .disposed, .checked, .closed])
        #expect(try await f.store.caseByID(c.id) == closed)
    }

    @Test func listingFiltersAndPages() async throws {
        let f = try await Fixture()
        let intake = f.actor(role: .intakeOperator)
        var ids: [CaseID] = []
        for i in 0..<30 {
            let c = try await f.service.report(f.report(grid: i * 37 % Fixture.city.city.grids.count, category: i % 3 == 0 ? "C0101" : "E0102"), by: intake)
            ids.append(c.id)
        }
        for id in ids.prefix(5) { _ = try await f.service.act(caseID: id, command: WorkflowCommand(.accept), by: intake) }
        #expect(try await f.store.cases(CaseQuery(states: [.accepted])).cases.map(\.id) == ids.prefix(5).reversed())
        #expect(try await f.store.cases(CaseQuery(categoryPrefix: "C")).cases.count == 10)
        #expect(try await f.store.cases(CaseQuery(categoryPrefix: "E0102")).cases.count == 20)
        let district = Fixture.city.city.regions.first { $0.level == .district }!.code
        let inDistrict = try await f.store.cases(CaseQuery(region: district, limit: 1000)).cases
        #expect(inDistrict.allSatisfy { district.contains($0.chain.grid) })
        var seen: [CaseID] = []
        var query = CaseQuery(limit: 7)
        while true {
            let page = try await f.store.cases(query)
            seen += page.cases.map(\.id)
            guard let next = page.nextBeforeID else { break }
            query.beforeID = next
        }
        #expect(seen == ids.reversed())
    }
}

@Suite struct DurabilityTests {
    /// Every acknowledged commit is flushed to disk: the writer runs with `synchronous = FULL` (2),
    /// not the `NORMAL` that GRDB's WAL set-up leaves.
    @Test func writerFlushesEveryCommit() async throws {
        let f = try await Fixture()
        #expect(try await f.store.writerSynchronousMode() == 2)
        // Checkpoints every 20,000 pages of log, not SQLite's 1,000 (the tail of a step's latency).
        #expect(try await f.store.writerCheckpointPages() == 20_000)
    }
}

@Suite struct GridReplacementTests {
    @Test func gridsInUseAreNotReplacedSilently() async throws {
        let f = try await Fixture()
        let city = Fixture.city.city
        // Components refer to the grids: refused without force, and nothing changes.
        do {
            try await f.store.replaceGrids(Array(city.grids.prefix(10)), regions: city.regions, force: false)
            Issue.record("replacing grids in use must be refused")
        } catch let error as DomainError {
            #expect(error.code == "grids_in_use")
        }
        #expect(try await f.store.loadCity()?.grids.count == city.grids.count)
        // Regions that users still name: refused even with force.
        do {
            try await f.store.replaceGrids(Array(city.grids.prefix(10)), regions: Array(city.regions.prefix(2)), force: true)
            Issue.record("dropping regions that users name must be refused")
        } catch let error as DomainError {
            #expect(error.code == "regions_in_use")
        }
        #expect(try await f.store.componentCount() == Fixture.city.components.count)
        // With force and every region kept, components go and the grids are replaced.
        try await f.store.replaceGrids(Array(city.grids.prefix(10)), regions: city.regions, force: true)
        #expect(try await f.store.loadCity()?.grids.count == 10)
        #expect(try await f.store.componentCount() == 0)
    }

    @Test func reportsNameARegisteredComponentOfTheirClass() async throws {
        let f = try await Fixture()
        let component = Fixture.city.components[0]
        let intake = f.actor(role: .intakeOperator)
        let ok = try await f.service.report(CaseReport(category: component.category, location: component.location, description: "",
                                                       source: .hotline, componentID: component.id), by: intake)
        #expect(ok.componentID == component.id)
        for (id, category) in [("9101019999999999", component.category),
                               (component.id, Fixture.city.city.catalogue.entries.first { $0.code.kind == .component && $0.code != component.category }!.code)] {
            do {
                _ = try await f.service.report(CaseReport(category: category, location: component.location, description: "",
                                                          source: .hotline, componentID: id), by: intake)
                Issue.record("component \(id) as \(category) must be refused")
            } catch let error as DomainError {
                #expect(error.field == "component_id")
            }
        }
        #expect(try await f.store.caseCount() == 1)
    }
}
