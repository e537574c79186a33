import CityGridCore
import CityGridStore
import Foundation
import GRDB

/// Citizens' contacts and one-time codes (市民账号) in SQLite: `citizen_contacts` beside `users`
/// (deleted with its user), `one_time_codes` one row per contact; codes are checked and counted in
/// one write transaction, so two tries at once never both count as the last.
extension SQLiteCityStore {
    public func user(contact: String) async throws -> User? {
        try await readSnapshot { db in
            try CityRows.users(where: "id = (SELECT user_id FROM citizen_contacts WHERE contact = ?)", arguments: [contact], db).first
        }
    }

    public func contact(of userID: UserID) async throws -> String? {
        try await readSnapshot { db in try String.fetchOne(db, sql: "SELECT contact FROM citizen_contacts WHERE user_id = ?", arguments: [userID]) }
    }

    public func addUser(_ user: NewUser, contact: String) async throws -> User {
        try await writeTransaction { db in
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users WHERE username = ?", arguments: [user.username]) == 0 else {
                throw DomainError(.conflict, code: "username_taken", field: "username", zh: "用户名已存在：\(user.username)", en: "The username \(user.username) is taken")
            }
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM citizen_contacts WHERE contact = ?", arguments: [contact]) == 0 else {
                throw DomainError(.conflict, code: "contact_taken", field: "contact", zh: "该联系方式已注册", en: "This contact is already registered")
            }
            let stored = User(user, id: UserID((try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) + 1 FROM users")) ?? 1))
            try CityRows.writeUsers([stored], db)
            try db.execute(sql: "INSERT INTO citizen_contacts (contact, user_id) VALUES (?, ?)", arguments: [contact, stored.id])
            try ChangeLog.append(.userChanged, userID: stored.id, db)
            return stored
        }
    }

    public func putOneTimeCode(_ code: OneTimeCode) async throws {
        try await writeTransaction { db in
            try db.execute(sql: """
                INSERT INTO one_time_codes (contact, code_hash, created_at, expires_at, failures) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(contact) DO UPDATE SET code_hash = excluded.code_hash, created_at = excluded.created_at,
                    expires_at = excluded.expires_at, failures = excluded.failures
                """, arguments: [code.contact, code.codeHash, CaseRow.seconds(code.createdAt), CaseRow.seconds(code.expiresAt), code.failures])
        }
    }

    public func oneTimeCode(contact: String) async throws -> OneTimeCode? {
        try await readSnapshot { db in
            try Row.fetchOne(db, sql: "SELECT code_hash, created_at, expires_at, failures FROM one_time_codes WHERE contact = ?", arguments: [contact]).map {
                OneTimeCode(contact: contact, codeHash: $0["code_hash"], createdAt: Date(timeIntervalSince1970: TimeInterval($0["created_at"] as Int64)),
                            expiresAt: Date(timeIntervalSince1970: TimeInterval($0["expires_at"] as Int64)), failures: $0["failures"])
            }
        }
    }

    public func checkOneTimeCode(contact: String, codeHash: String, at now: Date, maxFailures: Int) async throws -> OneTimeCodeCheck {
        try await writeTransaction { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT code_hash, expires_at, failures FROM one_time_codes WHERE contact = ?", arguments: [contact]) else {
                return .missing
            }
            let delete = { try db.execute(sql: "DELETE FROM one_time_codes WHERE contact = ?", arguments: [contact]) }
            if (row["expires_at"] as Int64) <= Int64(now.timeIntervalSince1970.rounded(.down)) {
                try delete()
                return .expired
            }
            if (row["code_hash"] as String) == codeHash {
                try delete()
                return .accepted
            }
            let failures = (row["failures"] as Int) + 1
            if failures >= maxFailures {
                try delete()
                return .voided
            }
            try db.execute(sql: "UPDATE one_time_codes SET failures = ? WHERE contact = ?", arguments: [failures, contact])
            return .wrong(remaining: maxFailures - failures)
        }
    }
}
