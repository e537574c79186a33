import CityGridCore
import Testing

@Suite("Organisation, User and Actor")
struct OrganisationTests {
    @Test("an organisation serves its jurisdiction, or the whole city without one")
    func serves() {
        let district = Organisation(code: "D", name: LocalizedText(zh: "区", en: "District"), kind: .department, jurisdiction: region("910101"))
        #expect(district.serves(region("910101001001001")))
        #expect(district.serves(region("910101")))
        #expect(!district.serves(region("910102001001001")))
        let city = Organisation(code: "C", name: LocalizedText(zh: "市", en: "City"), kind: .centre)
        #expect(city.serves(region("910102001001001")))
        #expect(city.id == "C")
    }

    @Test("users and actors cover their jurisdiction")
    func covers() {
        let user = User(id: 5, username: "li", displayName: "Li", role: .inspector, organisationCode: "CENTRE", jurisdiction: region("910101001"))
        #expect(user.covers(region("910101001002003")))
        #expect(!user.covers(region("910101002001001")))
        #expect(!user.covers(region("910101")))
        let actor = Actor(user)
        #expect(actor == Actor(userID: 5, role: .inspector, organisationCode: "CENTRE", jurisdiction: region("910101001")))
        #expect(actor.covers(region("910101001002003")))
        #expect(!actor.covers(region("910101002001001")))
        #expect(Actor(.system, role: .admin).covers(region("910199001001001")))
    }

    @Test("roles: everyone but citizens, volunteers and the system is staff; raw values are the API's")
    func roles() {
        #expect(Role.allCases.filter { !$0.isStaff } == [.citizen, .volunteer, .system])
        #expect(Role.allCases.map(\.rawValue) == ["inspector", "intake_operator", "shift_leader", "dispatcher", "department_handler",
                                                  "leader", "analyst", "citizen", "volunteer", "admin", "system"])
        // The system is no person's role.
        #expect(Role.userRoles == [.inspector, .intakeOperator, .shiftLeader, .dispatcher, .departmentHandler, .leader, .analyst, .citizen, .volunteer, .admin])
        #expect(Role.system.label == LocalizedText(zh: "系统", en: "System"))
        #expect(OrganisationKind.subdistrictOffice.rawValue == "subdistrict_office")
    }
}
