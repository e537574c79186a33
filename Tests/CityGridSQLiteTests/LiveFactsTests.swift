import CityGridAnalytics
import CityGridCore
import CityGridService
import CityGridSQLite
import Foundation
import Testing

/// The fact table follows the service: a report or a step is in the next evaluation, with no reload.
@Suite struct LiveFactsTests {
    @Test func reportsAndStepsAreVisibleToEvaluationAtOnce() async throws {
        let f = try await Fixture()
        let live = try LiveFacts.following(f.service)
        let evaluator = Evaluator(city: f.service.city, users: Fixture.city.users)
        let rules = try RuleSets.load("basic", workflow: f.service.city.workflow)
        let now = Date()
        let (y, m, _) = LocalDate(dayNumber: Int(((now.timeIntervalSince1970 + 8 * 3600) / 86_400).rounded(.down))).components
        let month = try #require(EvaluationPeriod.month(y, m))
        func figures(_ code: String) throws -> [Double?] {
            try live.read { try evaluator.evaluate(rules, subject: .department, period: month, facts: $0, now: now) }
                .rows.first { $0.code == code }?.figures.map(\.value) ?? []
        }

        let c = try await f.service.report(f.report(grid: 3), by: f.actor(role: .intakeOperator), at: now)
        #expect(live.count == 1)
        try await f.service.act(caseID: c.id, command: WorkflowCommand(.accept), by: f.actor(role: .intakeOperator), at: now)
        try await f.service.act(caseID: c.id, command: WorkflowCommand(.file), by: f.actor(role: .shiftLeader), at: now)
        let dispatched = try await f.service.act(caseID: c.id, command: WorkflowCommand(.dispatch), by: f.actor(role: .dispatcher), at: now).value
        let departmentCode = try #require(dispatched.departmentCode)
        let department = departmentCode.rawValue
        #expect(try figures(department)[0] == 1, "one case for the body it was dispatched to")
        #expect(try figures(department)[1] == 0, "not closed yet")
        let handler = Actor(Fixture.city.users.first { $0.role == .departmentHandler && $0.organisationCode == departmentCode }!)
        try await f.service.act(caseID: c.id, command: WorkflowCommand(.dispose, attachments: ["https://example.org/p.jpg"]), by: handler, at: now)
        let after = try figures(department)
        #expect(after[2] == 1, "disposed within its limit")
        #expect(after[4] != nil, "a disposal time")
        // Who left each stage is in the facts: the dispatcher is evaluated on this case.
        let dispatchers = try live.read { try evaluator.evaluate(rules, subject: .dispatcher, period: month, facts: $0, now: now) }
        #expect(dispatchers.rows.first { $0.code == f.actor(role: .dispatcher).userID!.description }?.cases == 1)
    }

    @Test func theClocksAlertsReachTheFacts() async throws {
        let f = try await Fixture()
        let live = try LiveFacts.following(f.service)
        let now = Date()
        let c = try await f.service.report(f.report(grid: 5), by: f.actor(role: .intakeOperator), at: now)
        let rules = try RuleSets.parse("ruleset s\nsubject any\nindicator supervised = count supervised\n", source: "s", workflow: f.service.city.workflow)
        let evaluator = Evaluator(city: f.service.city, users: Fixture.city.users)
        func supervised() throws -> Int64 {
            let (y, m, _) = LocalDate(dayNumber: Int(((now.timeIntervalSince1970 + 8 * 3600) / 86_400).rounded(.down))).components
            let report = try live.read { try evaluator.evaluate(rules, subject: .district, period: EvaluationPeriod.month(y, m)!, facts: $0, now: now) }
            return report.rows.first { $0.code == c.chain.district.rawValue }?.figures[0].numerator ?? -1
        }
        #expect(try supervised() == 0)
        // Days later the intake stage is long overdue: the clock escalates it (to supervision).
        let scan = try await ClockWatcher(service: f.service).scan(at: now.addingTimeInterval(10 * 86_400))
        #expect(scan.escalated >= 1)
        #expect(try supervised() == 1)
    }
}
