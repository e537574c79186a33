@testable import CityGridSQLite
import CityGridCore
import Foundation
import GRDB
import Testing

/// ``RawStatement`` checks every bind and refuses to run with parameters left unbound; a failed
/// statement is left clean for its next use. ``CaseLayout`` reads columns by name.
@Suite struct RawStatementTests {
    static let sql = "INSERT INTO meta (key, value) VALUES (?, ?)"

    @Test func aBindPastTheParametersThrows() throws {
        let db = try DatabaseQueue()
        try db.write { db in
            try db.execute(sql: "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)")
            var statement = try RawStatement(Self.sql, db)
            try statement.bind("a")
            try statement.bind("b")
            #expect(throws: DatabaseError.self) { try statement.bind("c") }
            // The failed statement was reset: a correct use of the same cached statement runs.
            var again = try RawStatement(Self.sql, db)
            try again.bind("k")
            try again.bind("v")
            try again.run()
            #expect(try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'k'") == "v")
        }
    }

    @Test func runningWithAParameterUnboundThrowsAndWritesNothing() throws {
        let db = try DatabaseQueue()
        try db.write { db in
            try db.execute(sql: "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)")
            var statement = try RawStatement(Self.sql, db)
            try statement.bind("only-the-key")
            do {
                try statement.run()
                Issue.record("a statement with an unbound parameter must not run")
            } catch let error as DatabaseError {
                #expect(error.resultCode == .SQLITE_RANGE)
            }
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM meta") == 0)
        }
    }

    @Test func resultColumnsAreFoundByName() throws {
        let db = try DatabaseQueue()
        try db.read { db in
            var statement = try RawStatement("SELECT 7 AS seven, 2.5 AS half", db)
            let seven = try statement.column("seven"), half = try statement.column("half")
            #expect(throws: DatabaseError.self) { try statement.column("missing") }
            var read: [Double] = []
            try statement.forEachRow { row in read = [Double(row.int64(seven)), row.double(half)] }
            #expect(read == [7, 2.5])
        }
    }

    @Test func casesAreDecodedByColumnNameInAnyOrder() async throws {
        let f = try await Fixture()
        let created = try await f.service.report(f.report(), by: f.actor(role: .intakeOperator))
        let stored = try #require(try await f.store.caseByID(created.id))
        let reversed = CaseRow.columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.reversed().joined(separator: ", ")
        let read = try await f.store.readSnapshot { db in
            try CaseRow.fetchAll(db, sql: "SELECT \(reversed) FROM cases WHERE id = ?", arguments: [created.id])
        }
        #expect(read == [stored])
        #expect(throws: DatabaseError.self) { try CaseLayout(names: ["id", "number"]) }
    }
}
