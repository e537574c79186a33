import CityGridCore
import Foundation
import Testing

/// Delegated authority in the core: who may grant what where, a grant's life (scheduled, in force,
/// expired, revoked), the powers it adds to a caller, and the policy's decisions with those powers.
@Suite struct DelegationRulesTests {
    static let policy = AccessPolicy.standard
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)
    static let district = region("910101"), subdistrict = region("910101001"), otherSubdistrict = region("910101002")
    static let otherDistrict = region("910102")
    static let office = Organisation(code: "O-910101001", name: LocalizedText(zh: "办事处", en: "Office"), kind: .subdistrictOffice,
                                     jurisdiction: subdistrict)
    static let sanitation = Organisation(code: "S-910101", name: LocalizedText(zh: "环卫", en: "Sanitation"), kind: .department, jurisdiction: district)
    static let team = Organisation(code: "V-910101001", name: LocalizedText(zh: "志愿服务队", en: "Volunteer team"), kind: .volunteerTeam,
                                   jurisdiction: subdistrict)
    static let organisations = [office, sanitation, team]
    static let regions: Set<RegionCode> = [district, subdistrict, otherSubdistrict, otherDistrict]

    static func caller(_ grants: RoleGrant..., id: Int64 = 7) -> Caller {
        Caller(user: User(id: UserID(id), username: "u\(id)", displayName: "U\(id)", grants: grants))
    }

    static let districtLeader = caller(RoleGrant(role: .leader, jurisdiction: district), id: 1)
    /// An inspector of the subdistrict office: staff of the body a power is granted to.
    static let officeInspector = User(id: 9, username: "insp", displayName: "Inspector", grants: [
        RoleGrant(role: .inspector, organisationCode: "O-910101001", jurisdiction: region("910101001001")),
    ])

    static func request(_ power: String? = "approve_extensions", to organisation: String? = "O-910101001", in jurisdiction: String? = nil,
                        from: Date? = nil, until: Date? = t0.addingTimeInterval(30 * 86_400), reason: String? = "汛期下放 flood season") -> DelegationRequest {
        DelegationRequest(power: power, organisationCode: organisation, jurisdiction: jurisdiction, validFrom: from, validUntil: until, reason: reason)
    }

    static func grant(_ request: DelegationRequest, by caller: Caller = districtLeader) throws(DomainError) -> Delegation {
        try DelegationRules.grant(request, by: caller, policy: policy, organisations: organisations, regionExists: regions.contains, at: t0)
    }

    @Test func aLeaderGrantsAPowerToALowerBodyInTheirJurisdiction() throws {
        let delegation = try Self.grant(Self.request())
        #expect(delegation.power == DelegatedPower.approveExtensions && delegation.organisationCode == "O-910101001")
        // Absent a jurisdiction, the body's own; absent a start, now.
        #expect(delegation.jurisdiction == Self.subdistrict && delegation.validFrom == Self.t0 && delegation.grantedBy == 1)
        #expect(delegation.reason == "汛期下放 flood season" && delegation.status(at: Self.t0) == .active)
        // A city-wide grantor grants anywhere; a department of the district within the district.
        let admin = Self.caller(RoleGrant(role: .admin, organisationCode: "CENTRE"), id: 2)
        #expect(try Self.grant(Self.request("evaluate_departments", to: "S-910101", in: "910101"), by: admin).jurisdiction == Self.district)
    }

    @Test(arguments: [
        ("power", "unknown power"), ("power", "a person's role is no power"), ("organisation_code", "unknown body"),
        ("jurisdiction", "unknown region"), ("jurisdiction", "outside the grantor's district"), ("organisation_code", "the grantor's own body"),
        ("valid_from", "starting in the past"), ("valid_until", "no end"), ("valid_until", "end before start"),
        ("valid_until", "longer than a year"), ("reason", "no reason"), ("", "an inspector may not grant"),
        ("organisation_code", "a volunteer team is no level of government"),
    ])
    func everyBadGrantIsRefusedNamingItsField(field: String, what: String) {
        let t0 = Self.t0
        let attempt: () throws(DomainError) -> Delegation = switch what {
        case "unknown power": { () throws(DomainError) in try Self.grant(Self.request("fly")) }
        case "a person's role is no power": { () throws(DomainError) in try Self.grant(Self.request("dispatcher")) }
        case "unknown body": { () throws(DomainError) in try Self.grant(Self.request(to: "O-999")) }
        case "unknown region": { () throws(DomainError) in try Self.grant(Self.request(in: "919999")) }
        case "outside the grantor's district": { () throws(DomainError) in try Self.grant(Self.request(in: "910102")) }
        case "the grantor's own body": {
            () throws(DomainError) in try Self.grant(Self.request(), by: Self.caller(RoleGrant(role: .leader, organisationCode: "O-910101001", jurisdiction: Self.district)))
        }
        case "starting in the past": { () throws(DomainError) in try Self.grant(Self.request(from: t0.addingTimeInterval(-3600))) }
        case "no end": { () throws(DomainError) in try Self.grant(Self.request(until: nil)) }
        case "end before start": { () throws(DomainError) in try Self.grant(Self.request(from: t0.addingTimeInterval(7200), until: t0.addingTimeInterval(3600))) }
        case "longer than a year": { () throws(DomainError) in try Self.grant(Self.request(until: t0.addingTimeInterval(367 * 86_400))) }
        case "no reason": { () throws(DomainError) in try Self.grant(Self.request(reason: "  ")) }
        case "a volunteer team is no level of government": { () throws(DomainError) in try Self.grant(Self.request(to: "V-910101001")) }
        default: { () throws(DomainError) in try Self.grant(Self.request(), by: Self.caller(RoleGrant(role: .inspector, jurisdiction: Self.district))) }
        }
        do {
            let made = try attempt()
            Issue.record("\(what) was granted: \(made)")
        } catch {
            if field.isEmpty { #expect(error.kind == .forbidden, "\(what): \(error)") } else { #expect(error.field == field, "\(what): \(error)") }
        }
    }

    @Test func aGrantIsScheduledThenInForceThenExpiredAndRevocationEndsItForGood() throws {
        let start = Self.t0.addingTimeInterval(3600), end = Self.t0.addingTimeInterval(7200)
        let delegation = try Self.grant(Self.request(from: start, until: end))
        #expect(delegation.status(at: Self.t0) == .scheduled && delegation.status(at: start) == .active)
        #expect(delegation.status(at: end.addingTimeInterval(-1)) == .active && delegation.status(at: end) == .expired)
        // Revoked while in force: from then on, revoked.
        let revoked = try DelegationRules.revoke(delegation, by: Self.districtLeader, reason: "任务结束 done", policy: Self.policy, at: start.addingTimeInterval(600))
        #expect(revoked.revokedBy == 1 && revoked.revocationReason == "任务结束 done")
        #expect(revoked.status(at: start.addingTimeInterval(599)) == .active && revoked.status(at: start.addingTimeInterval(600)) == .revoked)
        // Not twice, not without a reason, not by a leader of another district, not once expired.
        #expect(throws: DomainError.self) { try DelegationRules.revoke(revoked, by: Self.districtLeader, reason: "again", policy: Self.policy, at: end) }
        #expect(throws: DomainError.self) { try DelegationRules.revoke(delegation, by: Self.districtLeader, reason: "", policy: Self.policy, at: start) }
        let stranger = Self.caller(RoleGrant(role: .leader, jurisdiction: Self.otherDistrict), id: 3)
        #expect(throws: DomainError.self) { try DelegationRules.revoke(delegation, by: stranger, reason: "x", policy: Self.policy, at: start) }
        #expect(throws: DomainError.self) { try DelegationRules.revoke(delegation, by: Self.districtLeader, reason: "x", policy: Self.policy, at: end) }
    }

    /// The authorisation matrix of delegated powers: for every shipped power, every permission the
    /// policy gives it is the office's staff's inside the granted jurisdiction while the grant is in
    /// force, and nowhere, never, before, after, or once it is revoked; citizens and other bodies never.
    @Test func theMatrixOfEveryPowerGrantedExpiredAndRevoked() throws {
        let start = Self.t0.addingTimeInterval(3600), end = Self.t0.addingTimeInterval(86_400)
        let insideGrid = region("910101001001001"), outsideGrid = region("910101002001001")
        var cells = 0
        for power in Self.policy.powers {
            let granted = try Self.grant(Self.request(power.rawValue, from: start, until: end))
            let revoked = try DelegationRules.revoke(granted, by: Self.districtLeader, reason: "收回 taken back", policy: Self.policy,
                                                     at: start.addingTimeInterval(3600))
            let permissions = try #require(Self.policy.roles[power]?.permissions)
            for (delegation, moment, inForce) in [(granted, Self.t0, false), (granted, start, true), (granted, end.addingTimeInterval(-1), true),
                                                  (granted, end, false), (revoked, start.addingTimeInterval(1800), true),
                                                  (revoked, start.addingTimeInterval(3600), false)] {
                let staff = Caller(user: Self.officeInspector, delegated: Delegation.grants(of: Self.officeInspector, from: [delegation], at: moment))
                #expect(staff.delegated.isEmpty == !inForce, "\(power) at \(moment)")
                for (permission, scope) in permissions {
                    let inside = Self.policy.permits(staff, permission, on: .region(insideGrid))
                    let outside = Self.policy.permits(staff, permission, on: .region(outsideGrid))
                    let ownAlready = Self.policy.permits(Caller(user: Self.officeInspector), permission, on: .region(insideGrid))
                    #expect(inside == (ownAlready || (inForce && scope >= .jurisdiction)), "\(power) \(permission) inside at \(moment)")
                    #expect(outside == (Self.policy.permits(Caller(user: Self.officeInspector), permission, on: .region(outsideGrid)) || (inForce && scope == .city)),
                            "\(power) \(permission) outside at \(moment)")
                    cells += 2
                }
                // Nobody outside the body's staff gains anything: another office's inspector, a citizen,
                // a volunteer who belongs to the body but is not staff.
                let member = User(id: 12, username: "v", displayName: "V", grants: [RoleGrant(role: .volunteer, organisationCode: "O-910101001")])
                #expect(Delegation.grants(of: member, from: [delegation], at: moment).isEmpty)
                let other = User(id: 10, username: "other", displayName: "Other", grants: [RoleGrant(role: .inspector, organisationCode: "O-910101002", jurisdiction: Self.otherSubdistrict)])
                #expect(Delegation.grants(of: other, from: [delegation], at: moment).isEmpty)
                let citizen = User(id: 11, username: "c", displayName: "C", grants: [RoleGrant(role: .citizen)])
                #expect(Delegation.grants(of: citizen, from: [delegation], at: moment).isEmpty)
            }
        }
        #expect(cells >= 40)
    }

    @Test func aPowerNamesNoPersonAndAPolicyRefusesABadPower() throws {
        // The shipped workflow lets the powers take their steps.
        let workflow = WorkflowDefinition.standard
        #expect(workflow.actions[WorkflowAction.approveExtension]?.roles.contains(DelegatedPower.approveExtensions) == true)
        #expect(workflow.actions[WorkflowAction.summon]?.roles.contains(DelegatedPower.summonDepartments) == true)
        #expect(!Role.userRoles.contains { Self.policy.powers.contains($0) })
        // A delegable role must be staff, held for an organisation and report through no channel.
        let bad = AccessPolicy.standardJSON.replacingOccurrences(of: #""name": "reward_points", "label_zh": "积分奖励（授权）", "label_en": "Reward points (delegated)", "staff": true,"#,
                                                                 with: #""name": "reward_points", "label_zh": "积分奖励（授权）", "label_en": "Reward points (delegated)", "staff": false,"#)
        #expect(bad != AccessPolicy.standardJSON)
        #expect(throws: DomainError.self) { try AccessPolicyFile.parse(Data(bad.utf8)) }
    }
}
