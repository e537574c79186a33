import CityGridApplication
import CityGridCore
import CityGridServer
import CityGridService
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Bad input everywhere on `/api/v1` (坏输入): wrong types, missing fields, unknown codes, coordinates
/// out of range or out of the city, malformed dates, broken UTF-8, deep nesting, injection strings and
/// oversized bodies. Each is a 4xx in the API's error shape naming the field (or `body`), never a 500,
/// and nothing of a refused request is stored.
@Suite struct BadInputHTTPTests {
    typealias S = ServerTests

    struct Case: CustomStringConvertible {
        var kind: String
        var method: HTTPRequest.Method = .get
        var uri: String
        var user: String? = "leader"
        var body: [UInt8]?
        var headers: HTTPFields = [:]
        var status: HTTPResponse.Status = .badRequest
        var code: String = "invalid_field"
        var field: String?

        var description: String { "\(kind): \(method) \(uri.prefix(120))" }
    }

    static func json(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// A point inside the small demo city.
    static let inside = S.demo.city.grids[3].boundary.representativePoint

    static func cases(caseID: Int) -> [Case] {
        let at = "\"lon\":\(inside.lon),\"lat\":\(inside.lat)"
        let step = "/api/v1/cases/\(caseID)/transitions"
        var list: [Case] = [
            // Wrong types, in the body and in the query.
            Case(kind: "type", method: .post, uri: "/api/v1/cases", user: "intake1", body: json("{\"category\":5,\(at)}"), code: "invalid_json", field: "category"),
            Case(kind: "type", method: .post, uri: "/api/v1/cases", user: "intake1", body: json("{\"category\":\"E0102\",\"location\":\"here\"}"), code: "invalid_json", field: "location"),
            Case(kind: "type", method: .post, uri: "/api/v1/cases", user: "intake1", body: json("{\"category\":\"E0102\",\"location\":{\"lon\":\"east\",\"lat\":1}}"), code: "invalid_json", field: "location.lon"),
            Case(kind: "type", method: .post, uri: "/api/v1/cases", user: "intake1", body: json("[\"E0102\"]"), code: "invalid_json", field: "body"),
            Case(kind: "type", method: .post, uri: "/api/v1/cases", user: "intake1", body: json("\"E0102\""), code: "invalid_json", field: "body"),
            Case(kind: "type", method: .post, uri: step, user: "intake1", body: json("{\"action\":[\"accept\"]}"), code: "invalid_json", field: "action"),
            Case(kind: "type", method: .post, uri: step, user: "intake1", body: json("{\"action\":\"accept\",\"hours\":\"two\"}"), code: "invalid_json", field: "hours"),
            Case(kind: "type", method: .post, uri: step, user: "intake1", body: json("{\"action\":\"accept\",\"attachments\":\"media:x\"}"), code: "invalid_json", field: "attachments"),
            Case(kind: "type", method: .post, uri: step, user: "intake1", body: json("{\"action\":\"accept\",\"expected_version\":1.5}"), code: "invalid_json", field: "expected_version"),
            Case(kind: "type", method: .post, uri: "/api/v1/evaluation", body: json("{\"rules\":1,\"period\":\"2026-10\"}"), code: "invalid_json", field: "rules"),
            Case(kind: "type", uri: "/api/v1/cases?limit=abc", field: "limit"),
            Case(kind: "type", uri: "/api/v1/cases?before=x", field: "before"),
            Case(kind: "type", uri: "/api/v1/geocode?lon=abc&lat=39.9", user: nil, field: "lon"),
            Case(kind: "type", uri: "/api/v1/grids?limit=1.5", user: nil, field: "limit"),
            Case(kind: "type", uri: "/api/v1/me/notifications?limit=ten", field: "limit"),
            Case(kind: "type", uri: "/api/v1/analytics/recurring?month=2026-10&months=x", field: "months"),
            Case(kind: "type", uri: "/api/v1/cases/abc", field: "id"),
            Case(kind: "type", uri: "/api/v1/cases/-3/events", field: "id"),
            // Missing fields and bodies.
            Case(kind: "missing", method: .post, uri: "/api/v1/cases", user: "intake1", body: json("{}"), field: "category"),
            Case(kind: "missing", method: .post, uri: "/api/v1/cases", user: "intake1", body: json("{\"category\":\"E0102\"}"), field: "location"),
            Case(kind: "missing", method: .post, uri: "/api/v1/cases", user: "intake1", body: json("{\"category\":\"E0102\",\"location\":{\"lon\":116.4}}"), code: "invalid_json", field: "location.lat"),
            Case(kind: "missing", method: .post, uri: "/api/v1/cases", user: "intake1", body: [], code: "missing_body", field: "body"),
            Case(kind: "missing", method: .post, uri: step, user: "intake1", body: json("{}"), field: "action"),
            Case(kind: "missing", method: .post, uri: "/api/v1/evaluation", body: json("{\"period\":\"2026-10\"}"), code: "invalid_json", field: "rules"),
            Case(kind: "missing", uri: "/api/v1/geocode?lat=39.9", user: nil, field: "lon"),
            Case(kind: "missing", uri: "/api/v1/evaluation", field: "period"),
            Case(kind: "missing", uri: "/api/v1/evaluation/explain?period=2026-10&subject=district", field: "code"),
            Case(kind: "missing", uri: "/api/v1/analytics/trends", field: "period"),
            Case(kind: "missing", method: .post, uri: "/api/v1/media", user: "intake1", body: [], headers: [.contentType: "image/jpeg"], code: "empty_media", field: "body"),
            // Unknown codes and names.
            Case(kind: "unknown", method: .post, uri: "/api/v1/cases", user: "intake1", body: json("{\"category\":\"E9999\",\(at)}"), code: "unknown_category", field: "category"),
            Case(kind: "unknown", method: .post, uri: "/api/v1/cases", user: "intake1", body: json("{\"category\":\"X0102\",\(at)}"), field: "category"),
            Case(kind: "unknown", method: .post, uri: "/api/v1/cases", user: "intake1", body: json("{\"category\":\"E0102\",\"source\":\"pigeon\",\(at)}"), field: "source"),
            Case(kind: "unknown", method: .post, uri: step, user: "intake1", body: json("{\"action\":\"fly\"}"), field: "action"),
            Case(kind: "unknown", method: .post, uri: step, user: "intake1", body: json("{\"action\":\"visit\",\"satisfaction\":\"meh\"}"), field: "satisfaction"),
            Case(kind: "unknown", uri: "/api/v1/cases?state=lost", field: "state"),
            Case(kind: "unknown", uri: "/api/v1/cases?alert=loud", field: "alert"),
            Case(kind: "unknown", uri: "/api/v1/regions?level=planet", user: nil, field: "level"),
            Case(kind: "unknown", uri: "/api/v1/regions/910199", user: nil, status: .notFound, code: "not_found", field: "code"),
            Case(kind: "unknown", uri: "/api/v1/rules/nope", user: nil, status: .notFound, code: "not_found", field: "name"),
            Case(kind: "unknown", uri: "/api/v1/evaluation?period=2026-10&subject=planet", field: "subject"),
            Case(kind: "unknown", uri: "/api/v1/evaluation?period=2026-10&rules=mine", field: "rules"),
            Case(kind: "unknown", uri: "/api/v1/evaluation?period=2026-10&format=xml", field: "format"),
            Case(kind: "unknown", uri: "/api/v1/analytics/hotspots?period=2026-10&format=xml", field: "format"),
            Case(kind: "unknown", uri: "/api/v1/analytics/trends?period=2026-10&category=Q1", field: "category"),
            Case(kind: "unknown", uri: "/api/v1/cases/99999999", status: .notFound, code: "not_found", field: "id"),
            Case(kind: "unknown", uri: "/api/v1/media/nope", status: .notFound, code: "not_found", field: "id"),
            // Coordinates out of range or out of the city, and numbers out of range.
            Case(kind: "range", method: .post, uri: "/api/v1/cases", user: "intake1", body: json("{\"category\":\"E0102\",\"lon\":200,\"lat\":0}"), code: "invalid_location", field: "location"),
            Case(kind: "range", method: .post, uri: "/api/v1/cases", user: "intake1", body: json("{\"category\":\"E0102\",\"lon\":0,\"lat\":0}"), code: "outside_city", field: "location"),
            // A number beyond a double's range makes the whole text unreadable as JSON.
            Case(kind: "range", method: .post, uri: "/api/v1/cases", user: "intake1", body: json("{\"category\":\"E0102\",\"lon\":1e400,\"lat\":0}"), code: "invalid_json", field: "body"),
            Case(kind: "range", method: .post, uri: step, user: "intake1", body: json("{\"action\":\"accept\",\"rating\":99999999999999999999}"), code: "invalid_json", field: "rating"),
            Case(kind: "range", uri: "/api/v1/geocode?lon=116.4&lat=91", user: nil, code: "invalid_location", field: "location"),
            Case(kind: "range", uri: "/api/v1/geocode?lon=10&lat=10", user: nil, code: "outside_city", field: "location"),
            Case(kind: "range", uri: "/api/v1/geocode?lon=1e400&lat=10", user: nil, field: "lon"),
            Case(kind: "range", uri: "/api/v1/geocode?lon=nan&lat=10", user: nil, field: "lon"),
            Case(kind: "range", uri: "/api/v1/cases?limit=1001", field: "limit"),
            Case(kind: "range", uri: "/api/v1/cases?limit=99999999999999999999999", field: "limit"),
            Case(kind: "range", uri: "/api/v1/cases?before=0", field: "before"),
            Case(kind: "range", uri: "/api/v1/me/notifications?limit=0", field: "limit"),
            Case(kind: "range", uri: "/api/v1/analytics/recurring?month=2026-10&months=1", field: "months"),
            Case(kind: "range", uri: "/api/v1/analytics/recurring?month=2026-10&top=101", field: "top"),
            Case(kind: "range", uri: "/api/v1/cases/99999999999999999999", field: "id"),
            // Malformed dates and periods.
            Case(kind: "date", uri: "/api/v1/cases?from=yesterday", field: "from"),
            Case(kind: "date", uri: "/api/v1/cases?to=2026-02-30T00:00:00Z", field: "to"),
            Case(kind: "date", uri: "/api/v1/cases?from=2026-11-01T00:00:00", field: "from"),
            Case(kind: "date", uri: "/api/v1/evaluation?period=2026-13", field: "period"),
            Case(kind: "date", uri: "/api/v1/evaluation?period=2026-10-05..2026-10-01", field: "period"),
            Case(kind: "date", uri: "/api/v1/analytics/hotspots?period=1999-01", field: "period"),
            Case(kind: "date", uri: "/api/v1/analytics/recurring?month=2026-Q3", field: "month"),
            // Broken UTF-8: in a body, in a query, in a path.
            Case(kind: "utf8", method: .post, uri: "/api/v1/cases", user: "intake1", body: json("{\"category\":\"E0102\",\"description\":\"") + [0xFF, 0xFE, 0xC3] + json("\",\(at)}"), code: "invalid_json", field: "body"),
            Case(kind: "utf8", method: .post, uri: step, user: "intake1", body: [0xC0, 0xAF, 0x7B, 0x7D], code: "invalid_json", field: "body"),
            Case(kind: "utf8", uri: "/api/v1/cases?state=%FF%FE", field: "state"),
            Case(kind: "utf8", uri: "/api/v1/regions?parent=%C3", user: nil, field: "parent"),
            Case(kind: "utf8", uri: "/api/v1/cases/%FF", field: "id"),
            Case(kind: "utf8", uri: "/api/v1/regions/%FF%FE", user: nil, field: "code"),
            // Deep nesting.
            Case(kind: "nesting", method: .post, uri: "/api/v1/cases", user: "intake1", body: Array(repeating: UInt8(ascii: "["), count: 10_000), code: "invalid_json", field: "body"),
            Case(kind: "nesting", method: .post, uri: step, user: "intake1",
                 body: json(String(repeating: "{\"a\":", count: 10_000) + "1" + String(repeating: "}", count: 10_000)), code: "invalid_json", field: "body"),
            Case(kind: "nesting", method: .post, uri: "/api/v1/evaluation",
                 body: json("{\"rules\":\"x\",\"period\":\"2026-10\",\"extra\":" + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "}"),
                 code: "invalid_json", field: "body"),
            // Injection strings where a code is expected, and control characters in free text.
            Case(kind: "injection", method: .post, uri: "/api/v1/cases", user: "intake1", body: json("{\"category\":\"E0102' OR '1'='1\",\(at)}"), field: "category"),
            Case(kind: "injection", method: .post, uri: "/api/v1/cases", user: "intake1", body: json("{\"category\":\"E0102\",\"description\":\"a\\u0000b\",\(at)}"), field: "description"),
            Case(kind: "injection", method: .post, uri: step, user: "intake1", body: json("{\"action\":\"accept; DROP TABLE cases;--\"}"), field: "action"),
            Case(kind: "injection", uri: "/api/v1/cases?state=closed'%20OR%20'1'%3D'1", field: "state"),
            Case(kind: "injection", uri: "/api/v1/cases?region=910101%20OR%201%3D1", field: "region"),
            Case(kind: "injection", uri: "/api/v1/cases?category=E01%25", field: "category"),
            Case(kind: "injection", uri: "/api/v1/regions/..%2F..%2Fetc%2Fpasswd", user: nil, field: "code"),
            Case(kind: "injection", uri: "/api/v1/rules/..%2F..%2Fetc%2Fpasswd", user: nil, status: .notFound, code: "not_found", field: "name"),
            Case(kind: "injection", uri: "/api/v1/media/..%2F..%2Fetc%2Fpasswd", status: .notFound, code: "not_found", field: "id"),
            Case(kind: "injection", uri: "/api/v1/evaluation?period=2026-10&subject=district%3Bselect", field: "subject"),
            // Oversized bodies, sent whole or announced by Content-Length.
            Case(kind: "size", method: .post, uri: "/api/v1/cases", user: "intake1", body: json("{\"category\":\"E0102\",\"description\":\"\(String(repeating: "长", count: 30_000))\",\(at)}"),
                 status: .contentTooLarge, code: "body_too_large", field: "body"),
            Case(kind: "size", method: .post, uri: step, user: "intake1", body: json("{\"action\":\"accept\",\"note\":\"\(String(repeating: "x", count: 70_000))\"}"),
                 status: .contentTooLarge, code: "body_too_large", field: "body"),
            Case(kind: "size", method: .post, uri: "/api/v1/evaluation", body: json("{\"period\":\"2026-10\",\"rules\":\"\(String(repeating: "#", count: 1 << 20))\"}"),
                 status: .contentTooLarge, code: "body_too_large", field: "body"),
            Case(kind: "size", method: .post, uri: "/api/v1/media", user: "intake1", body: MediaHTTPTests.jpeg + [UInt8](repeating: 0, count: 10 << 20),
                 headers: [.contentType: "image/jpeg"], status: .contentTooLarge, code: "body_too_large", field: "body"),
        ]
        // A posted rule file above 256 KB fits the body but not the rules' own limit: 413 on `rules`.
        list.append(Case(kind: "size", method: .post, uri: "/api/v1/evaluation",
                         body: json("{\"period\":\"2026-10\",\"rules\":\"\(String(repeating: "#", count: 300_000))\"}"), status: .contentTooLarge, code: "too_large", field: "rules"))
        return list
    }

    @Test func everyKindOfBadInputIsA4xxNamingItsFieldAndStoresNothing() async throws {
        try await S.withServer { ctx, client in
            let (status, body) = try await ClosedLoopHTTPTests.post(client, "/api/v1/cases", ctx.tokens["citizen1"],
                                                                    "{\"category\":\"E0102\",\"lon\":\(Self.inside.lon),\"lat\":\(Self.inside.lat)}")
            #expect(status == .created)
            let id = body["id"] as? Int ?? 0
            let before = try await ctx.service.store.caseCount()
            let version = body["version"] as? Int
            let cases = Self.cases(caseID: id)
            for kind in ["type", "missing", "unknown", "range", "date", "utf8", "nesting", "injection", "size"] {
                #expect(cases.contains { $0.kind == kind }, "\(kind) is exercised")
            }
            for c in cases {
                var headers = c.headers
                if headers[.contentType] == nil { headers[.contentType] = "application/json" }
                if let user = c.user { headers[.authorization] = "Bearer \(ctx.tokens[user]!)" }
                try await client.execute(uri: c.uri, method: c.method, headers: headers, body: c.body.map { ByteBuffer(bytes: $0) }) { r in
                    let error = S.errorOf(r.body)
                    #expect(r.status == c.status && error.code == c.code && error.field == c.field,
                            "\(c): \(r.status) \(error.code) \(error.field ?? "-"), not \(c.status) \(c.code) \(c.field ?? "-")")
                    #expect(r.headers[.contentType] == "application/json; charset=utf-8", "\(c)")
                }
            }
            // Nothing of a refused request was stored: no new case, the case untouched, no upload.
            #expect(try await ctx.service.store.caseCount() == before)
            try await client.execute(uri: "/api/v1/cases/\(id)", method: .get, headers: S.headers(ctx.tokens["intake1"])) { r in
                #expect(S.json(r.body)["version"] as? Int == version && S.json(r.body)["state"] as? String == "reported")
            }
            let stored = try FileManager.default.subpathsOfDirectory(atPath: ctx.folder).filter { $0.hasSuffix(".jpg") }
            #expect(stored.isEmpty, "\(stored)")
        }
    }

    /// A served path asked with a method it is not served with is a 405 naming the methods it is
    /// (`Allow`), in the error shape; a path that is not served at all stays a 404.
    @Test func aMethodNotServedAtAServedPathIs405() async throws {
        try await S.withServer { ctx, client in
            for (method, uri, allow) in [(HTTPRequest.Method.trace, "/api/v1/city", "GET, HEAD"), (.put, "/api/v1/cases", "GET, HEAD, POST"),
                                         (.delete, "/api/v1/cases/1", "GET, HEAD"), (.patch, "/api/v1/regions/910101", "GET, HEAD"),
                                         (.delete, "/assets/css/citygrid.css", "GET, HEAD")] {
                try await client.execute(uri: uri, method: method, headers: S.headers(ctx.tokens["leader"])) { r in
                    #expect(r.status == .methodNotAllowed && r.headers.first(where: { $0.name.canonicalName == "allow" })?.value == allow, "\(method) \(uri): \(r.status)")
                    #expect(S.errorOf(r.body) == ("method_not_allowed", "method"), "\(method) \(uri)")
                }
            }
            try await client.execute(uri: "/api/v1/nowhere", method: .trace) { r in
                #expect(r.status == .notFound && S.errorOf(r.body).code == "no_route")
            }
        }
    }
}
