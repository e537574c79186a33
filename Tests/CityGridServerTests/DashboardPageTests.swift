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

/// The leaders' dashboard over simulated cases: the rows each caller's API gives, a chart, and
/// every figure a link to the cases behind it.
@Suite struct DashboardPageTests {
    typealias S = ServerTests
    typealias W = WebPagesTests

    static func withServer(_ body: @Sendable ([String: String], any TestClientProtocol) async throws -> Void) async throws {
        let folder = NSTemporaryDirectory() + "citygrid-dashboard-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try SQLiteCityStore(path: folder + "/c.sqlite")
        try await store.replaceCity(S.demo.city, users: S.demo.users, components: [])
        let service = try await CityService.open(store)
        _ = try await CaseSimulator(service: service, users: S.demo.users)
            .run(SimulationOptions(cases: 600, seed: 5, months: 2, end: EvaluationHTTPTests.end))
        try await service.setSharedPassword(W.password, usernames: S.demo.users.map(\.username))
        var tokens: [String: String] = [:]
        for user in S.demo.users { tokens[user.username] = try await service.issueToken(username: user.username) }
        let application = try await CityApplication.make(service: service)
        let app = try CityGridServer.buildApplication(application: application, host: "127.0.0.1", port: 0, logger: Logger(label: "test"))
        let frozen = tokens
        try await app.test(.router) { client in try await body(frozen, client) }
    }

    /// The subject codes of a dashboard page's ranking (the `<small>` after each name).
    static func codes(_ html: String) -> [String] {
        html.components(separatedBy: "</td><td>").compactMap { cell -> String? in
            guard let start = cell.range(of: " <small>"), let end = cell.range(of: "</small>") else { return nil }
            return String(cell[start.upperBound..<end.lowerBound])
        }
    }

    @Test func eachCallerSeesTheRowsTheAPIGivesThemWithAChartAndLinks() async throws {
        try await Self.withServer { tokens, client in
            let district = S.demo.city.regions.first { $0.level == .district }!.code.rawValue
            for (username, subject) in [("leader", "department"), ("leader", "district"), ("leader-\(district)", "subdistrict"), ("handler-d-urban", "department")] {
                let query = "subject=\(subject)&period=2026-10&rules=standard"
                let api = try await client.execute(uri: "/api/v1/evaluation?\(query)", method: .get, headers: S.headers(tokens[username])) {
                    (S.json($0.body)["rows"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
                }
                let session = try await W.signIn(client, username)
                let (status, html, _) = try await W.page(client, "/app/dashboard?\(query)", cookie: session.cookie)
                #expect(status == .ok, "\(username) \(subject)")
                #expect(Set(Self.codes(html)) == Set(api) && !api.isEmpty, "\(username) \(subject): page \(Self.codes(html)), API \(api)")
                #expect(html.contains("<svg class=\"chart\"") && html.contains("<rect"), "a chart for \(username)")
            }
            // The city's leader sees every body; a department only its own: the check can fail.
            let leader = try await W.signIn(client, "leader")
            let (_, all, _) = try await W.page(client, "/app/dashboard?subject=department&period=2026-10", cookie: leader.cookie)
            let handler = try await W.signIn(client, "handler-d-urban")
            let (_, own, _) = try await W.page(client, "/app/dashboard?subject=department&period=2026-10", cookie: handler.cookie)
            #expect(Self.codes(all).count > 5 && Self.codes(own).count == 1 && Self.codes(all).contains(Self.codes(own)[0]))
            // The period's daily volume as a line, its total the API's trends total.
            let total = try await client.execute(uri: "/api/v1/analytics/trends?period=2026-10", method: .get, headers: S.headers(tokens["leader"])) {
                S.json($0.body)["total"] as? Int ?? -1
            }
            #expect(total > 0 && all.contains("<polyline points=\"") && all.contains("案件数: \(total)</p>"))
            // A figure's link opens the cases behind it, each a link to its case page.
            let href = try #require(all.components(separatedBy: "<td><a href=\"").dropFirst().first?.prefix { $0 != "\"" })
            let (explainStatus, explained, _) = try await W.page(client, String(href).replacingOccurrences(of: "&amp;", with: "&"), cookie: leader.cookie)
            #expect(explainStatus == .ok && explained.contains("href=\"/app/cases/"), "\(href)")
            // No evaluation for a citizen: neither the link nor the page.
            let citizen = try await W.signIn(client, "citizen1")
            let (_, workbench, _) = try await W.page(client, "/app", cookie: citizen.cookie)
            #expect(!workbench.contains("/app/dashboard"))
            let (refused, _, _) = try await W.page(client, "/app/dashboard", cookie: citizen.cookie)
            #expect(refused == .forbidden)
            // Bad input is refused by field, as in the API.
            let (bad, badHTML, _) = try await W.page(client, "/app/dashboard?period=2026-13", cookie: leader.cookie)
            #expect(bad == .badRequest && badHTML.contains("<html lang=\"zh-CN\">") && badHTML.contains(" · period</small>"))
        }
    }
}
