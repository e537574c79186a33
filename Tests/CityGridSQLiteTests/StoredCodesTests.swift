import CityGridCore
import CityGridService
@testable import CityGridSQLite
import Foundation
import Testing

/// Satisfaction and alert levels are types in the domain but keep their stored values (the strings
/// `satisfied`, `basically_satisfied`, `dissatisfied`; the integers 0, 1, 2): no migration.
@Suite struct StoredCodesTests {
    @Test func theStoredValuesAreTheOldOnesAndReadBack() async throws {
        let f = try await Fixture()
        let citizen = f.actor("citizen4")
        let c = try await f.service.report(CaseReport(category: CategoryCode("E0102")!, location: f.report(grid: 55).location, description: "垃圾",
                                                      source: .citizenApp), by: citizen)
        let warned = try #require(c.warnAt)
        _ = try await ClockWatcher(service: f.service).scan(at: warned)
        func stored(_ column: String) async throws -> String? {
            try await f.store.pool.read { db in try String.fetchOne(db, sql: "SELECT CAST(\(column) AS TEXT) FROM cases WHERE id = ?", arguments: [c.id]) }
        }
        #expect(try await stored("alert_level") == "1")
        #expect(try await f.store.caseByID(c.id)?.alertLevel == .warned)
        // A row written as before (an integer level, a satisfaction string) reads back as the types.
        try await f.store.pool.write { db in
            try db.execute(sql: "UPDATE cases SET alert_level = 2, disposal_alert_level = 0, satisfaction = 'basically_satisfied' WHERE id = ?",
                           arguments: [c.id])
        }
        let read = try #require(try await f.store.caseByID(c.id))
        #expect(read.alertLevel == .escalated && read.disposalAlertLevel == AlertLevel.none && read.satisfaction == .basicallySatisfied)
        #expect(try await stored("satisfaction") == "basically_satisfied")
        // An unknown stored code is a corrupt row, not a silent default.
        try await f.store.pool.write { db in try db.execute(sql: "UPDATE cases SET satisfaction = 'happy' WHERE id = ?", arguments: [c.id]) }
        await #expect(throws: (any Error).self) { try await f.store.caseByID(c.id) }
    }
}
