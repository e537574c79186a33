import Foundation

/// A grant of one named power (``DelegatedPower``) from a higher level to a lower body (授权): who
/// granted it, to which organisation, where it reaches, from when until when, and why; and, once
/// revoked, by whom, when and why. Kept for good: a revoked or expired grant is history, never deleted.
public struct Delegation: Hashable, Codable, Sendable, Identifiable {
    public var id: Int64
    /// The power: a delegable role of the access policy.
    public var power: Role
    /// The body whose staff hold the power.
    public var organisationCode: OrganisationCode
    /// Where the power reaches; `nil`: the whole city.
    public var jurisdiction: RegionCode?
    /// In force from this instant (inclusive) until ``validUntil`` (exclusive).
    public var validFrom: Date
    public var validUntil: Date
    public var reason: String
    public var grantedBy: UserID
    public var grantedAt: Date
    public var revokedAt: Date?
    public var revokedBy: UserID?
    public var revocationReason: String?

    public init(id: Int64 = 0, power: Role, organisationCode: OrganisationCode, jurisdiction: RegionCode?, validFrom: Date, validUntil: Date,
                reason: String, grantedBy: UserID, grantedAt: Date, revokedAt: Date? = nil, revokedBy: UserID? = nil, revocationReason: String? = nil) {
        self.id = id
        self.power = power
        self.organisationCode = organisationCode
        self.jurisdiction = jurisdiction
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.reason = reason
        self.grantedBy = grantedBy
        self.grantedAt = grantedAt
        self.revokedAt = revokedAt
        self.revokedBy = revokedBy
        self.revocationReason = revocationReason
    }

    /// Where a grant stands at an instant.
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Granted, not yet in force.
        case scheduled
        case active
        case expired
        case revoked

        public var label: LocalizedText {
            switch self {
            case .scheduled: LocalizedText(zh: "未生效", en: "Scheduled")
            case .active: LocalizedText(zh: "生效中", en: "In force")
            case .expired: LocalizedText(zh: "已到期", en: "Expired")
            case .revoked: LocalizedText(zh: "已撤销", en: "Revoked")
            }
        }
    }

    public func status(at now: Date) -> Status {
        if let revokedAt, revokedAt <= now { return .revoked }
        if now < validFrom { return .scheduled }
        if now >= validUntil { return .expired }
        return .active
    }

    public func isActive(at now: Date) -> Bool { status(at: now) == .active }

    /// The role grant the power is held in by the organisation's staff while it is in force.
    public var grant: RoleGrant { RoleGrant(role: power, organisationCode: organisationCode, jurisdiction: jurisdiction) }

    /// The grants `user` holds through `delegations` at `now`: one per power in force for an
    /// organisation the user holds a staff role for in `policy` (never for citizens, who hold no
    /// organisation, nor for volunteers, who are not staff).
    public static func grants(of user: User, from delegations: [Delegation], at now: Date, policy: AccessPolicy = .standard) -> [RoleGrant] {
        let organisations = Set(user.grants.filter { policy.roles[$0.role]?.staff == true }.compactMap(\.organisationCode))
        guard !organisations.isEmpty else { return [] }
        var grants: [RoleGrant] = []
        for delegation in delegations where organisations.contains(delegation.organisationCode) && delegation.isActive(at: now) {
            let grant = delegation.grant
            if !grants.contains(grant), !user.grants.contains(grant) { grants.append(grant) }
        }
        return grants
    }
}
