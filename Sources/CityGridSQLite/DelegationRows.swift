import CityGridCore
import CityGridStore
import Foundation
import GRDB

/// Delegations of power in the `delegations` table.
extension SQLiteCityStore {
    public func addDelegation(_ delegation: Delegation) async throws -> Delegation {
        try await writeTransaction { db in
            try db.execute(sql: """
                INSERT INTO delegations (power, organisation_code, jurisdiction, valid_from, valid_until, reason, granted_by, granted_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [delegation.power.rawValue, delegation.organisationCode.rawValue, delegation.jurisdiction?.rawValue,
                                 CaseRow.seconds(delegation.validFrom), CaseRow.seconds(delegation.validUntil), delegation.reason,
                                 delegation.grantedBy.rawValue, CaseRow.seconds(delegation.grantedAt)])
            return try Self.delegation(id: db.lastInsertedRowID, db)!
        }
    }

    public func revokeDelegation(_ revoked: Delegation) async throws -> Delegation {
        guard let at = revoked.revokedAt else { throw DomainError.invalidField("revoked_at", zh: "缺少撤销时间", en: "A revocation needs its time") }
        return try await writeTransaction { db in
            guard let stored = try Self.delegation(id: revoked.id, db) else {
                throw DomainError.notFound(LocalizedText(zh: "授权", en: "delegation"), String(revoked.id), field: "id")
            }
            guard stored.revokedAt == nil else {
                throw DomainError(.conflict, code: "delegation_ended", field: "id", zh: "该授权已撤销", en: "This grant was revoked already")
            }
            try db.execute(sql: "UPDATE delegations SET revoked_at = ?, revoked_by = ?, revocation_reason = ? WHERE id = ?",
                           arguments: [CaseRow.seconds(at), revoked.revokedBy?.rawValue, revoked.revocationReason, revoked.id])
            return try Self.delegation(id: revoked.id, db)!
        }
    }

    public func delegations() async throws -> [Delegation] {
        try await readSnapshot { db in try Row.fetchAll(db, sql: "SELECT * FROM delegations ORDER BY id").map(Self.delegation) }
    }

    private static func delegation(id: Int64, _ db: Database) throws -> Delegation? {
        try Row.fetchOne(db, sql: "SELECT * FROM delegations WHERE id = ?", arguments: [id]).map(delegation)
    }

    private static func delegation(_ row: Row) -> Delegation {
        Delegation(id: row["id"], power: Role(rawValue: row["power"]) ?? .system, organisationCode: OrganisationCode(row["organisation_code"] as String),
                   jurisdiction: (row["jurisdiction"] as String?).flatMap { RegionCode($0) },
                   validFrom: CaseRow.instant(row["valid_from"]), validUntil: CaseRow.instant(row["valid_until"]), reason: row["reason"],
                   grantedBy: UserID(row["granted_by"] as Int64), grantedAt: CaseRow.instant(row["granted_at"]),
                   revokedAt: CaseRow.date(row["revoked_at"] as Int64?), revokedBy: (row["revoked_by"] as Int64?).map(UserID.init(rawValue:)),
                   revocationReason: row["revocation_reason"])
    }
}
