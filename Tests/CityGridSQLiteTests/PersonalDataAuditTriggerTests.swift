import CityGridCore
import CityGridSQLite
import CityGridStore
import Foundation
import GRDB
import Testing

/// The audit of personal-data reads is append-only in the database itself: even a connection that
/// goes around the store cannot change or delete a row.
@Suite struct PersonalDataAuditTriggerTests {
    @Test func theTableRefusesAnUpdateAndADelete() async throws {
        let folder = NSTemporaryDirectory() + "citygrid-audit-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/c.sqlite"
        let store = try SQLiteCityStore(path: path)
        let written = try await store.appendPersonalDataRead(PersonalDataRead(readerID: 4, readerRole: .admin, caseID: 1, fields: ["phone"],
                                                                              purpose: "GET /app/cases/{id}", at: Date()))
        let queue = try DatabaseQueue(path: path)
        for sql in ["UPDATE personal_data_reads SET purpose = 'nothing' WHERE id = 1", "DELETE FROM personal_data_reads WHERE id = 1",
                    "DELETE FROM personal_data_reads"] {
            #expect(throws: DatabaseError.self, "\(sql)") { try queue.write { db in try db.execute(sql: sql) } }
        }
        #expect(try await store.personalDataReads(PersonalDataReadQuery()) == [written])
    }
}
