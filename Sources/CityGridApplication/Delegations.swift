import CityGridCore
import Foundation

/// A delegation as it is shown (授权记录): the grant with the names of the power, the body, the
/// region, who granted and who revoked it, and where it stands at the time of asking.
public struct DelegationView: Sendable {
    public var delegation: Delegation
    public var status: Delegation.Status
    public var powerLabel: LocalizedText
    public var organisationName: LocalizedText
    public var regionName: LocalizedText?
    public var grantedByName: String
    public var revokedByName: String?
    /// Whether the caller may revoke it now.
    public var revocable: Bool
}

/// Delegated authority (放权): a higher level grants a lower body named powers within a jurisdiction
/// for a time, and may revoke them; the powers in force join each caller's roles, so every permission
/// check stays the one policy's, over roles × jurisdiction × delegation.
extension CityApplication {
    /// The caller with the powers their organisations hold at `now`.
    func withDelegatedPowers(_ caller: Caller, at now: Date) async throws -> Caller {
        guard let user = caller.user, user.grants.contains(where: { $0.organisationCode != nil }) else { return caller }
        let delegations = try await delegationBook.delegations(from: store, at: now)
        return Caller(user: user, delegated: Delegation.grants(of: user, from: delegations, at: now, policy: policy))
    }

    /// Grants a power as `request` asks (``DelegationRules``); answers the stored grant.
    public func grantDelegation(_ request: DelegationRequest, by caller: Caller, at now: Date = Date()) async throws -> DelegationView {
        let city = current.city
        let regions = Set(city.regions.map(\.code))
        let delegation = try DelegationRules.grant(request, by: caller, policy: policy, organisations: city.organisations,
                                                   regionExists: regions.contains, at: now)
        let stored = try await store.addDelegation(delegation)
        delegationBook.forget()
        return try await delegationView(stored, for: caller, at: now)
    }

    /// Revokes the grant `id` for `reason`.
    public func revokeDelegation(id: Int64, reason: String?, by caller: Caller, at now: Date = Date()) async throws -> DelegationView {
        try policy.requireHolding(caller, .delegationGrant)
        guard let delegation = try await store.delegations().first(where: { $0.id == id }), DelegationRules.mayRead(delegation, by: caller, policy: policy) else {
            throw DomainError.notFound(LocalizedText(zh: "授权", en: "delegation"), String(id), field: "id")
        }
        let revoked = try DelegationRules.revoke(delegation, by: caller, reason: reason, policy: policy, at: now)
        let stored = try await store.revokeDelegation(revoked)
        delegationBook.forget()
        return try await delegationView(stored, for: caller, at: now)
    }

    /// The grants the caller may read (`delegation.read` where they reach, or made to the caller's
    /// own body), newest first; `inForce` keeps only those in force or scheduled.
    public func delegations(for caller: Caller, inForce: Bool = false, at now: Date = Date()) async throws -> [DelegationView] {
        guard caller.isAuthenticated else { throw AccessPolicy.unauthenticated }
        let policy = self.policy
        // Staff of a body read the grants made to it; reading others' needs `delegation.read`.
        guard policy.holds(caller, .delegationRead) || caller.user?.grants.contains(where: { $0.organisationCode != nil }) == true else {
            throw AccessPolicy.forbidden(.delegationRead)
        }
        let readable = try await store.delegations().reversed().filter { delegation in
            DelegationRules.mayRead(delegation, by: caller, policy: policy)
                && (!inForce || [.active, .scheduled].contains(delegation.status(at: now)))
        }
        let names = try await userNames()
        return readable.map { view($0, names: names, for: caller, at: now) }
    }

    private func delegationView(_ delegation: Delegation, for caller: Caller, at now: Date) async throws -> DelegationView {
        view(delegation, names: try await userNames(), for: caller, at: now)
    }

    private func userNames() async throws -> [UserID: String] {
        Dictionary(try await store.users().map { ($0.id, $0.displayName) }, uniquingKeysWith: { first, _ in first })
    }

    private func view(_ delegation: Delegation, names: [UserID: String], for caller: Caller, at now: Date) -> DelegationView {
        let city = current.city
        let status = delegation.status(at: now)
        let revocable = [.active, .scheduled].contains(status)
            && policy.permits(caller, .delegationGrant, on: delegation.jurisdiction.map { .region($0) } ?? .city)
        return DelegationView(delegation: delegation, status: status, powerLabel: delegation.power.label(in: policy),
                              organisationName: city.organisations.first { $0.code == delegation.organisationCode }?.name
                                ?? LocalizedText(zh: delegation.organisationCode.rawValue, en: delegation.organisationCode.rawValue),
                              regionName: delegation.jurisdiction.map { code in city.regions.first { $0.code == code }?.name ?? LocalizedText(zh: code.rawValue, en: code.rawValue) },
                              grantedByName: names[delegation.grantedBy] ?? "#\(delegation.grantedBy.rawValue)",
                              revokedByName: delegation.revokedBy.map { names[$0] ?? "#\($0.rawValue)" }, revocable: revocable)
    }
}

extension Role {
    /// The role's name in both languages in `policy` (a city's own role shows its name).
    public func label(in policy: AccessPolicy) -> LocalizedText {
        policy.roles[self]?.label ?? LocalizedText(zh: rawValue, en: rawValue)
    }
}
