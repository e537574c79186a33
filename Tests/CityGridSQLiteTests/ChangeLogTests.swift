import CityGridCore
import CityGridService
import CityGridSQLite
import CityGridStore
import Foundation
import Testing

/// Every durable change writes one change log entry in its own transaction, numbered in commit order;
/// configuration writes raise the configuration version.
@Suite struct ChangeLogTests {
    @Test func everyKindOfWriteIsLoggedInOrder() async throws {
        let f = try await Fixture()
        let store = f.store
        var entries = try await store.changes(after: 0, limit: 100)
        #expect(entries.map(\.kind) == [.cityReplaced])
        #expect(entries[0].configVersion == 1)
        #expect(try await store.configurationVersion() == 1)
        #expect(try await store.loadCity()?.configurationVersion == 1)

        let now = Date()
        let c = try await f.service.report(f.report(grid: 3), by: f.actor(role: .intakeOperator), at: now)
        try await f.service.act(caseID: c.id, command: WorkflowCommand(.accept), by: f.actor(role: .intakeOperator), at: now)
        let scan = try await ClockWatcher(service: f.service).scan(at: now.addingTimeInterval(30 * 86_400))
        #expect(scan.escalated + scan.warned == 1)
        let city = f.service.city
        try await store.replaceCatalogue(city.catalogue)
        try await store.replaceCalendar(city.calendar)
        try await store.upsertOrganisations(Array(city.organisations.prefix(1)))
        try await store.replaceRoutingRules(city.routingRules)
        try await store.replaceWorkflow(json: f.service.workflowJSON, states: Set(city.workflow.states.keys))
        let user = try await store.addUser(NewUser(username: "newcomer", displayName: "New", role: .inspector))
        try await store.addToken(userID: user.id, tokenHash: "abc", createdAt: now, expiresAt: now.addingTimeInterval(3600))
        #expect(try await store.revokeTokens(userID: user.id) == 1)

        entries = try await store.changes(after: 1, limit: 100)
        #expect(entries.map(\.kind) == [.caseReported, .caseStepped, .caseAlerted, .catalogueReplaced, .calendarReplaced,
                                        .organisationsChanged, .routingReplaced, .workflowReplaced, .userChanged, .tokenAdded, .tokensRevoked])
        #expect(entries.map(\.sequence) == Array(2...12))
        #expect(entries.prefix(3).allSatisfy { $0.caseID == c.id })
        let latest = try #require(try await store.caseByID(c.id))
        #expect(entries.prefix(3).map(\.caseVersion) == [c.version, c.version + 1, latest.version])
        #expect(entries.compactMap(\.configVersion) == [2, 3, 4, 5, 6])
        #expect(entries.suffix(3).allSatisfy { $0.userID == user.id })
        #expect(try await store.lastChangeSequence() == 12)
        #expect(try await store.configurationVersion() == 6)
        #expect(try await store.loadCity()?.configurationVersion == 6)
        // Paging by cursor.
        #expect(try await store.changes(after: 4, limit: 2).map(\.sequence) == [5, 6])
        #expect(try await store.changes(after: 12, limit: 10).isEmpty)
    }

    @Test func aRefusedWriteLeavesNoEntry() async throws {
        let f = try await Fixture()
        let c = try await f.service.report(f.report(grid: 1), by: f.actor(role: .intakeOperator))
        let before = try await f.store.lastChangeSequence()
        await #expect(throws: DomainError.self) {
            try await f.service.act(caseID: c.id, command: WorkflowCommand(.accept), expectedVersion: c.version + 5, by: f.actor(role: .intakeOperator))
        }
        await #expect(throws: DomainError.self) {
            try await f.service.act(caseID: c.id, command: WorkflowCommand(.close), by: f.actor(role: .intakeOperator))
        }
        await #expect(throws: DomainError.self) {
            try await f.store.replaceWorkflow(json: "{}", states: [])
        }
        #expect(try await f.store.lastChangeSequence() == before)
        #expect(try await f.store.configurationVersion() == 1)
    }

    @Test func concurrentReportsAreNumberedInCommitOrder() async throws {
        let f = try await Fixture()
        let actor = f.actor(role: .intakeOperator)
        let ids = try await withThrowingTaskGroup(of: CaseID.self) { group in
            for i in 0..<200 {
                group.addTask { try await f.service.report(f.report(grid: i % 50), by: actor).id }
            }
            return try await group.reduce(into: [CaseID]()) { $0.append($1) }
        }
        let entries = try await f.store.changes(after: 1, limit: 1000)
        #expect(entries.count == 200)
        #expect(entries.allSatisfy { $0.kind == .caseReported })
        #expect(Set(entries.compactMap(\.caseID)) == Set(ids))
        // Ids and sequence numbers are both assigned inside the writer's transactions: same order.
        #expect(entries.compactMap(\.caseID) == entries.compactMap(\.caseID).sorted())
    }

    @Test func bulkInsertsAndSpawnedCasesAreLogged() async throws {
        let f = try await Fixture()
        let actor = f.actor(role: .intakeOperator)
        let drafts = try (0..<3).map { try f.service.intake.draft(f.report(grid: $0), by: actor, at: Date()) }
        let written = try await f.store.insertCases(drafts)
        let entries = try await f.store.changes(after: 1, limit: 10)
        #expect(entries.map(\.kind) == [.caseReported, .caseReported, .caseReported])
        #expect(entries.compactMap(\.caseID) == written.map(\.id))
    }
}
