import CityGridApplication
import CityGridCore
import CityGridServer
import CityGridService
import CityGridSimulation
import CityGridSQLite
import CityGridStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// The authorisation matrix, generated from the shipped access policy's data: for every role, a
/// demo user holding it, and for each permission the front ends ask about, the resources they reach
/// and those they do not, exercised through HTTP. The expected answer of each cell is read from the
/// policy table (the role's scope for the permission and how the resource relates to the user), not
/// from the policy's decision code.
@Suite struct AuthorisationMatrixTests {
    typealias S = ServerTests
    static let policy = AccessPolicy.standard

    /// Whether a role holding `scope` reaches a case related to the user as given.
    static func expected(_ scope: AccessScope?, own: Bool, organisation: Bool, jurisdiction: Bool) -> Bool {
        guard let scope else { return false }
        if own { return true }
        switch scope {
        case .own: return false
        case .organisation: return organisation
        case .jurisdiction: return jurisdiction
        case .city: return true
        }
    }

    @Test func everyRoleReadsExactlyTheCasesAndFiguresThePolicyGrants() async throws {
        let city = try await SimulatedCity(cases: 300, seed: 5, months: 1, end: "2026-11-01T00:00:00Z")
        let (store, service) = (city.store, city.service)
        let cases = try await store.cases(CaseQuery(limit: 1000)).cases
        // One user per role: a jurisdiction-bound one where there is one, a handler whose body has cases.
        var people: [User] = []
        for role in Self.policy.personRoles {
            let holders = S.demo.users.filter { $0.role == role }
            let busyBodies = Set(cases.compactMap(\.departmentCode))
            let pick = holders.first { $0.jurisdiction != nil && role != .departmentHandler }
                ?? holders.first { $0.organisationCode.map(busyBodies.contains) ?? false }
                ?? holders.first
            if let pick { people.append(pick) }
        }
        #expect(Set(people.map(\.role)) == Set(Self.policy.personRoles), "the demo city has someone in every role")
        var tokens: [String: String] = [:]
        for user in people { tokens[user.username] = try await service.issueToken(username: user.username) }
        let application = try await CityApplication.make(service: service)
        let app = try CityGridServer.buildApplication(application: application, host: "127.0.0.1", port: 0, logger: Logger(label: "test"))
        let sample = Array(cases.prefix(60))
        let frozenTokens = tokens
        let frozenPeople = people
        try await app.test(.router) { client in
            var cells = 0
            for user in frozenPeople {
                let headers = S.headers(frozenTokens[user.username])
                let entry = try #require(Self.policy.roles[user.role])
                // case.read × every sampled case: 200 when reached, 404 otherwise (existence is not leaked).
                // The cell's expected answer, from the role's scope and how the case relates to the user.
                func mayRead(_ value: Case) -> Bool {
                    let grant = user.grants[0]
                    return Self.expected(entry.permissions[.caseRead], own: value.reporterID == user.id,
                                         organisation: grant.organisationCode.map { o in value.departmentCode == o || value.subtasks.contains { $0.departmentCode == o } } ?? false,
                                         jurisdiction: grant.jurisdiction.map { $0.contains(value.chain.grid) } ?? true)
                }
                for value in sample {
                    let allowed = mayRead(value)
                    try await client.execute(uri: "/api/v1/cases/\(value.id)", method: .get, headers: headers) { r in
                        #expect(r.status == (allowed ? .ok : .notFound), "\(user.role) \(user.username) reading case \(value.id)")
                    }
                    cells += 1
                }
                // The case list holds exactly the readable cases of the sample's range.
                try await client.execute(uri: "/api/v1/cases?limit=1000", method: .get, headers: headers) { r in
                    if entry.permissions[.caseRead] == nil {
                        #expect(r.status == .forbidden, "\(user.role) listing cases")
                        return
                    }
                    let listed = Set(S.json(r.body)["cases"].flatMap { $0 as? [[String: Any]] }?.compactMap { $0["id"] as? Int64 ?? ($0["id"] as? Int).map(Int64.init) } ?? [])
                    for value in sample {
                        #expect(listed.contains(value.id.rawValue) == mayRead(value), "\(user.role) listing case \(value.id)")
                    }
                }
                // evaluation.read × the districts' figures: refused without the permission, else exactly the
                // districts the role's scope reaches.
                try await client.execute(uri: "/api/v1/evaluation?subject=district&period=2026-10", method: .get, headers: headers) { r in
                    guard let scope = entry.permissions[.evaluationRead] else {
                        #expect(r.status == .forbidden, "\(user.role) evaluating")
                        return
                    }
                    #expect(r.status == .ok)
                    let rows = (S.json(r.body)["rows"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []
                    let districts = S.demo.city.regions.filter { $0.level == .district }.map(\.code.rawValue)
                    let reached = districts.filter { code in
                        switch scope {
                        case .city: true
                        case .jurisdiction: user.jurisdiction.map { $0.contains(RegionCode(code)!) } ?? true
                        case .own, .organisation: false
                        }
                    }
                    #expect(Set(rows) == Set(reached), "\(user.role) sees the districts its scope reaches")
                }
                // analytics.read: refused without the permission.
                try await client.execute(uri: "/api/v1/analytics/trends?period=2026-10", method: .get, headers: headers) { r in
                    #expect((r.status == .forbidden) == (entry.permissions[.analyticsRead] == nil), "\(user.role) reading trends: \(r.status)")
                }
                cells += 3
            }
            #expect(cells > 500)
        }
    }
}

/// A person with two roles acts in whichever the step needs.
@Suite struct SeveralRolesHTTPTests {
    typealias S = ServerTests

    @Test func aSubdistrictHeadVerifiesAsTheInspectorTheyAlsoAre() async throws {
        try await S.withServer { context, client in
            let head = try #require(S.demo.users.first { $0.role == .leader && $0.grants.contains { $0.role == .inspector } })
            let subdistrict = try #require(head.jurisdiction)
            let grid = try #require(S.demo.city.grids.first { subdistrict.contains($0.code) })
            let point = grid.boundary.representativePoint
            var id: Int64 = 0
            let report = #"{"category":"E0102","description":"堆物","location":{"lon":\#(point.lon),"lat":\#(point.lat)}}"#
            try await client.execute(uri: "/api/v1/cases", method: .post, headers: S.headers(context.tokens["intake1"]), body: ByteBuffer(string: report)) { r in
                #expect(r.status == .created)
                id = (S.json(r.body)["id"] as? Int64) ?? Int64(S.json(r.body)["id"] as? Int ?? 0)
            }
            try await client.execute(uri: "/api/v1/cases/\(id)/transitions", method: .post, headers: S.headers(context.tokens["intake1"]),
                                     body: ByteBuffer(string: #"{"action":"ask_verify"}"#)) { r in #expect(r.status == .ok) }
            let headHeaders = S.headers(context.tokens[head.username])
            try await client.execute(uri: "/api/v1/cases/\(id)", method: .get, headers: headHeaders) { r in
                let offered = (S.json(r.body)["available_actions"] as? [String]) ?? []
                #expect(offered.contains("verify"), "the inspector role's step is offered: \(offered)")
                #expect(offered.contains("supervise"), "and the leader role's")
            }
            try await client.execute(uri: "/api/v1/cases/\(id)/transitions", method: .post, headers: headHeaders,
                                     body: ByteBuffer(string: #"{"action":"verify","note":"属实"}"#)) { r in
                #expect(r.status == .ok)
            }
            try await client.execute(uri: "/api/v1/cases/\(id)/events", method: .get, headers: headHeaders) { r in
                let roles = S.array(r.body).compactMap { $0["role"] as? String }
                #expect(roles.last == "inspector", "the step was taken as the inspector: \(roles)")
            }
        }
    }
}
