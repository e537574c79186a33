@testable import CityGridCore
import Foundation
import Testing

/// The access policy: the shipped file, refusals of bad files, the reach of each scope, the union of
/// several roles, and the channel of a report.
@Suite("AccessPolicy") struct AccessPolicyTests {
    typealias F = Fixture
    static let policy = AccessPolicy.standard
    static let inside = region("910101")
    static let outside = region("910102")

    static func caller(_ grants: RoleGrant..., id: Int64 = 500) -> Caller {
        Caller(user: User(id: UserID(id), username: "u\(id)", displayName: "U", grants: grants))
    }

    /// A case in `F.grid` (district 910101), reported by user 15, dispatched to D-SANITATION.
    static func dispatchedCase() -> Case {
        var value = F.reportedCase()
        value.departmentCode = "D-SANITATION"
        return value
    }

    @Test func theShippedPolicyNamesEveryShippedRoleAndRoundTrips() throws {
        #expect(Set(Self.policy.roleOrder) == Set(Role.allCases + DelegatedPower.shipped))
        #expect(Self.policy.powers == DelegatedPower.shipped && Set(Self.policy.personRoles) == Set(Role.userRoles))
        let file = try JSONEncoder().encode(Self.policy.file)
        let again = try AccessPolicyFile.parse(file)
        #expect(again.roles == Self.policy.roles)
        #expect(Self.policy.roles[.citizen]?.staff == false && Self.policy.roles[.leader]?.staff == true)
    }

    @Test("a bad policy file is refused naming its entry", arguments: [
        (#"{"version": 2, "roles": []}"#, "version"),
        (#"{"version": 1, "roles": [{"name": "Bad Name", "label_zh": "x", "label_en": "x", "staff": true, "permissions": {}}]}"#, "roles[0].name"),
        (#"{"version": 1, "roles": [{"name": "a", "label_zh": "x", "label_en": "x", "staff": true, "permissions": {"case.raed": "city"}}]}"#, "roles[0].permissions.case.raed"),
        (#"{"version": 1, "roles": [{"name": "a", "label_zh": "x", "label_en": "x", "staff": true, "permissions": {"case.read": "galaxy"}}]}"#, "roles[0].permissions.case.read"),
        (#"{"version": 1, "roles": [{"name": "a", "label_zh": "x", "label_en": "x", "staff": true, "permissions": {"case.read": "organisation"}}]}"#, "roles[0].permissions.case.read"),
        (#"{"version": 1, "roles": [{"name": "a", "label_zh": "x", "label_en": "x", "staff": true, "channels": ["pigeon"], "permissions": {}}]}"#, "roles[0].channels[0]"),
        (#"{"version": 1, "roles": [{"name": "a", "label_zh": "x", "label_en": "x", "staff": true, "permissions": {}}]}"#, "roles"),
    ])
    func refusals(text: String, field: String) {
        #expect(throws: DomainError.self) { try AccessPolicyFile.parse(Data(text.utf8)) }
        do { _ = try AccessPolicyFile.parse(Data(text.utf8)) } catch { #expect(error.field == field && error.code == "invalid_policy") }
    }

    @Test func eachScopeReachesWhatItSays() {
        let value = Self.dispatchedCase()
        let inDistrict = RoleGrant(role: .leader, jurisdiction: Self.inside)
        let elsewhere = RoleGrant(role: .leader, jurisdiction: Self.outside)
        let sanitation = RoleGrant(role: .departmentHandler, organisationCode: "D-SANITATION")
        let water = RoleGrant(role: .departmentHandler, organisationCode: "D-WATER")
        #expect(AccessScope.jurisdiction.reaches(.caseRecord(value), grant: inDistrict, userID: 1))
        #expect(!AccessScope.jurisdiction.reaches(.caseRecord(value), grant: elsewhere, userID: 1))
        #expect(AccessScope.jurisdiction.reaches(.caseRecord(value), grant: RoleGrant(role: .leader), userID: 1), "no jurisdiction: the city")
        #expect(AccessScope.organisation.reaches(.caseRecord(value), grant: sanitation, userID: 1))
        #expect(!AccessScope.organisation.reaches(.caseRecord(value), grant: water, userID: 1))
        #expect(AccessScope.own.reaches(.caseRecord(value), grant: elsewhere, userID: 15), "the reporter's own case")
        #expect(!AccessScope.own.reaches(.caseRecord(value), grant: elsewhere, userID: 16))
        #expect(AccessScope.city.reaches(.city, grant: elsewhere, userID: 1))
        #expect(!AccessScope.jurisdiction.reaches(.city, grant: inDistrict, userID: 1))
        #expect(AccessScope.jurisdiction.reaches(.organisation(code: "O-1", jurisdiction: region("910101001")), grant: inDistrict, userID: 1))
        #expect(!AccessScope.jurisdiction.reaches(.organisation(code: "D-WATER", jurisdiction: nil), grant: inDistrict, userID: 1),
                "a city-wide body's figures are not a district's")
        #expect(AccessScope.organisation.reaches(.organisation(code: "D-WATER", jurisdiction: nil), grant: water, userID: 1))
        #expect(AccessScope.own.reaches(.person(id: 7, organisationCode: nil, jurisdiction: nil), grant: water, userID: 7))
    }

    @Test func aCitizenReadsOnlyTheirOwnReports() {
        let value = Self.dispatchedCase()
        #expect(Self.policy.permits(Self.caller(RoleGrant(role: .citizen), id: 15), .caseRead, on: .caseRecord(value)))
        #expect(!Self.policy.permits(Self.caller(RoleGrant(role: .citizen), id: 16), .caseRead, on: .caseRecord(value)))
        #expect(!Self.policy.permits(Self.caller(RoleGrant(role: .citizen), id: 15), .evaluationRead, on: .city))
        #expect(!Self.policy.permits(.anonymous, .caseRead, on: .caseRecord(value)))
    }

    @Test func severalRolesAreAUnion() {
        let value = Self.dispatchedCase()
        // A handler of the water department who is also an inspector of the case's district.
        let both = Self.caller(RoleGrant(role: .departmentHandler, organisationCode: "D-WATER"), RoleGrant(role: .inspector, jurisdiction: Self.inside))
        #expect(Self.policy.permits(both, .caseRead, on: .caseRecord(value)))
        #expect(Self.policy.grants(both, .caseRead, on: .caseRecord(value)).map(\.role) == [.inspector])
        let visibility = Self.policy.caseVisibility(both, .caseRead)
        #expect(visibility.organisations == ["D-WATER"] && visibility.regions == [Self.inside] && !visibility.everything)
        #expect(visibility.contains(value))
        var elsewhere = value
        elsewhere.chain = GridChain(grid: region("910102001001001"))
        elsewhere.reporterID = 99
        #expect(!visibility.contains(elsewhere))
        elsewhere.departmentCode = "D-WATER"
        #expect(visibility.contains(elsewhere))
        // A narrower region inside a wider one is folded into it.
        let nested = Self.policy.caseVisibility(Self.caller(RoleGrant(role: .leader, jurisdiction: region("910101001")),
                                                            RoleGrant(role: .inspector, jurisdiction: Self.inside)), .caseRead)
        #expect(nested.regions == [Self.inside])
        #expect(Self.policy.caseVisibility(Self.caller(RoleGrant(role: .admin)), .caseRead).everything)
    }

    @Test func theChannelComesFromTheRoleNotTheBody() throws {
        #expect(try Self.policy.channel(for: RoleGrant(role: .citizen), requested: nil) == .citizenApp)
        #expect(try Self.policy.channel(for: RoleGrant(role: .intakeOperator), requested: .higherLevel) == .higherLevel)
        for role in Self.policy.roleOrder {
            for forged in [CaseSource.sensor, .open311] {
                #expect(throws: DomainError.self, "\(role) may not claim \(forged)") {
                    try Self.policy.channel(for: RoleGrant(role: role), requested: forged)
                }
            }
        }
        #expect(throws: DomainError.self) { try Self.policy.channel(for: RoleGrant(role: .inspector), requested: .hotline) }
        #expect(throws: DomainError.self) { try Self.policy.channel(for: RoleGrant(role: .departmentHandler), requested: nil) }
    }

    @Test func anonymousCallersAreAskedToSignIn() {
        #expect(throws: DomainError.self) { try Self.policy.require(.anonymous, .caseRead, on: .city) }
        do { try Self.policy.require(.anonymous, .caseRead, on: .city) } catch { #expect(error.kind == .unauthenticated) }
        do { try Self.policy.requireHolding(Self.caller(RoleGrant(role: .citizen)), .analyticsRead) } catch { #expect(error.kind == .forbidden) }
    }
}
