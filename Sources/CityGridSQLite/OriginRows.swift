import CityGridCore
import CityGridStore
import Foundation
import GRDB

/// The `case_origins` rows: where a report came from, beside its case (``ReportOrigin``).
enum OriginRow {
    /// The case an outside client's request key already made, if any.
    static func caseID(client: String?, requestKey: String, _ db: Database) throws -> CaseID? {
        let sql = "SELECT case_id FROM case_origins WHERE client IS ? AND request_key = ?"
        return try Int64.fetchOne(db.cachedStatement(sql: sql), arguments: [client, requestKey]).map(CaseID.init(rawValue:))
    }

    static func insert(_ origin: ReportOrigin, caseID: CaseID, _ db: Database) throws {
        let contact = origin.contact
        try db.cachedStatement(sql: """
            INSERT INTO case_origins (case_id, client, request_key, device_id, first_name, last_name, phone, email, account_id, held_reason)
            VALUES (?,?,?,?,?,?,?,?,?,?)
            """).execute(arguments: [caseID, origin.client, origin.requestKey, origin.deviceID, contact?.firstName, contact?.lastName,
                                     contact?.phone, contact?.email, contact?.accountID, origin.heldReason])
    }

    static func fetch(caseID: CaseID, _ db: Database) throws -> ReportOrigin? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM case_origins WHERE case_id = ?"), arguments: [caseID]) else { return nil }
        var contact = ReporterContact(firstName: row["first_name"], lastName: row["last_name"], phone: row["phone"], email: row["email"],
                                      accountID: row["account_id"])
        let empty = contact.isEmpty
        if empty { contact = ReporterContact() }
        return ReportOrigin(client: row["client"], requestKey: row["request_key"], deviceID: row["device_id"],
                            contact: empty ? nil : contact, heldReason: row["held_reason"])
    }
}

extension SQLiteCityStore {
    public func caseID(number: String) async throws -> CaseID? {
        try await readSnapshot { db in
            try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM cases WHERE number = ?"), arguments: [number]).map(CaseID.init(rawValue:))
        }
    }

    public func origin(ofCase id: CaseID) async throws -> ReportOrigin? {
        try await readSnapshot { db in try OriginRow.fetch(caseID: id, db) }
    }
}

extension SQLiteCityStore {
    public func addApiKey(name: String, channel: CaseSource, keyHash: String, createdAt: Date) async throws -> ApiKey {
        try await writeTransaction { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM api_keys WHERE name = ?", arguments: [name]) == true {
                throw DomainError(.conflict, code: "duplicate_name", field: "name", zh: "已有名为 \(name) 的客户端", en: "A client named \(name) exists already")
            }
            try db.execute(sql: "INSERT INTO api_keys (name, channel, key_hash, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [name, channel.rawValue, keyHash, CaseRow.seconds(createdAt)])
            return ApiKey(id: db.lastInsertedRowID, name: name, channel: channel, createdAt: CaseRow.instant(CaseRow.seconds(createdAt)!))
        }
    }

    public func apiKey(keyHash: String) async throws -> ApiKey? {
        try await readSnapshot { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL"), arguments: [keyHash])
                .map(Self.apiKey)
        }
    }

    public func revokeApiKey(name: String, at: Date) async throws -> Bool {
        try await writeTransaction { db in
            try db.execute(sql: "UPDATE api_keys SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", arguments: [CaseRow.seconds(at), name])
            return db.changesCount > 0
        }
    }

    public func apiKeys() async throws -> [ApiKey] {
        try await readSnapshot { db in try Row.fetchAll(db, sql: "SELECT * FROM api_keys ORDER BY id").map(Self.apiKey) }
    }

    private static func apiKey(_ row: Row) -> ApiKey {
        ApiKey(id: row["id"], name: row["name"], channel: CaseSource(rawValue: row["channel"]) ?? .open311,
               createdAt: CaseRow.instant(row["created_at"]), revokedAt: CaseRow.date(row["revoked_at"] as Int64?))
    }
}
