import CityGridCore
import CityGridStore
import Foundation
import GRDB

/// The audit of staff reads of personal data in the `personal_data_reads` table, append-only (its
/// triggers refuse an update or a deletion), and the closing of a citizen's account in one write.
extension SQLiteCityStore {
    public func appendPersonalDataRead(_ read: PersonalDataRead) async throws -> PersonalDataRead {
        try read.validate()
        return try await writeTransaction { db in
            try db.execute(sql: """
                INSERT INTO personal_data_reads (reader_id, reader_role, case_id, subject_id, fields, purpose, at) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [read.readerID.rawValue, read.readerRole.rawValue, read.caseID?.rawValue, read.subjectID?.rawValue,
                                 read.fields.sorted().joined(separator: ","), read.purpose, CaseRow.seconds(read.at)])
            var stored = read
            stored.id = db.lastInsertedRowID
            stored.fields = read.fields.sorted()
            stored.at = CaseRow.instant(CaseRow.seconds(read.at)!)
            return stored
        }
    }

    public func personalDataReads(_ query: PersonalDataReadQuery) async throws -> [PersonalDataRead] {
        guard (1...PersonalDataReadQuery.maxLimit).contains(query.limit) else {
            throw DomainError.invalidField("limit", zh: "limit 须在1到\(PersonalDataReadQuery.maxLimit)之间", en: "limit must be 1 to \(PersonalDataReadQuery.maxLimit)")
        }
        // Every filter is an integer: the ids, and the times in seconds (from the second of `from`,
        // before the second of `before`, as records are kept to the second).
        var conditions: [String] = []
        var values: [Int64] = []
        func add(_ condition: String, _ value: Int64) {
            conditions.append(condition)
            values.append(value)
        }
        if let reader = query.readerID { add("reader_id = ?", reader.rawValue) }
        if let caseID = query.caseID { add("case_id = ?", caseID.rawValue) }
        if let subject = query.subjectID { add("subject_id = ?", subject.rawValue) }
        if let from = query.from { add("at >= ?", Int64(from.timeIntervalSince1970.rounded(.down))) }
        if let before = query.before { add("at < ?", Int64(before.timeIntervalSince1970.rounded(.down))) }
        if let after = query.afterID { add("id > ?", after) }
        let condition = conditions.isEmpty ? "1" : conditions.joined(separator: " AND ")
        let sql = "SELECT * FROM personal_data_reads WHERE \(condition) ORDER BY id LIMIT \(query.limit)"
        let bound = values
        return try await readSnapshot { db in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(bound)).map(Self.personalDataRead) }
    }

    private static func personalDataRead(_ row: Row) -> PersonalDataRead {
        let fields: String = row["fields"]
        return PersonalDataRead(id: row["id"], readerID: UserID(rawValue: row["reader_id"]), readerRole: Role(rawValue: row["reader_role"]) ?? .system,
                                caseID: (row["case_id"] as Int64?).map(CaseID.init(rawValue:)),
                                subjectID: (row["subject_id"] as Int64?).map(UserID.init(rawValue:)),
                                fields: fields.split(separator: ",").map(String.init), purpose: row["purpose"], at: CaseRow.instant(row["at"]))
    }

    public func closeCitizenAccount(_ userID: UserID, username: String, displayName: String) async throws -> AccountClosure {
        try await writeTransaction { db in
            guard let user = try CityRows.users(where: "id = ?", arguments: [userID], db).first else {
                throw DomainError.notFound(LocalizedText(zh: "用户", en: "user"), String(userID.rawValue), field: "user")
            }
            guard user.grants.allSatisfy({ $0.role == .citizen }) else { throw AccountClosureRule.notACitizen }
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users WHERE username = ? AND id <> ?", arguments: [username, userID]) == 0 else {
                throw DomainError(.conflict, code: "username_taken", field: "username", zh: "用户名已存在：\(username)", en: "The username \(username) is taken")
            }
            if let contact = try String.fetchOne(db, sql: "SELECT contact FROM citizen_contacts WHERE user_id = ?", arguments: [userID]) {
                try db.execute(sql: "DELETE FROM one_time_codes WHERE contact = ?", arguments: [contact])
            }
            try db.execute(sql: "DELETE FROM citizen_contacts WHERE user_id = ?", arguments: [userID])
            try db.execute(sql: "DELETE FROM passwords WHERE user_id = ?", arguments: [userID])
            try db.execute(sql: "DELETE FROM notice_preferences WHERE user_id = ?", arguments: [userID])
            try db.execute(sql: "DELETE FROM tokens WHERE user_id = ?", arguments: [userID])
            let tokens = db.changesCount
            try db.execute(sql: """
                UPDATE notice_outbox SET address = '',
                    state = CASE state WHEN 'pending' THEN 'failed' ELSE state END,
                    last_error = CASE state WHEN 'pending' THEN 'account closed' ELSE last_error END
                WHERE notice_id IN (SELECT id FROM notices WHERE recipient_kind = 'user' AND recipient_key = ?)
                """, arguments: [String(userID.rawValue)])
            try db.execute(sql: "UPDATE users SET username = ?, display_name = ? WHERE id = ?", arguments: [username, displayName, userID])
            try db.execute(sql: """
                UPDATE case_origins SET first_name = NULL, last_name = NULL, phone = NULL, email = NULL, account_id = NULL, device_id = NULL
                WHERE case_id IN (SELECT id FROM cases WHERE reporter_id = ?)
                """, arguments: [userID])
            let cases = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cases WHERE reporter_id = ?", arguments: [userID]) ?? 0
            try ChangeLog.append(.userChanged, userID: userID, db)
            try ChangeLog.append(.tokensRevoked, userID: userID, db)
            return AccountClosure(userID: userID, casesDetached: cases, tokensRevoked: tokens)
        }
    }
}
