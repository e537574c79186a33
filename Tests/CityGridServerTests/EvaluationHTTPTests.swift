import CityGridAnalytics
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

/// Evaluation and analytics over HTTP, on a small demo city with simulated cases.
@Suite struct EvaluationHTTPTests {
    typealias S = ServerTests
    static let end = ISOTime.parse("2026-11-01T00:00:00Z")!

    static func withServer(_ body: @Sendable ([String: String], any TestClientProtocol) async throws -> Void) async throws {
        let folder = NSTemporaryDirectory() + "citygrid-eval-http-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try SQLiteCityStore(path: folder + "/c.sqlite")
        try await store.replaceCity(S.demo.city, users: S.demo.users, components: [])
        let service = try await CityService.open(store)
        _ = try await CaseSimulator(service: service, users: S.demo.users).run(SimulationOptions(cases: 800, seed: 3, months: 2, end: end))
        var tokens: [String: String] = [:]
        for name in ["leader", "citizen1", "dispatcher1", "intake1"] { tokens[name] = try await service.issueToken(username: name) }
        let application = try await CityApplication.make(service: service)
        let app = try CityGridServer.buildApplication(application: application, host: "127.0.0.1", port: 0, logger: Logger(label: "test"))
        let frozen = tokens
        try await app.test(.router) { client in try await body(frozen, client) }
    }

    @Test func evaluationRanksAndRefusesBadInputByField() async throws {
        try await Self.withServer { tokens, client in
            let leader = S.headers(tokens["leader"])
            try await client.execute(uri: "/api/v1/evaluation?rules=standard&subject=department&period=2026-10", method: .get, headers: leader) { r in
                #expect(r.status == .ok)
                let body = S.json(r.body)
                #expect(body["period"] as? String == "2026-10" && body["previous_period"] as? String == "2026-09")
                let rows = body["rows"] as? [[String: Any]] ?? []
                #expect(rows.count > 5)
                #expect(rows.first?["rank"] as? Int == 1)
                #expect((rows.first?["figures"] as? [String: Any])?["closure"] != nil)
            }
            try await client.execute(uri: "/api/v1/evaluation?rules=basic&subject=district&period=2026-10&format=csv", method: .get, headers: leader) { r in
                #expect(r.status == .ok)
                #expect(String(buffer: r.body).hasPrefix("period,subject_code,cases,closure_rate,ontime_disposal_rate,rework_rate,mean_disposal_hours,mean_satisfaction\n"))
            }
            for (query, field) in [("period=2026-13", "period"), ("period=2026-10&subject=planet", "subject"), ("period=2026-10&rules=mine", "rules"), ("", "period")] {
                try await client.execute(uri: "/api/v1/evaluation?\(query)", method: .get, headers: leader) { r in
                    #expect(r.status == .badRequest, "\(query)")
                    #expect(S.errorOf(r.body).field == field, "\(query)")
                }
            }
            try await client.execute(uri: "/api/v1/evaluation?period=2026-10", method: .get, headers: S.headers(tokens["citizen1"])) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/api/v1/evaluation?period=2026-10", method: .get, headers: S.headers(nil)) { #expect($0.status == .unauthorized) }
        }
    }

    @Test func postedRuleFilesAreCheckedWithTheirLine() async throws {
        try await Self.withServer { tokens, client in
            let leader = S.headers(tokens["leader"])
            let bad = #"{"rules": "ruleset mine\nsubject district\nindicator a = rate closed / nothing\n", "period": "2026-10", "subject": "district"}"#
            try await client.execute(uri: "/api/v1/evaluation", method: .post, headers: leader, body: ByteBuffer(string: bad)) { r in
                #expect(r.status == .badRequest)
                #expect(S.errorOf(r.body) == ("invalid_rules", "rules"))
                #expect(String(buffer: r.body).contains("line 3"))
            }
            let good = #"{"rules": "ruleset mine\nsubject district\nindicator closure = rate closed / all ; weight 1\n", "period": "2026-10", "subject": "district"}"#
            try await client.execute(uri: "/api/v1/evaluation", method: .post, headers: leader, body: ByteBuffer(string: good)) { r in
                #expect(r.status == .ok)
                #expect((S.json(r.body)["rows"] as? [[String: Any]])?.count == 3)
            }
        }
    }

    @Test func everyFigureListsItsCases() async throws {
        try await Self.withServer { tokens, client in
            let leader = S.headers(tokens["leader"])
            var code = ""
            var figure: [String: Any] = [:]
            try await client.execute(uri: "/api/v1/evaluation?subject=district&period=2026-10", method: .get, headers: leader) { r in
                let row = (S.json(r.body)["rows"] as? [[String: Any]])?.first ?? [:]
                code = row["code"] as? String ?? ""
                figure = (row["figures"] as? [String: Any])?["closure"] as? [String: Any] ?? [:]
            }
            try await client.execute(uri: "/api/v1/evaluation/explain?subject=district&period=2026-10&code=\(code)&indicator=closure", method: .get, headers: leader) { r in
                #expect(r.status == .ok)
                let body = S.json(r.body)
                let numerator = body["numerator"] as? [Int] ?? [], denominator = body["denominator"] as? [Int] ?? []
                #expect(numerator.count == figure["numerator"] as? Int && denominator.count == figure["denominator"] as? Int)
                #expect(Set(numerator).isSubset(of: denominator) && !denominator.isEmpty)
                #expect(body["value"] as? Double == figure["value"] as? Double)
            }
            try await client.execute(uri: "/api/v1/evaluation/explain?subject=district&period=2026-10&code=\(code)&indicator=speed", method: .get, headers: leader) { r in
                #expect(r.status == .badRequest && S.errorOf(r.body).field == "indicator")
            }
        }
    }

    @Test func analyticsEndpoints() async throws {
        try await Self.withServer { tokens, client in
            // A dispatcher holds no analytics.read in the shipped policy; the city's leader does.
            try await client.execute(uri: "/api/v1/analytics/trends?period=2026-10", method: .get, headers: S.headers(tokens["dispatcher1"])) { r in
                #expect(r.status == .forbidden)
            }
            let staff = S.headers(tokens["leader"])
            try await client.execute(uri: "/api/v1/analytics/hotspots?period=2026-10", method: .get, headers: staff) { r in
                #expect(r.status == .ok)
                let cells = S.array(r.body)
                #expect(cells.count == S.demo.city.grids.count)
                #expect(cells.contains { ($0["z"] as? Double ?? 0) > 1.96 })
            }
            try await client.execute(uri: "/api/v1/analytics/hotspots?period=2026-10&format=geojson&category=E01", method: .get, headers: staff) { r in
                #expect(r.headers[.contentType] == "application/geo+json")
                #expect((S.json(r.body)["features"] as? [Any])?.count == S.demo.city.grids.count)
            }
            // A month without cases: nothing stands out, rather than an error.
            try await client.execute(uri: "/api/v1/analytics/hotspots?period=2030-01", method: .get, headers: staff) { r in
                #expect(r.status == .ok)
                #expect(S.array(r.body).allSatisfy { $0["class"] as? Int == 0 && $0["cases"] as? Int == 0 })
            }
            try await client.execute(uri: "/api/v1/analytics/hotspots?period=2026-10&category=Z9", method: .get, headers: staff) { r in
                #expect(r.status == .badRequest && S.errorOf(r.body).field == "category")
            }
            try await client.execute(uri: "/api/v1/analytics/trends?period=2026-Q4", method: .get, headers: staff) { r in
                #expect(r.status == .ok)
                let body = S.json(r.body)
                #expect((body["by_hour"] as? [Int])?.count == 24 && (body["total"] as? Int ?? 0) > 0)
            }
            try await client.execute(uri: "/api/v1/analytics/recurring?month=2026-10&months=2&top=3", method: .get, headers: staff) { r in
                #expect(r.status == .ok)
                #expect((S.json(r.body)["themes"] as? [Any]) != nil)
            }
            try await client.execute(uri: "/api/v1/analytics/time-to-close?period=2026-10", method: .get, headers: staff) { r in
                #expect(r.status == .ok)
                #expect(((S.json(r.body)["overall"] as? [String: Any])?["count"] as? Int ?? 0) > 0)
            }
            try await client.execute(uri: "/api/v1/analytics/trends?period=2026-10", method: .get, headers: S.headers(tokens["citizen1"])) { #expect($0.status == .forbidden) }
        }
    }
}
