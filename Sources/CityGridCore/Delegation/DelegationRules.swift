import Foundation

/// What a grant of power asks for, as sent (every field checked by ``DelegationRules``).
public struct DelegationRequest: Sendable, Hashable {
    public var power: String?
    public var organisationCode: String?
    /// Where the power reaches; absent: the organisation's own jurisdiction.
    public var jurisdiction: String?
    /// Absent: from now.
    public var validFrom: Date?
    public var validUntil: Date?
    public var reason: String?

    public init(power: String?, organisationCode: String?, jurisdiction: String? = nil, validFrom: Date? = nil, validUntil: Date?, reason: String?) {
        self.power = power
        self.organisationCode = organisationCode
        self.jurisdiction = jurisdiction
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.reason = reason
    }
}

/// The rules of delegation (放权规则), decided from the one access policy:
/// - only a caller holding `delegation.grant` may grant, and only within its reach: the power's
///   jurisdiction must lie in it (a city-wide power needs a city-wide grantor);
/// - only a power the policy marks `delegable`, to an existing body of government or an
///   enterprise (not the centre, an NGO or a volunteer team), never to one the grantor holds a role
///   for (no granting oneself); only its staff hold it;
/// - a grant runs from a start (now or later) to an end at most ``maxDays`` after it, with a reason;
/// - a grant in force or scheduled may be revoked, with a reason, by whoever may grant it.
public enum DelegationRules {
    public static let maxDays = 366
    public static let maxReason = 500

    /// The delegation `request` makes when `caller` grants it at `now` (id 0: the store numbers it).
    public static func grant(_ request: DelegationRequest, by caller: Caller, policy: AccessPolicy, organisations: [Organisation],
                             regionExists: (RegionCode) -> Bool, at now: Date) throws(DomainError) -> Delegation {
        try policy.requireHolding(caller, .delegationGrant)
        guard let user = caller.user else { throw AccessPolicy.unauthenticated }
        guard let powerText = request.power, !powerText.isEmpty else {
            throw .invalidField("power", zh: "缺少要授予的职权", en: "power is required")
        }
        guard let power = Role(rawValue: powerText), policy.roles[power]?.delegable == true else {
            throw DomainError(.invalid, code: "unknown_power", field: "power", zh: "没有可授予的职权 \(powerText)",
                              en: "No delegable power \(powerText); powers are \(policy.powers.map(\.rawValue).joined(separator: ", "))")
        }
        guard let codeText = request.organisationCode, !codeText.isEmpty else {
            throw .invalidField("organisation_code", zh: "缺少被授权单位", en: "organisation_code is required")
        }
        guard let organisation = organisations.first(where: { $0.code.rawValue == codeText }) else {
            throw DomainError(.invalid, code: "unknown_organisation", field: "organisation_code", zh: "没有单位 \(codeText)", en: "No organisation \(codeText)")
        }
        // Powers go down the levels of government: to a department, an enterprise, a subdistrict or
        // community office; not to the centre, nor to an NGO or volunteer team (whose members are not staff).
        guard organisation.kind.disposes else {
            throw DomainError(.invalid, code: "not_a_lower_body", field: "organisation_code",
                              zh: "\(organisation.name.zh)不能被授予职权", en: "\(organisation.name.en) cannot be granted powers")
        }
        guard !caller.grants.contains(where: { $0.organisationCode == organisation.code }) else {
            throw DomainError(.forbidden, code: "self_delegation", field: "organisation_code", zh: "不能向本人所在单位授权",
                              en: "Powers are granted to another body, never to one's own")
        }
        var jurisdiction = organisation.jurisdiction
        if let text = request.jurisdiction, !text.isEmpty {
            guard let code = RegionCode(text), regionExists(code) else {
                throw DomainError(.invalid, code: "unknown_region", field: "jurisdiction", zh: "没有区域 \(text)", en: "No region \(text)")
            }
            jurisdiction = code
        }
        let reach: AccessResource = jurisdiction.map { .region($0) } ?? .city
        guard policy.permits(caller, .delegationGrant, on: reach) else {
            throw DomainError(.forbidden, code: "outside_jurisdiction", field: "jurisdiction",
                              zh: "只能在本人辖区内授权", en: "A power can be granted only within the grantor's own jurisdiction")
        }
        let from = request.validFrom ?? now
        guard from >= now.addingTimeInterval(-60) else {
            throw .invalidField("valid_from", zh: "生效时间不能早于现在", en: "valid_from cannot be in the past")
        }
        guard let until = request.validUntil else {
            throw .invalidField("valid_until", zh: "缺少到期时间", en: "valid_until is required: a grant always ends")
        }
        guard until > from, until.timeIntervalSince(from) <= Double(maxDays) * 86_400 else {
            throw .invalidField("valid_until", zh: "到期时间须晚于生效时间，且不超过\(maxDays)天",
                                en: "valid_until must come after valid_from, at most \(maxDays) days later")
        }
        let reason = (request.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= maxReason else {
            throw .invalidField("reason", zh: "须写明授权理由（不超过\(maxReason)字）", en: "A reason of at most \(maxReason) characters is required")
        }
        return Delegation(power: power, organisationCode: organisation.code, jurisdiction: jurisdiction, validFrom: from, validUntil: until,
                          reason: reason, grantedBy: user.id, grantedAt: now)
    }

    /// `delegation` revoked by `caller` at `now` for `reason`.
    public static func revoke(_ delegation: Delegation, by caller: Caller, reason: String?, policy: AccessPolicy, at now: Date) throws(DomainError) -> Delegation {
        try policy.requireHolding(caller, .delegationGrant)
        guard let user = caller.user else { throw AccessPolicy.unauthenticated }
        guard policy.permits(caller, .delegationGrant, on: delegation.jurisdiction.map { .region($0) } ?? .city) else {
            throw DomainError(.forbidden, code: "outside_jurisdiction", field: "id", zh: "只能撤销本人辖区内的授权",
                              en: "Only a grant within the caller's jurisdiction can be revoked")
        }
        switch delegation.status(at: now) {
        case .revoked, .expired:
            throw DomainError(.conflict, code: "delegation_ended", field: "id", zh: "该授权已结束", en: "This grant has already ended")
        case .active, .scheduled:
            break
        }
        let text = (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= maxReason else {
            throw .invalidField("reason", zh: "须写明撤销理由（不超过\(maxReason)字）", en: "A reason of at most \(maxReason) characters is required")
        }
        var revoked = delegation
        revoked.revokedAt = now
        revoked.revokedBy = user.id
        revoked.revocationReason = text
        return revoked
    }

    /// Whether `caller` may read `delegation`: holding `delegation.read` where it reaches, or being
    /// staff of the body it was granted to.
    public static func mayRead(_ delegation: Delegation, by caller: Caller, policy: AccessPolicy) -> Bool {
        if caller.user?.grants.contains(where: { $0.organisationCode == delegation.organisationCode }) == true { return true }
        return policy.permits(caller, .delegationRead, on: delegation.jurisdiction.map { .region($0) } ?? .city)
    }
}
