import CityGridCore
import CityGridStore
import Foundation

/// Delegations of power in memory, as SQLite keeps them.
extension InMemoryCityStore {
    public func addDelegation(_ delegation: Delegation) async throws -> Delegation {
        try locked { state in
            var stored = delegation
            stored.id = (state.delegations.last?.id ?? 0) + 1
            stored.validFrom = StoredForm.date(delegation.validFrom)
            stored.validUntil = StoredForm.date(delegation.validUntil)
            stored.grantedAt = StoredForm.date(delegation.grantedAt)
            stored.revokedAt = nil
            stored.revokedBy = nil
            stored.revocationReason = nil
            state.delegations.append(stored)
            return stored
        }
    }

    public func revokeDelegation(_ revoked: Delegation) async throws -> Delegation {
        try locked { state in
            guard let at = revoked.revokedAt else { throw DomainError.invalidField("revoked_at", zh: "缺少撤销时间", en: "A revocation needs its time") }
            guard let i = state.delegations.firstIndex(where: { $0.id == revoked.id }) else {
                throw DomainError.notFound(LocalizedText(zh: "授权", en: "delegation"), String(revoked.id), field: "id")
            }
            guard state.delegations[i].revokedAt == nil else {
                throw DomainError(.conflict, code: "delegation_ended", field: "id", zh: "该授权已撤销", en: "This grant was revoked already")
            }
            state.delegations[i].revokedAt = StoredForm.date(at) as Date
            state.delegations[i].revokedBy = revoked.revokedBy
            state.delegations[i].revocationReason = revoked.revocationReason
            return state.delegations[i]
        }
    }

    public func delegations() async throws -> [Delegation] {
        try locked { $0.delegations }
    }
}
