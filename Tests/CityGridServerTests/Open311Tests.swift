import CityGridApplication
import CityGridCore
import CityGridServer
import CityGridService
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Testing

/// Open311 GeoReport v2 through the in-process client: discovery, services and definitions,
/// a POST with an API key (refused without one, never doubled by a retry with its key), reading it
/// back in JSON and XML with every field present and no personal data, and the standard's errors.
@Suite struct Open311Tests {
    typealias S = ServerTests
    static let fields = ["service_request_id", "status", "status_notes", "service_name", "service_code", "description", "agency_responsible",
                         "service_notice", "requested_datetime", "updated_datetime", "expected_datetime", "address", "address_id", "zipcode",
                         "lat", "long", "media_url"]

    static func form(_ pairs: [(String, String)]) -> ByteBuffer {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._*")
        return ByteBuffer(string: pairs.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
            .joined(separator: "&"))
    }

    static let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    @Test func discoveryServicesAndDefinitionsInBothFormats() async throws {
        try await S.withServer { _, client in
            try await client.execute(uri: "/open311/v2/discovery.json", method: .get) { r in
                #expect(r.status == .ok && r.headers[.contentType] == "application/json")
                let endpoints = S.json(r.body)["endpoints"] as? [[String: Any]] ?? []
                #expect(Set(endpoints.compactMap { $0["type"] as? String }) == ["production", "test"])
            }
            try await client.execute(uri: "/open311/v2/services.json?locale=en", method: .get) { r in
                let services = S.array(r.body)
                #expect(services.count == S.demo.city.catalogue.entries.count)
                let cover = try #require(services.first { $0["service_code"] as? String == "C0101" })
                #expect(cover["metadata"] as? Bool == true && cover["group"] as? String == "Public utilities" && cover["type"] as? String == "realtime")
                #expect((cover["keywords"] as? String)?.contains("manhole") == true)
            }
            try await client.execute(uri: "/open311/v2/services/C0101.xml", method: .get) { r in
                let text = String(buffer: r.body)
                #expect(r.headers[.contentType] == "text/xml")
                #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"utf-8\"?><service_definition><service_code>C0101</service_code><attributes><attribute>"))
                #expect(text.contains("<code>cover_state</code><datatype>singlevaluelist</datatype><required>true</required>"))
            }
            try await client.execute(uri: "/open311/v2/services/E9999.json", method: .get) { r in
                #expect(r.status == .notFound)
                #expect(S.array(r.body).first?["code"] as? String == "404")
            }
        }
    }

    @Test func aPostWithAKeyIsAnOrdinaryCaseReadBackWithoutPersonalData() async throws {
        try await S.withServer { context, client in
            let (_, key) = try await context.service.createApiKey(name: "hotline-12345", channel: .hotline)
            let point = S.demo.city.grids[10].boundary.representativePoint
            var pairs: [(String, String)] = [("service_code", "C0101"), ("lat", "\(point.lat)"), ("long", "\(point.lon)"),
                                             ("description", "井盖丢失 secret-description"), ("attribute[cover_state]", "missing"),
                                             ("first_name", "Mei"), ("last_name", "Li"), ("phone", "13812345678"), ("email", "mei@example.org")]
            // Without a key: 403 in the standard's shape, nothing stored.
            let before = try await context.service.store.caseCount()
            try await client.execute(uri: "/open311/v2/requests.json", method: .post, headers: Self.formHeaders, body: Self.form(pairs)) { r in
                #expect(r.status == .forbidden)
                #expect(S.array(r.body).first?["description"] as? String != nil)
            }
            #expect(try await context.service.store.caseCount() == before)
            // A required answer missing: 400 naming it.
            try await client.execute(uri: "/open311/v2/requests.json", method: .post, headers: Self.formHeaders,
                                     body: Self.form(pairs.filter { $0.0 != "attribute[cover_state]" } + [("api_key", key)])) { r in
                #expect(r.status == .badRequest)
                #expect((S.array(r.body).first?["description"] as? String)?.hasPrefix("attribute[cover_state]") == true)
            }
            pairs.append(("api_key", key))
            var headers = Self.formHeaders
            headers[HTTPField.Name("Idempotency-Key")!] = "retry-1"
            var id = ""
            for _ in 0..<2 {
                try await client.execute(uri: "/open311/v2/requests.json", method: .post, headers: headers, body: Self.form(pairs)) { r in
                    #expect(r.status == .ok)
                    let answer = try #require(S.array(r.body).first)
                    let got = try #require(answer["service_request_id"] as? String)
                    #expect(id.isEmpty || got == id, "a retry with its key answers the same case")
                    id = got
                }
            }
            #expect(try await context.service.store.caseCount() == before + 1)
            let value = try await context.service.caseByID(CaseID(Int64(id)!))
            #expect(value.source == .hotline && value.state == .reported)
            let origin = try await context.service.store.origin(ofCase: value.id)
            #expect(origin?.client == "hotline-12345" && origin?.contact?.phone == "13812345678" && origin?.requestKey == "retry-1")
            for uri in ["/open311/v2/requests/\(id).json?extensions=true", "/open311/v2/requests.json?service_request_id=\(id)",
                        "/open311/v2/requests.json?service_code=C0101&status=open&extensions=true"] {
                try await client.execute(uri: uri, method: .get) { r in
                    let text = String(buffer: r.body)
                    let request = try #require(S.array(r.body).first { $0["service_request_id"] as? String == id }, "\(uri)")
                    for field in Self.fields { #expect(request.keys.contains(field), "\(uri): \(field)") }
                    #expect(request["status"] as? String == "open" && request["description"] is NSNull)
                    for secret in ["13812345678", "mei@example.org", "Mei", "secret-description"] { #expect(!text.contains(secret), "\(uri) shows \(secret)") }
                }
            }
            try await client.execute(uri: "/open311/v2/requests/\(id).xml", method: .get) { r in
                let text = String(buffer: r.body)
                #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"utf-8\"?><service_requests><request><service_request_id>\(id)</service_request_id><status>open</status>"))
                #expect(text.contains("<zipcode/>") && !text.contains("13812345678"))
            }
            try await client.execute(uri: "/open311/v2/tokens/\(value.number).json", method: .get) { r in
                #expect(S.array(r.body).first?["service_request_id"] as? String == id)
            }
            // A service request update: for staff in the log, for the public only that it came.
            try await client.execute(uri: "/open311/v2/servicerequestupdates.json", method: .post, headers: Self.formHeaders,
                                     body: Self.form([("api_key", key), ("service_request_id", id), ("status", "OPEN"),
                                                      ("description", "still-missing-secret")])) { r in
                #expect(r.status == .ok)
                #expect(S.array(r.body).first?["update_id"] as? String == "\(id)-2")
            }
            let events = try await context.service.store.events(caseID: value.id)
            #expect(events.last?.action == .publicUpdate && events.last?.note == "[hotline-12345 · OPEN] still-missing-secret")
            try await client.execute(uri: "/open311/v2/servicerequestupdates.json", method: .get) { r in
                let updates = S.array(r.body).filter { $0["service_request_id"] as? String == id }
                #expect(updates.map { $0["extended_status"] as? String } == ["received", "update"])
                #expect(!String(buffer: r.body).contains("still-missing-secret"))
            }
            try await client.execute(uri: "/open311/v2/servicerequestupdates.xml", method: .post, headers: Self.formHeaders,
                                     body: Self.form([("api_key", key), ("service_request_id", "999999"), ("description", "x")])) { r in
                #expect(r.status == .notFound)
                #expect(String(buffer: r.body).hasPrefix("<?xml version=\"1.0\" encoding=\"utf-8\"?><errors><error><code>404</code>"))
            }
        }
    }

    @Test(arguments: [
        ("/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z", "end_date"),
        ("/open311/v2/requests.json?start_date=yesterday", "start_date"),
        ("/open311/v2/requests.json?status=pending", "status"),
        ("/open311/v2/requests.json?page_size=501", "page_size"),
        ("/open311/v2/requests.json?service_code=X1", "service_code"),
        ("/open311/v2/services.json?lat=91&long=116", "lat"),
    ])
    func badFiltersAre400NamingTheParameter(uri: String, field: String) async throws {
        try await S.withServer { _, client in
            try await client.execute(uri: uri, method: .get) { r in
                #expect(r.status == .badRequest, "\(uri)")
                #expect((S.array(r.body).first?["description"] as? String)?.hasPrefix(field) == true, "\(uri): \(String(buffer: r.body))")
            }
        }
    }

    @Test func anUnknownJurisdictionIs404AndAFractionalOffsetDateIsRead() async throws {
        try await S.withServer { _, client in
            try await client.execute(uri: "/open311/v2/services.json?jurisdiction_id=elsewhere", method: .get) { r in #expect(r.status == .notFound) }
            try await client.execute(uri: "/open311/v2/requests.xml?start_date=2026-11-01T23:59:59.999999-06:00&jurisdiction_id=", method: .get) { r in
                #expect(r.status == .ok)
                #expect(String(buffer: r.body).hasPrefix("<?xml version=\"1.0\" encoding=\"utf-8\"?><service_requests>"))
            }
        }
    }
}
