import CityGridCore
import CityGridServer
import CityGridService
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Who may read and act on which case, over HTTP.
@Suite struct ScopeTests {
    typealias S = ServerTests

    @Test func jurisdictionsScopeListsAndActions() async throws {
        try await S.withServer { ctx, client in
            // Two cases in two different districts.
            let grids = S.demo.city.grids
            let a = grids.first!, b = grids.last { $0.code.ancestor(at: .district) != a.code.ancestor(at: .district) }!
            var ids: [Int] = []
            for grid in [a, b] {
                let p = grid.boundary.representativePoint
                let id = try await client.execute(uri: "/api/v1/cases", method: .post, headers: S.headers(ctx.tokens["citizen1"]),
                                                  body: ByteBuffer(string: "{\"category\":\"E0102\",\"location\":{\"lon\":\(p.lon),\"lat\":\(p.lat)}}")) {
                    S.json($0.body)["id"] as? Int ?? 0
                }
                ids.append(id)
            }
            let districtA = a.code.ancestor(at: .district)!.rawValue
            // A district leader lists only their district's cases, and may not ask for another's.
            try await client.execute(uri: "/api/v1/cases", method: .get, headers: S.headers(ctx.tokens["leader-\(districtA)"])) { response in
                let cases = S.json(response.body)["cases"] as? [[String: Any]] ?? []
                #expect(cases.map { $0["id"] as? Int } == [ids[0]])
            }
            let districtB = b.code.ancestor(at: .district)!.rawValue
            try await client.execute(uri: "/api/v1/cases?region=\(districtB)", method: .get, headers: S.headers(ctx.tokens["leader-\(districtA)"])) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/cases/\(ids[1])", method: .get, headers: S.headers(ctx.tokens["leader-\(districtA)"])) {
                #expect($0.status == .notFound)
            }
            // A citizen lists their own reports only.
            try await client.execute(uri: "/api/v1/cases", method: .get, headers: S.headers(ctx.tokens["citizen1"])) { response in
                #expect((S.json(response.body)["cases"] as? [Any])?.count == 2)
            }
            try await client.execute(uri: "/api/v1/cases", method: .get, headers: S.headers(ctx.tokens["citizen2"])) { response in
                #expect((S.json(response.body)["cases"] as? [Any])?.count == 0)
            }
            // An inspector of another community may not report there.
            let otherInspector = "inspector-" + b.code.ancestor(at: .community)!.rawValue
            let p = a.boundary.representativePoint
            try await client.execute(uri: "/api/v1/cases", method: .post, headers: S.headers(ctx.tokens[otherInspector]),
                                     body: ByteBuffer(string: "{\"category\":\"E0102\",\"location\":{\"lon\":\(p.lon),\"lat\":\(p.lat)}}")) {
                #expect($0.status == .forbidden)
                #expect(S.errorOf($0.body).code == "outside_jurisdiction")
            }
            // A handler sees no undispatched case.
            try await client.execute(uri: "/api/v1/cases", method: .get, headers: S.headers(ctx.tokens["handler-d-urban"])) { response in
                #expect((S.json(response.body)["cases"] as? [Any])?.count == 0)
            }
            try await client.execute(uri: "/api/v1/cases/\(ids[0])", method: .get, headers: S.headers(ctx.tokens["handler-d-urban"])) {
                #expect($0.status == .notFound)
            }
        }
    }

    @Test func dispatchOnlyToABodyThatDisposesThere() async throws {
        try await S.withServer { ctx, client in
            let p = S.demo.city.grids[5].boundary.representativePoint
            let id = try await client.execute(uri: "/api/v1/cases", method: .post, headers: S.headers(ctx.tokens["intake1"]),
                                              body: ByteBuffer(string: "{\"category\":\"E0102\",\"location\":{\"lon\":\(p.lon),\"lat\":\(p.lat)}}")) {
                S.json($0.body)["id"] as? Int ?? 0
            }
            for (action, user) in [("accept", "intake1"), ("file", "shiftleader1")] {
                try await client.execute(uri: "/api/v1/cases/\(id)/transitions", method: .post, headers: S.headers(ctx.tokens[user]),
                                         body: ByteBuffer(string: "{\"action\":\"\(action)\"}")) { #expect($0.status == .ok) }
            }
            let otherDistrict = S.demo.city.organisations.first { $0.code.rawValue.hasPrefix("U-") && !$0.serves(S.demo.city.grids[5].code) }!.code.rawValue
            for department in ["N-GREEN", "CENTRE", otherDistrict] {
                try await client.execute(uri: "/api/v1/cases/\(id)/transitions", method: .post, headers: S.headers(ctx.tokens["dispatcher1"]),
                                         body: ByteBuffer(string: "{\"action\":\"dispatch\",\"department_code\":\"\(department)\"}")) {
                    #expect($0.status == .badRequest)
                    #expect(S.errorOf($0.body) == ("department_cannot_dispose", "department_code"))
                }
            }
        }
    }

    @Test func textIsCheckedAndStoredWholeAndGeoJSONIsComplete() async throws {
        try await S.withServer { ctx, client in
            let p = S.demo.city.grids[9].boundary.representativePoint
            try await client.execute(uri: "/api/v1/cases", method: .post, headers: S.headers(ctx.tokens["intake1"]),
                                     body: ByteBuffer(string: "{\"category\":\"E0102\",\"description\":\"abc\\u0000def\",\"location\":{\"lon\":\(p.lon),\"lat\":\(p.lat)}}")) {
                #expect($0.status == .badRequest)
                #expect(S.errorOf($0.body).field == "description")
            }
            let created = try await client.execute(uri: "/api/v1/cases", method: .post, headers: S.headers(ctx.tokens["intake1"]),
                                                   body: ByteBuffer(string: "{\"category\":\"E0102\",\"description\":\"第一行\\n\\t垃圾 \\\"堆放\\\"\",\"location\":{\"lon\":\(p.lon),\"lat\":\(p.lat)}}")) {
                S.json($0.body)
            }
            let stored = try await ctx.service.caseByID(CaseID(Int64(created["id"] as? Int ?? 0)))
            #expect(stored.description == "第一行\n\t垃圾 \"堆放\"")
            let district = S.demo.city.regions.first { $0.level == .district }!.code
            let expected = S.demo.city.grids.filter { district.contains($0.code) }.count
            #expect(expected > 100)
            try await client.execute(uri: "/api/v1/grids.geojson?region=\(district)", method: .get) { response in
                #expect((S.json(response.body)["features"] as? [Any])?.count == expected)
            }
        }
    }

    @Test func expiredAndRevokedTokensAreRefused() async throws {
        try await S.withServer { ctx, client in
            let old = try await ctx.service.issueToken(username: "intake2", days: 1, at: Date().addingTimeInterval(-2 * 86_400))
            try await client.execute(uri: "/api/v1/me", method: .get, headers: S.headers(old)) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(uri: "/api/v1/me", method: .get, headers: S.headers(ctx.tokens["intake2"])) { #expect($0.status == .ok) }
            #expect(try await ctx.service.revokeTokens(username: "intake2") == 2)
            try await client.execute(uri: "/api/v1/me", method: .get, headers: S.headers(ctx.tokens["intake2"])) {
                #expect($0.status == .unauthorized)
            }
        }
    }
}
