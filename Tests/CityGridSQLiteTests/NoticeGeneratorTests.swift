import CityGridCore
import CityGridService
import CityGridSQLite
import CityGridStore
import Foundation
import Testing

/// ``NoticeGenerator``: case events read from the change log become notices — the citizen reporter
/// hears of acceptance and dispatch, the body of a dispatch in its organisation inbox — each once,
/// even when a second generator (a restarted process) reads the same log.
@Suite struct NoticeGeneratorTests {
    @Test func acceptanceAndDispatchAreToldOnceToTheReporterAndTheBody() async throws {
        let f = try await Fixture()
        let citizen = f.actor("citizen3")
        let hotlineCaller = f.actor("citizen2")
        let c = try await f.service.report(CaseReport(category: CategoryCode("E0102")!, location: f.report(grid: 40).location, description: "垃圾",
                                                      source: .citizenApp), by: citizen)
        // A staff report: its reporter hears nothing of acceptance.
        let staff = try await f.service.report(f.report(grid: 41), by: f.actor(role: .intakeOperator))
        let generator = NoticeGenerator(store: f.store)
        try await f.service.act(caseID: c.id, command: WorkflowCommand(.accept), by: f.actor(role: .intakeOperator))
        try await f.service.act(caseID: staff.id, command: WorkflowCommand(.accept), by: f.actor(role: .intakeOperator))
        #expect(try await generator.poll() == 1)
        var inbox = try await f.store.notices(for: .user(citizen.userID!), before: nil, limit: 10)
        #expect(inbox.map(\.kind) == [.caseAccepted] && inbox[0].subject.caseID == c.id && inbox[0].body.zh.contains(c.number))
        try await f.service.act(caseID: c.id, command: WorkflowCommand(.file), by: f.actor(role: .shiftLeader))
        let dispatched = try await f.service.act(caseID: c.id, command: WorkflowCommand(.dispatch), by: f.actor(role: .dispatcher)).value
        let body = try #require(dispatched.departmentCode)
        // A restarted process: a second generator reads from the stored cursor.
        let restarted = NoticeGenerator(store: try SQLiteCityStore(path: f.folder + "/city.sqlite"))
        #expect(try await restarted.poll() == 2)
        #expect(try await generator.poll() == 0)
        inbox = try await f.store.notices(for: .user(citizen.userID!), before: nil, limit: 10)
        #expect(inbox.map(\.kind) == [.caseDispatched, .caseAccepted])
        let organisation = try await f.store.notices(for: .organisation(body), before: nil, limit: 10)
        #expect(organisation.map(\.kind) == [.caseAssigned] && organisation[0].link == "/app/cases/\(c.id.rawValue)")
        #expect(try await f.store.notices(for: .user(hotlineCaller.userID!), before: nil, limit: 10).isEmpty)
        let last = try await f.store.lastChangeSequence()
        #expect(try await f.store.noticeCursor(NoticeGenerator.cursorName) == last)
    }
}
