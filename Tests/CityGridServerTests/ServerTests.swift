import CityGridApplication
import CityGridCore
import CityGridServer
import CityGridService
import CityGridSimulation
import CityGridSQLite
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// The HTTP API through Hummingbird's in-process test client, on a small demo city.
@Suite struct ServerTests {
    static let demo = DemoCityGenerator.generate(.small(), catalogue: try! ShippedData.catalogue(), calendar: .chinaDefault)

    struct Context {
        let service: CityService
        let folder: String
        var tokens: [String: String] = [:]
        var facts: LiveFacts?
    }

    static func withServer(_ body: @Sendable (Context, any TestClientProtocol) async throws -> Void) async throws {
        let folder = NSTemporaryDirectory() + "citygrid-http-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try SQLiteCityStore(path: folder + "/c.sqlite")
        try await store.replaceCity(demo.city, users: demo.users, components: demo.components)
        let service = try await CityService.open(store)
        var context = Context(service: service, folder: folder)
        for user in demo.users {
            context.tokens[user.username] = try await service.issueToken(username: user.username)
        }
        let application = try await CityApplication.make(service: service)
        context.facts = application.current.facts
        let app = try CityGridServer.buildApplication(application: application, host: "127.0.0.1", port: 0, logger: Logger(label: "test"))
        let frozen = context
        try await app.test(.router) { client in try await body(frozen, client) }
    }

    /// The body as a JSON object; an empty one (which fails the checks that read it) when it is not.
    static func json(_ buffer: ByteBuffer) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: buffer))) as? [String: Any] ?? [:]
    }

    static func array(_ buffer: ByteBuffer) -> [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: buffer))) as? [[String: Any]] ?? []
    }

    static func errorOf(_ buffer: ByteBuffer) -> (code: String, field: String?) {
        let error = json(buffer)["error"] as? [String: Any] ?? [:]
        return (error["code"] as? String ?? "", error["field"] as? String)
    }

    static func headers(_ token: String?) -> HTTPFields {
        var fields: HTTPFields = [.contentType: "application/json"]
        if let token { fields[.authorization] = "Bearer \(token)" }
        return fields
    }

    @Test func healthAndCity() async throws {
        try await Self.withServer { _, client in
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/v1/city", method: .get) { response in
                #expect(response.status == .ok)
                #expect(Self.json(response.body)["grids"] as? Int == 1200)
                #expect(Self.json(response.body)["configuration_version"] as? Int == 1)
            }
            try await client.execute(uri: "/api/v1/regions?level=district", method: .get) { response in
                #expect(Self.array(response.body).count == 3)
            }
            try await client.execute(uri: "/api/v1/regions?level=planet", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(Self.errorOf(response.body).field == "level")
            }
            try await client.execute(uri: "/api/v1/nowhere", method: .get) { #expect($0.status == .notFound) }
        }
    }

    @Test func geocodeAndGrids() async throws {
        try await Self.withServer { _, client in
            let grid = Self.demo.city.grids[17]
            let p = grid.boundary.representativePoint
            try await client.execute(uri: "/api/v1/geocode?lon=\(p.lon)&lat=\(p.lat)", method: .get) { response in
                #expect(response.status == .ok)
                let body = Self.json(response.body)
                #expect((body["grid"] as? [String: Any])?["code"] as? String == grid.code.rawValue)
                #expect((body["district"] as? [String: Any])?["code"] as? String == grid.code.ancestor(at: .district)!.rawValue)
            }
            try await client.execute(uri: "/api/v1/geocode?lon=10&lat=10", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(Self.errorOf(response.body) == ("outside_city", "location"))
            }
            try await client.execute(uri: "/api/v1/geocode?lat=10", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(Self.errorOf(response.body).field == "lon")
            }
            try await client.execute(uri: "/api/v1/geocode?lon=abc&lat=10", method: .get) { #expect($0.status == .badRequest) }
            let community = grid.code.ancestor(at: .community)!.rawValue
            try await client.execute(uri: "/api/v1/grids.geojson?region=\(community)", method: .get) { response in
                #expect(response.headers[.contentType] == "application/geo+json")
                let features = Self.json(response.body)["features"] as? [[String: Any]] ?? []
                #expect(features.count == Self.demo.city.grids.filter { $0.code.rawValue.hasPrefix(community) }.count)
            }
            try await client.execute(uri: "/api/v1/grids?limit=5", method: .get) { response in
                let body = Self.json(response.body)
                #expect((body["grids"] as? [Any])?.count == 5)
                #expect(body["next_after"] as? String == Self.demo.city.grids[4].code.rawValue)
            }
            try await client.execute(uri: "/api/v1/grids?region=12", method: .get) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/api/v1/catalogue", method: .get) { response in
                #expect((Self.json(response.body)["minors"] as? [Any])?.count == Self.demo.city.catalogue.entries.count)
            }
        }
    }

    @Test func reportingRefusesBadInput() async throws {
        try await Self.withServer { ctx, client in
            let token = ctx.tokens["intake1"]!
            let p = Self.demo.city.grids[3].boundary.representativePoint
            func post(_ body: String, token: String?) async throws -> (HTTPResponse.Status, ByteBuffer) {
                try await client.execute(uri: "/api/v1/cases", method: .post, headers: Self.headers(token), body: ByteBuffer(string: body)) {
                    ($0.status, $0.body)
                }
            }
            var (status, body) = try await post("{}", token: nil)
            #expect(status == .unauthorized && (Self.errorOf(body).code) == "missing_token")
            (status, body) = try await post("{}", token: "cg_wrong")
            #expect(status == .unauthorized && (Self.errorOf(body).code) == "invalid_token")
            (status, body) = try await post("{not json", token: token)
            #expect(status == .badRequest && (Self.errorOf(body).code) == "invalid_json")
            (status, body) = try await post("{\"location\":{\"lon\":\(p.lon),\"lat\":\(p.lat)}}", token: token)
            #expect(status == .badRequest && (Self.errorOf(body).field) == "category")
            (status, body) = try await post("{\"category\":\"X99\",\"location\":{\"lon\":\(p.lon),\"lat\":\(p.lat)}}", token: token)
            #expect(status == .badRequest && (Self.errorOf(body).field) == "category")
            (status, body) = try await post("{\"category\":\"E9999\",\"location\":{\"lon\":\(p.lon),\"lat\":\(p.lat)}}", token: token)
            #expect(status == .badRequest && (Self.errorOf(body).code) == "unknown_category")
            (status, body) = try await post("{\"category\":\"E0102\",\"location\":{\"lon\":\"east\",\"lat\":1}}", token: token)
            #expect(status == .badRequest && (Self.errorOf(body).field) == "location.lon")
            (status, body) = try await post("{\"category\":\"E0102\",\"location\":{\"lon\":0,\"lat\":0}}", token: token)
            #expect(status == .badRequest && (Self.errorOf(body).code) == "outside_city")
            (status, body) = try await post("{\"category\":\"E0102\",\"location\":{\"lon\":200,\"lat\":0}}", token: token)
            #expect(status == .badRequest && (Self.errorOf(body).code) == "invalid_location")
            (status, body) = try await post("{\"category\":\"E0102\",\"source\":\"pigeon\",\"location\":{\"lon\":\(p.lon),\"lat\":\(p.lat)}}", token: token)
            #expect(status == .badRequest && (Self.errorOf(body).field) == "source")
            (status, body) = try await post("{\"category\":\"E0102\",\"location\":{\"lon\":\(p.lon),\"lat\":\(p.lat)}}", token: ctx.tokens["leader"]!)
            #expect(status == .forbidden)
            #expect(try await ctx.service.store.caseCount() == 0)
            (status, body) = try await post("{\"category\":\"E0102\",\"description\":\"垃圾\",\"location\":{\"lon\":\(p.lon),\"lat\":\(p.lat)}}", token: token)
            #expect(status == .created)
            #expect(Self.json(body)["state"] as? String == "reported")
            #expect(try await ctx.service.store.caseCount() == 1)
        }
    }

    @Test func theClosedLoopOverHTTP() async throws {
        try await Self.withServer { ctx, client in
            let grid = Self.demo.city.grids[40]
            let p = grid.boundary.representativePoint
            let created = try await client.execute(uri: "/api/v1/cases", method: .post, headers: Self.headers(ctx.tokens["citizen1"]),
                                                   body: ByteBuffer(string: "{\"category\":\"E0102\",\"lon\":\(p.lon),\"lat\":\(p.lat)}")) { response in
                #expect(response.status == .created)
                return Self.json(response.body)
            }
            let id = try #require(created["id"] as? Int)
            #expect(created["source"] as? String == "citizen_app")
            func step(_ action: String, _ username: String, extra: String = "") async throws -> (HTTPResponse.Status, [String: Any]) {
                try await client.execute(uri: "/api/v1/cases/\(id)/transitions", method: .post, headers: Self.headers(ctx.tokens[username]),
                                         body: ByteBuffer(string: "{\"action\":\"\(action)\"\(extra)}")) { ($0.status, Self.json($0.body)) }
            }
            var (status, body) = try await step("file", "shiftleader1")
            #expect(status == .conflict && (body["error"] as? [String: Any])?["code"] as? String == "invalid_transition")
            (status, body) = try await step("accept", "dispatcher1")
            #expect(status == .forbidden)
            (status, body) = try await step("fly", "intake1")
            #expect(status == .badRequest && (body["error"] as? [String: Any])?["field"] as? String == "action")
            (status, body) = try await step("accept", "intake1", extra: ",\"expected_version\":5")
            #expect(status == .conflict)
            (status, body) = try await step("accept", "intake1", extra: ",\"expected_version\":1")
            #expect(status == .ok && body["state"] as? String == "accepted")
            (status, _) = try await step("file", "shiftleader1")
            #expect(status == .ok)
            (status, body) = try await step("dispatch", "dispatcher1", extra: ",\"department_code\":\"NOPE\"")
            #expect(status == .badRequest && (body["error"] as? [String: Any])?["field"] as? String == "department_code")
            (status, body) = try await step("dispatch", "dispatcher1")
            #expect(status == .ok && body["deadline_at"] is String)
            let department = try #require(body["department_code"] as? String)
            let handler = "handler-" + department.lowercased()
            (status, _) = try await step("dispose", "handler-d-fire", extra: ",\"note\":\"done\"")
            #expect(status == .notFound || status == .forbidden)
            (status, body) = try await step("dispose", handler)
            #expect(status == .badRequest && (body["error"] as? [String: Any])?["field"] as? String == "attachments")
            (status, _) = try await step("dispose", handler, extra: ",\"note\":\"已清运\",\"attachments\":[\"https://example.org/p/1.jpg\"]")
            #expect(status == .ok)
            (status, _) = try await step("check", "inspector-" + grid.code.ancestor(at: .community)!.rawValue)
            #expect(status == .ok)
            (status, body) = try await step("close", "shiftleader1")
            #expect(status == .ok && body["state"] as? String == "closed" && body["version"] as? Int == 7)
            try await client.execute(uri: "/api/v1/cases/\(id)/events", method: .get, headers: Self.headers(ctx.tokens["citizen1"])) { response in
                let events = Self.array(response.body)
                #expect(events.map { $0["action"] as? String } == ["report", "accept", "file", "dispatch", "dispose", "check", "close"])
            }
            // Another citizen may not see it; staff lists find it by state.
            try await client.execute(uri: "/api/v1/cases/\(id)", method: .get, headers: Self.headers(ctx.tokens["citizen2"])) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/api/v1/cases?state=closed", method: .get, headers: Self.headers(ctx.tokens["leader"])) { response in
                #expect((Self.json(response.body)["cases"] as? [Any])?.count == 1)
            }
            try await client.execute(uri: "/api/v1/cases?state=lost", method: .get, headers: Self.headers(ctx.tokens["leader"])) {
                #expect($0.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/cases?from=yesterday", method: .get, headers: Self.headers(ctx.tokens["leader"])) {
                #expect($0.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/cases/abc", method: .get, headers: Self.headers(ctx.tokens["leader"])) {
                #expect($0.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/cases/99999", method: .get, headers: Self.headers(ctx.tokens["leader"])) {
                #expect($0.status == .notFound)
            }
        }
    }
}
