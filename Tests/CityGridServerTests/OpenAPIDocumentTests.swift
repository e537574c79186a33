import CityGridApplication
import CityGridCore
@testable import CityGridServer
import CityGridService
import CityGridSimulation
import CityGridSQLite
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// The OpenAPI document (`GET /api/v1/openapi.json`) against the server: the operations it documents
/// are exactly the `/api/v1` routes of ``RouteAccess/table`` with the same access, every one is
/// served, and a representative answer of each operation (and of each error status) validates
/// against the schema the document gives it (``JSONSchemaSubset``).
@Suite struct OpenAPIDocumentTests {
    typealias S = ServerTests
    static let end = ISOTime.parse("2026-11-01T00:00:00Z")!

    struct Fixture {
        var tokens: [String: String]
        var regionCode: String
        var gridCode: String
    }

    /// The small demo city with 400 simulated cases over two months, an upload quota of two photos a
    /// day, and a bearer token for every user.
    static func withServer(_ body: @Sendable (Fixture, any TestClientProtocol) async throws -> Void) async throws {
        let folder = NSTemporaryDirectory() + "citygrid-openapi-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try SQLiteCityStore(path: folder + "/c.sqlite")
        try await store.replaceCity(S.demo.city, users: S.demo.users, components: S.demo.components)
        let service = try await CityService.open(store, media: MediaOptions(directory: folder + "/files",
                                                                            quota: UploadQuota(bytesPerDay: Int64(2 * MediaHTTPTests.strippedSize))))
        _ = try await CaseSimulator(service: service, users: S.demo.users).run(SimulationOptions(cases: 400, seed: 5, months: 2, end: end))
        var tokens: [String: String] = [:]
        for user in S.demo.users { tokens[user.username] = try await service.issueToken(username: user.username) }
        let application = try await CityApplication.make(service: service)
        let app = try CityGridServer.buildApplication(application: application, host: "127.0.0.1", port: 0, logger: Logger(label: "test"))
        let grid = S.demo.city.grids[60]
        let fixture = Fixture(tokens: tokens, regionCode: grid.code.ancestor(at: .subdistrict)!.rawValue, gridCode: grid.code.rawValue)
        try await app.test(.router) { client in try await body(fixture, client) }
    }

    static func document(_ client: some TestClientProtocol) async throws -> JSONValue {
        try await client.execute(uri: "/api/v1/openapi.json", method: .get) { r in
            #expect(r.status == .ok && r.headers[.contentType] == "application/json")
            return try JSONValue.parse(Data(buffer: r.body))
        }
    }

    /// `METHOD /api/v1/path/{}` for every operation of the document, with its `x-access`.
    static func operations(_ document: JSONValue) -> [String: String] {
        let base = document["servers"]?.array?.first?["url"]?.string ?? ""
        var out: [String: String] = [:]
        for (path, item) in document["paths"]?.object ?? [:] {
            for (method, op) in item.object ?? [:] {
                out["\(method.uppercased()) \(normalised(base + path))"] = op["x-access"]?.string ?? "none"
            }
        }
        return out
    }

    /// A path with its parameters' names dropped (`/cases/{id}` → `/cases/{}`).
    static func normalised(_ path: String) -> String {
        path.replacingOccurrences(of: #"\{[^}/]*\}"#, with: "{}", options: .regularExpression)
    }

    static func access(_ a: RouteAccess) -> String {
        switch a {
        case .open: "open"
        case .signedIn: "signedIn"
        case .permission(let p): "permission:\(p.rawValue)"
        }
    }

    @Test func theDocumentedOperationsAreExactlyTheRouteTablesAPIRoutes() async throws {
        try await S.withServer { _, client in
            let document = try await Self.document(client)
            #expect(document["openapi"]?.string == "3.1.0")
            let documented = Self.operations(document)
            var table: [String: String] = [:]
            for (key, access) in RouteAccess.table {
                let parts = key.split(separator: " ", maxSplits: 1).map(String.init)
                guard parts[1].hasPrefix("/api/v1/") else { continue }
                table["\(parts[0]) \(Self.normalised(parts[1]))"] = Self.access(access)
            }
            #expect(table.count >= 29)
            #expect(Set(documented.keys).subtracting(table.keys).isEmpty, "documented, not in the table: \(Set(documented.keys).subtracting(table.keys).sorted())")
            #expect(Set(table.keys).subtracting(documented.keys).isEmpty, "in the table, not documented: \(Set(table.keys).subtracting(documented.keys).sorted())")
            for (key, access) in table { #expect(documented[key] == access, "\(key): documented \(documented[key] ?? "-"), table \(access)") }
            // Open routes need no token; every other one the bearer scheme, and documents 401 and 403.
            for (path, item) in document["paths"]?.object ?? [:] {
                for (method, op) in item.object ?? [:] {
                    let open = op["x-access"]?.string == "open"
                    #expect((op["security"] == .array([])) == open, "\(method) \(path): security")
                    if !open { #expect(op["responses"]?["401"] != nil && op["responses"]?["403"] != nil, "\(method) \(path)") }
                }
            }
        }
    }

    @Test func everyDocumentedOperationIsServed() async throws {
        try await Self.withServer { fixture, client in
            let document = try await Self.document(client)
            let base = document["servers"]?.array?.first?["url"]?.string ?? ""
            let id = try await Self.report(client, fixture, "citizen1", gridIndex: 60)
            let media = try await MediaHTTPTests.upload(client, fixture.tokens["admin"], MediaHTTPTests.jpeg).1["id"] as? String ?? ""
            for (path, item) in document["paths"]?.object ?? [:] {
                for (method, _) in item.object ?? [:] {
                    let uri = base + path.replacingOccurrences(of: "{code}", with: fixture.regionCode).replacingOccurrences(of: "{name}", with: "standard")
                        .replacingOccurrences(of: "{id}", with: path.hasPrefix("/media/") ? media : "\(id)")
                    try await client.execute(uri: uri, method: .init(method.uppercased())!, headers: S.headers(fixture.tokens["admin"]), body: ByteBuffer(string: "{}")) { r in
                        #expect(r.status != .methodNotAllowed, "\(method) \(uri)")
                        let code = S.errorOf(r.body).code
                        #expect(code != "no_route" && code != "no_route_policy", "\(method) \(uri): \(r.status) \(code)")
                    }
                }
            }
        }
    }

    /// Reports a case at the representative point of a grid; its id.
    static func report(_ client: some TestClientProtocol, _ fixture: Fixture, _ user: String, gridIndex: Int) async throws -> Int {
        let p = S.demo.city.grids[gridIndex].boundary.representativePoint
        let (status, body) = try await ClosedLoopHTTPTests.post(client, "/api/v1/cases", fixture.tokens[user],
                                                                "{\"category\":\"E0102\",\"description\":\"垃圾\",\"location\":{\"lon\":\(p.lon),\"lat\":\(p.lat)}}")
        #expect(status == .created)
        return body["id"] as? Int ?? 0
    }

    /// One request and the answer the document must describe.
    struct Exchange {
        var method: HTTPRequest.Method = .get
        /// The document's path (`/cases/{id}`), which names the operation.
        var operation: String
        /// The path and query sent, below `/api/v1`.
        var uri: String
        var user: String?
        var body: [UInt8]?
        var status: HTTPResponse.Status = .ok
        var contentType = "application/json"
    }

    /// Every exchange's status is documented for its operation and its body validates against the
    /// documented schema of that status and content type.
    static func check(_ exchanges: [Exchange], _ client: some TestClientProtocol, _ fixture: Fixture, _ validator: JSONSchemaSubset) async throws -> [String] {
        var problems: [String] = []
        for e in exchanges {
            var headers: HTTPFields = [.contentType: e.method == .post && e.operation == "/media" ? "image/jpeg" : "application/json"]
            if let user = e.user { headers[.authorization] = "Bearer \(fixture.tokens[user] ?? "none")" }
            let (status, type, data) = try await client.execute(uri: "/api/v1" + e.uri, method: e.method, headers: headers, body: e.body.map { ByteBuffer(bytes: $0) }) {
                ($0.status, $0.headers[.contentType] ?? "", Data(buffer: $0.body))
            }
            let name = "\(e.method) \(e.uri) as \(e.user ?? "nobody")"
            guard status == e.status else { problems.append("\(name): \(status), not \(e.status): \(String(decoding: data.prefix(300), as: UTF8.self))"); continue }
            let mediaType = String(type.split(separator: ";").first ?? "")
            guard mediaType == e.contentType else { problems.append("\(name): content type \(type), not \(e.contentType)"); continue }
            guard let op = validator.document["paths"]?[e.operation]?[e.method.rawValue.lowercased()] else { problems.append("\(name): no operation"); continue }
            var response = op["responses"]?["\(status.code)"]
            if let ref = response?["$ref"]?.string { response = validator.resolve(ref) }
            guard let response else { problems.append("\(name): status \(status.code) is not documented"); continue }
            guard let schema = response["content"]?[mediaType]?["schema"] else { problems.append("\(name): \(mediaType) is not documented for \(status.code)"); continue }
            guard mediaType.hasSuffix("json") else { continue }
            guard let value = try? JSONValue.parse(data) else { problems.append("\(name): not JSON"); continue }
            problems += validator.errors(value, schema).map { "\(name): \($0)" }
        }
        return problems
    }

    @Test func everyOperationsAnswersValidateAgainstTheDocument() async throws {
        try await Self.withServer { fixture, client in
            let validator = JSONSchemaSubset(document: try await Self.document(client))
            // A case reported, merged into by a duplicate, accepted; an upload; the inputs named by the answers.
            let id = try await Self.report(client, fixture, "citizen1", gridIndex: 60)
            let duplicate = try await Self.report(client, fixture, "citizen2", gridIndex: 60)
            _ = try await ClosedLoopHTTPTests.post(client, "/api/v1/cases/\(duplicate)/transitions", fixture.tokens["intake1"], "{\"action\":\"merge\",\"parent_case_id\":\(id)}")
            let media = try await MediaHTTPTests.upload(client, fixture.tokens["intake1"], MediaHTTPTests.jpeg).1["id"] as? String ?? ""
            let rules = try await client.execute(uri: "/api/v1/rules/basic", method: .get) { String(buffer: $0.body) }
            let posted = try JSONSerialization.data(withJSONObject: ["rules": rules, "subject": "district", "period": "2026-10"])
            let evaluation = try await client.execute(uri: "/api/v1/evaluation?period=2026-10&subject=district", method: .get, headers: S.headers(fixture.tokens["leader"])) {
                S.json($0.body)
            }
            let subject = ((evaluation["rows"] as? [[String: Any]])?.first?["code"] as? String) ?? ""
            let indicator = ((evaluation["indicators"] as? [[String: Any]])?.first?["id"] as? String) ?? ""
            let p = S.demo.city.grids[5].boundary.representativePoint
            let member = S.demo.users.first { $0.role == .departmentHandler && $0.organisationCode != nil }!
            let body = member.organisationCode!.rawValue
            let exchanges: [Exchange] = [
                Exchange(operation: "/city", uri: "/city"),
                Exchange(operation: "/regions", uri: "/regions?level=subdistrict"),
                Exchange(operation: "/regions/{code}", uri: "/regions/\(fixture.regionCode)"),
                Exchange(operation: "/regions/{code}", uri: "/regions/\(fixture.gridCode)"),
                Exchange(operation: "/grids", uri: "/grids?limit=3"),
                Exchange(operation: "/grids.geojson", uri: "/grids.geojson?region=\(fixture.regionCode)&limit=5", contentType: "application/geo+json"),
                Exchange(operation: "/geocode", uri: "/geocode?lon=\(p.lon)&lat=\(p.lat)"),
                Exchange(operation: "/catalogue", uri: "/catalogue"),
                Exchange(operation: "/workflow", uri: "/workflow"),
                Exchange(operation: "/rules", uri: "/rules"),
                Exchange(operation: "/rules/{name}", uri: "/rules/standard", contentType: "text/plain"),
                Exchange(operation: "/me", uri: "/me", user: "leader"),
                Exchange(operation: "/me/notifications", uri: "/me/notifications", user: "citizen1"),
                Exchange(operation: "/me/inbox", uri: "/me/inbox?limit=5", user: "leader"),
                Exchange(method: .post, operation: "/me/inbox/read", uri: "/me/inbox/read", user: "leader", body: Array("{\"ids\":[1,2]}".utf8)),
                Exchange(method: .post, operation: "/me/inbox/read-all", uri: "/me/inbox/read-all", user: "leader"),
                Exchange(operation: "/me/notice-preferences", uri: "/me/notice-preferences", user: "citizen1"),
                Exchange(method: .put, operation: "/me/notice-preferences", uri: "/me/notice-preferences", user: "citizen1",
                         body: Array("{\"preferences\":{\"case_closed\":[\"sms\"]}}".utf8)),
                Exchange(operation: "/organisations/{code}/inbox", uri: "/organisations/\(body)/inbox", user: member.username),
                Exchange(method: .post, operation: "/organisations/{code}/inbox/read", uri: "/organisations/\(body)/inbox/read", user: member.username,
                         body: Array("{\"ids\":[1]}".utf8)),
                Exchange(method: .post, operation: "/organisations/{code}/inbox/read-all", uri: "/organisations/\(body)/inbox/read-all", user: member.username),
                Exchange(operation: "/organisations/{code}/inbox", uri: "/organisations/\(body)/inbox", user: "citizen1", status: .forbidden),
                Exchange(method: .post, operation: "/cases", uri: "/cases", user: "intake1",
                         body: Array("{\"category\":\"E0102\",\"lon\":\(p.lon),\"lat\":\(p.lat)}".utf8), status: .created),
                Exchange(operation: "/cases", uri: "/cases?limit=20", user: "leader"),
                Exchange(operation: "/cases/{id}", uri: "/cases/\(id)", user: "intake1"),
                Exchange(operation: "/cases/{id}/events", uri: "/cases/\(id)/events", user: "citizen1"),
                Exchange(operation: "/cases/{id}/duplicates", uri: "/cases/\(id)/duplicates", user: "leader"),
                Exchange(method: .post, operation: "/cases/{id}/transitions", uri: "/cases/\(id)/transitions", user: "intake1",
                         body: Array("{\"action\":\"accept\",\"attachments\":[\"media:\(media)\"]}".utf8)),
                Exchange(method: .post, operation: "/media", uri: "/media", user: "intake1", body: MediaHTTPTests.jpeg, status: .created),
                Exchange(operation: "/media/{id}", uri: "/media/\(media)", user: "intake1", contentType: "image/jpeg"),
                Exchange(operation: "/evaluation", uri: "/evaluation?period=2026-10&subject=department", user: "leader"),
                Exchange(operation: "/evaluation", uri: "/evaluation?period=2026-10&subject=district&format=csv", user: "leader", contentType: "text/csv"),
                Exchange(method: .post, operation: "/evaluation", uri: "/evaluation", user: "leader", body: Array(posted)),
                Exchange(operation: "/evaluation/explain", uri: "/evaluation/explain?period=2026-10&subject=district&code=\(subject)&indicator=\(indicator)", user: "leader"),
                Exchange(operation: "/analytics/hotspots", uri: "/analytics/hotspots?period=2026-10", user: "leader"),
                Exchange(operation: "/analytics/hotspots", uri: "/analytics/hotspots?period=2026-10&format=geojson", user: "leader", contentType: "application/geo+json"),
                Exchange(operation: "/analytics/hotspots", uri: "/analytics/hotspots?period=2026-10&format=csv", user: "leader", contentType: "text/csv"),
                Exchange(operation: "/analytics/trends", uri: "/analytics/trends?period=2026-10", user: "leader"),
                Exchange(operation: "/analytics/recurring", uri: "/analytics/recurring?month=2026-11&months=2", user: "leader"),
                Exchange(operation: "/analytics/time-to-close", uri: "/analytics/time-to-close?period=2026-10", user: "leader"),
                Exchange(operation: "/openapi.json", uri: "/openapi.json"),
                Exchange(operation: "/docs", uri: "/docs", contentType: "text/html"),
                // Each error status, in the error shape.
                Exchange(operation: "/geocode", uri: "/geocode?lon=10&lat=10", status: .badRequest),
                Exchange(operation: "/cases", uri: "/cases", status: .unauthorized),
                Exchange(operation: "/evaluation", uri: "/evaluation?period=2026-10", user: "citizen1", status: .forbidden),
                Exchange(operation: "/cases/{id}", uri: "/cases/99999999", user: "leader", status: .notFound),
                Exchange(method: .post, operation: "/cases/{id}/transitions", uri: "/cases/\(id)/transitions", user: "shiftleader1",
                         body: Array("{\"action\":\"close\"}".utf8), status: .conflict),
                Exchange(method: .post, operation: "/cases", uri: "/cases", user: "intake1",
                         body: Array("{\"description\":\"\(String(repeating: "x", count: 70_000))\"}".utf8), status: .contentTooLarge),
                // The quota holds two photos a day: this third one is refused.
                Exchange(method: .post, operation: "/media", uri: "/media", user: "intake1", body: MediaHTTPTests.jpeg, status: .tooManyRequests),
            ]
            let problems = try await Self.check(exchanges, client, fixture, validator)
            #expect(problems.isEmpty, "\(problems.count) problems:\n\(problems.prefix(40).joined(separator: "\n"))")
        }
    }

    /// The check can fail: a real case answer against the document with one of its properties
    /// removed (the case has it, the document no longer allows it), or with a required one the
    /// case lacks, is refused; and the validator's keywords each refuse what they should.
    @Test func theValidationFailsWhenTheDocumentAndTheAnswerDisagree() async throws {
        try await Self.withServer { fixture, client in
            let document = try await Self.document(client)
            let id = try await Self.report(client, fixture, "citizen1", gridIndex: 61)
            let answer = try await client.execute(uri: "/api/v1/cases/\(id)", method: .get, headers: S.headers(fixture.tokens["intake1"])) {
                try JSONValue.parse(Data(buffer: $0.body))
            }
            let caseSchema = JSONValue.object(["$ref": .string("#/components/schemas/Case")])
            #expect(JSONSchemaSubset(document: document).errors(answer, caseSchema).isEmpty)
            func edited(_ change: (inout [String: JSONValue]) -> Void) -> JSONValue {
                guard case .object(var root) = document, case .object(var components)? = root["components"],
                      case .object(var schemas)? = components["schemas"], case .object(var caseObject)? = schemas["Case"] else { return document }
                change(&caseObject)
                schemas["Case"] = .object(caseObject); components["schemas"] = .object(schemas); root["components"] = .object(components)
                return .object(root)
            }
            let withoutNumber = edited { c in
                if case .object(var properties)? = c["properties"] { properties["number"] = nil; c["properties"] = .object(properties) }
                c["required"] = .array((c["required"]?.array ?? []).filter { $0 != .string("number") })
            }
            #expect(JSONSchemaSubset(document: withoutNumber).errors(answer, caseSchema) == ["$: the property number is not documented"])
            let requiringMore = edited { c in c["required"] = .array((c["required"]?.array ?? []) + [.string("closed_at")]) }
            #expect(JSONSchemaSubset(document: requiringMore).errors(answer, caseSchema) == ["$: the required property closed_at is missing"])
            let v = JSONSchemaSubset(document: document)
            func schema(_ json: String) -> JSONValue { try! JSONValue.parse(Data(json.utf8)) }
            #expect(!v.errors(.string("1"), schema(#"{"type": "integer"}"#)).isEmpty)
            #expect(!v.errors(.number(1.5), schema(#"{"type": "integer"}"#)).isEmpty)
            #expect(v.errors(.null, schema(#"{"type": ["string", "null"]}"#)).isEmpty)
            #expect(!v.errors(.null, schema(#"{"type": "string"}"#)).isEmpty)
            #expect(!v.errors(.string("lost"), schema(#"{"enum": ["green", "red"]}"#)).isEmpty)
            #expect(!v.errors(.array([.int(1), .string("x")]), schema(#"{"type": "array", "items": {"type": "integer"}}"#)).isEmpty)
            #expect(!v.errors(.object(["zh": .string("a")]), schema(##"{"$ref": "#/components/schemas/LocalizedText"}"##)).isEmpty)
            #expect(!v.errors(.int(7), schema(#"{"type": "integer", "maximum": 5}"#)).isEmpty)
            #expect(!v.errors(.string("2026-11-01"), schema(#"{"type": "string", "format": "date-time"}"#)).isEmpty)
            #expect(!v.errors(.string("x"), schema(#"{"type": "string", "contains": 1}"#)).isEmpty, "an unknown keyword is refused")
        }
    }

    @Test func theDocsPageListsEveryOperationEscaped() async throws {
        try await S.withServer { _, client in
            let document = try await Self.document(client)
            try await client.execute(uri: "/api/v1/docs", method: .get) { r in
                #expect(r.status == .ok && r.headers[.contentType] == "text/html; charset=utf-8")
                let html = String(buffer: r.body)
                #expect(!html.contains("<script"))
                #expect(html.contains("参数 Parameters") && html.contains("响应 Responses") && html.contains("请求体 Request body"))
                for (path, item) in document["paths"]?.object ?? [:] {
                    for (method, op) in item.object ?? [:] {
                        #expect(html.contains("<code>\(method.uppercased()) /api/v1\(path)</code>"), "\(method) \(path)")
                        // Every summary is shown, HTML-escaped like every value.
                        let summary = op["summary"]?.string ?? "?"
                        #expect(html.contains(Self.escaped(summary)), "\(summary)")
                    }
                }
            }
        }
    }

    /// `text` as Mustache escapes it in HTML.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }

    /// Every value of the page is escaped: a document whose texts hold markup shows it as text.
    @Test func theDocsPageEscapesEveryValue() throws {
        let hostile = #"""
        {"openapi": "3.1.0", "info": {"title": "<b>t</b>", "version": "1\"", "description": "<script>alert(1)</script>"},
         "servers": [{"url": "/api/v1"}],
         "paths": {"/x/{id}": {"get": {"operationId": "a\" onmouseover=\"x", "summary": "<img src=x>", "description": "&amp;", "x-access": "open",
           "parameters": [{"name": "<pre>", "in": "query", "schema": {"type": "string", "pattern": "^<a>$"}, "description": "<i>"}],
           "responses": {"200": {"description": "<em>ok</em>", "content": {"application/json": {"schema": {"enum": ["<u>"]}}}}}}}},
         "components": {"schemas": {"<s>": {"type": "object", "description": "<del>", "properties": {"<q>": {"type": "string"}}}}}}
        """#
        let page = try APIDocsController(data: Data(hostile.utf8), renderer: PageRenderer.shipped()).page
        for markup in ["<b>", "<script>", "<img", "<pre>", "<a>", "<i>", "<em>", "<u>", "<s>", "<del>", "<q>", "\" onmouseover"] {
            #expect(!page.contains(markup), "\(markup) is escaped")
        }
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && page.contains("&amp;amp;"))
    }
}
