import CityGridCore
import CityGridGeometry

/// The demo city's people: the centre's staff (intake, shift leaders, dispatchers), leaders, an
/// inspector per community, a handler per disposing body, an administrator and a few citizens.
/// Usernames are stable so the README can name them.
public enum DemoStaff {
    /// The logins `serve --demo` prints tokens for, one per role.
    public static let showcase = ["admin", "intake1", "shiftleader1", "dispatcher1", "leader", "analyst", "handler-d-urban", "citizen1"]

    /// The README's first report: exposed garbage (E0102) at 116.4, 39.9.
    public static let firstReportCategory = CategoryCode("E0102")!
    public static let firstReportLocation = GeoPoint(lon: 116.4, lat: 39.9)

    /// The logins `serve --demo` prints: ``showcase`` and, for the README's first report, the
    /// inspector of its community (who verifies and checks it) and a handler of the body routing
    /// sends it to (who disposes it), so that the whole loop of that case can be walked with them.
    public static func logins(geocoder: Geocoder, environment: WorkflowEnvironment, users: [User]) -> [String] {
        var names = showcase
        guard let chain = try? geocoder.locate(firstReportLocation) else { return names }
        // The most local inspector whose jurisdiction holds the place.
        let inspectors = users.filter { $0.role == .inspector && $0.jurisdiction != nil && $0.covers(chain.grid) }
        if let inspector = inspectors.max(by: { ($0.jurisdiction?.rawValue.count ?? 0) < ($1.jurisdiction?.rawValue.count ?? 0) }) {
            names.insert(inspector.username, at: names.firstIndex(of: "leader") ?? names.count)
        }
        if let entry = environment.catalogue[firstReportCategory], let body = environment.routing.route(entry, grid: chain.grid),
           let handler = users.first(where: { $0.role == .departmentHandler && $0.organisationCode == body }), !names.contains(handler.username) {
            names.insert(handler.username, at: names.firstIndex(of: "citizen1") ?? names.count)
        }
        return names
    }

    static func make(regions: [Region], organisations: [Organisation]) -> [User] {
        var users: [User] = []
        func add(_ username: String, _ name: String, _ role: Role, _ organisation: String?, _ region: RegionCode?) {
            users.append(User(id: UserID(Int64(users.count + 1)), username: username, displayName: name, role: role,
                              organisationCode: organisation.map { OrganisationCode($0) }, jurisdiction: region))
        }
        add("admin", "系统管理员 Administrator", .admin, "CENTRE", nil)
        for n in 1...3 { add("intake\(n)", "受理员\(n) Intake operator \(n)", .intakeOperator, "CENTRE", nil) }
        for n in 1...2 { add("shiftleader\(n)", "值班长\(n) Shift leader \(n)", .shiftLeader, "CENTRE", nil) }
        for n in 1...2 { add("dispatcher\(n)", "派遣员\(n) Dispatcher \(n)", .dispatcher, "CENTRE", nil) }
        add("leader", "市领导 City leader", .leader, "CENTRE", nil)
        for district in regions where district.level == .district {
            add("leader-\(district.code)", "\(district.name.zh)领导 \(district.name.en) leader", .leader, nil, district.code)
        }
        // Subdistrict leaders blow the whistle (吹哨) in their subdistrict, and are inspectors there too
        // (a second role, in the same office and jurisdiction).
        for subdistrict in regions where subdistrict.level == .subdistrict {
            add("leader-\(subdistrict.code)", "\(subdistrict.name.zh)主任 Head of \(subdistrict.name.en)", .leader, "O-\(subdistrict.code)", subdistrict.code)
            users[users.count - 1].grants.append(RoleGrant(role: .inspector, organisationCode: OrganisationCode("O-\(subdistrict.code)"), jurisdiction: subdistrict.code))
        }
        for community in regions where community.level == .community {
            let office = "O-" + community.code.ancestor(at: .subdistrict)!.rawValue
            add("inspector-\(community.code)", "\(community.name.zh)监督员 Inspector of \(community.name.en)", .inspector, office, community.code)
        }
        for organisation in organisations where organisation.kind.disposes {
            add("handler-\(organisation.code.rawValue.lowercased())", "\(organisation.name.zh)处置员 Handler, \(organisation.name.en)",
                .departmentHandler, organisation.code.rawValue, nil)
        }
        for n in 1...5 { add("citizen\(n)", "市民\(n) Citizen \(n)", .citizen, nil, nil) }
        add("analyst", "数据分析员 Analyst", .analyst, "CENTRE", nil)
        // Members of the NGOs and volunteer teams, who claim low-risk tasks from the pool (认领).
        for organisation in organisations where organisation.kind == .ngo || organisation.kind == .volunteerTeam {
            for n in 1...2 {
                add("volunteer-\(organisation.code.rawValue.lowercased())-\(n)", "\(organisation.name.zh)志愿者\(n) Volunteer \(n), \(organisation.name.en)",
                    .volunteer, organisation.code.rawValue, organisation.jurisdiction)
            }
        }
        return users
    }
}
