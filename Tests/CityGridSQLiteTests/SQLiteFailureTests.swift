@testable import CityGridSQLite
import CityGridCore
import CityGridSimulation
import CityGridStore
import Foundation
import GRDB
import Testing

/// Storage failures reach callers as ``DomainError``s: a database locked past the busy timeout is
/// `unavailable` (`store_busy`), a broken unique key a `conflict` naming the field.
@Suite struct SQLiteFailureTests {
    /// A fresh database file in its own folder.
    final class Folder: Sendable {
        let path: String
        init() throws {
            path = NSTemporaryDirectory() + "citygrid-failure-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    /// A report in the fixture city's first grid.
    static func draft() -> CaseDraft {
        let grid = Fixture.city.city.grids[0]
        let at = Date(timeIntervalSince1970: 1_795_900_000)
        let value = Case(id: .unassigned, number: "", category: CategoryCode("E0102")!, source: .hotline, location: grid.boundary.representativePoint,
                         chain: GridChain(grid: grid.code), description: "busy", reporterID: nil, reportedAt: at)
        return CaseDraft(value: value, numberPrefix: "E010220261129",
                         events: [CaseEvent(caseID: .unassigned, sequence: 1, actorID: nil, role: .intakeOperator, action: .report, at: at, fromState: nil,
                                            toState: .reported, note: "")])
    }

    @Test func aWriteBlockedPastTheBusyTimeoutIsUnavailable() async throws {
        let folder = try Folder()
        let path = folder.path + "/city.sqlite"
        let store = try SQLiteCityStore(path: path, busyTimeout: 0.2)
        // A second connection holds the write lock.
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        let blocker = try DatabaseQueue(path: path, configuration: configuration)
        try await blocker.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }

        for write in [
            { _ = try await store.addUser(NewUser(username: "blocked", displayName: "blocked", role: .analyst)) },
            { _ = try await store.createCase(Self.draft()) },  // through the group commit
            { _ = try await store.acquireLease("clock", holder: "a", now: Date(), duration: 10) },
        ] as [@Sendable () async throws -> Void] {
            do {
                try await write()
                Issue.record("a write through a held lock must fail")
            } catch let error as DomainError {
                #expect(error.kind == .unavailable)
                #expect(error.code == "store_busy")
                #expect(!error.message.zh.isEmpty && !error.message.en.isEmpty)
            }
        }
        // Reads go on in WAL mode meanwhile; once the lock is released, writes do.
        #expect(try await store.caseCount() == 0)
        try await blocker.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") }
        #expect(try await store.addUser(NewUser(username: "after", displayName: "after", role: .analyst)).id == 1)
        #expect(try await store.createCase(Self.draft()).id == 1)
    }

    @Test func aBrokenUniqueKeyIsAConflictNamingTheField() async throws {
        let folder = try Folder()
        let store = try SQLiteCityStore(path: folder.path + "/city.sqlite")
        let user = try await store.addUser(NewUser(username: "twice", displayName: "twice", role: .analyst))
        // Past the store's own check: the database's UNIQUE constraint itself.
        do {
            try await store.writeTransaction { db in try CityRows.writeUsers([User(id: UserID(user.id.rawValue + 1), username: "twice", displayName: "x", role: .analyst)], db) }
            Issue.record("a second user named twice must be refused")
        } catch let error as DomainError {
            #expect(error.kind == .conflict && error.code == "already_exists" && error.field == "username")
            #expect(error.message.zh.contains("username") && error.message.en.contains("username"))
        }
        #expect(try await store.users().count == 1)
    }

    @Test func constraintMessagesNameTheirField() {
        #expect(SQLiteFailure.field(in: "UNIQUE constraint failed: tokens.hash") == "token_hash")
        #expect(SQLiteFailure.field(in: "UNIQUE constraint failed: case_events.case_id, case_events.seq") == "sequence")
        #expect(SQLiteFailure.field(in: "NOT NULL constraint failed: cases.description") == "description")
        #expect(SQLiteFailure.field(in: "FOREIGN KEY constraint failed") == nil)
        #expect(SQLiteFailure.field(in: nil) == nil)
    }

    @Test func otherErrorsPassUnchanged() {
        let io = DatabaseError(resultCode: .SQLITE_IOERR, message: "disk I/O error")
        #expect((SQLiteFailure.map(io) as? DatabaseError)?.resultCode == .SQLITE_IOERR)
        let refusal = DomainError(.invalid, code: "x", zh: "x", en: "x")
        #expect(SQLiteFailure.map(refusal) as? DomainError == refusal)
    }
}
