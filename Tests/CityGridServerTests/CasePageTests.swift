import CityGridCore
import CityGridServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The case page's sections beyond the details: the grid chain with names, the category's case
/// standard, the clock of each stage, the sub-tasks of a summons and the merged duplicates (for the
/// roles the API shows them to).
@Suite struct CasePageTests {
    typealias S = ServerTests
    typealias W = WebPagesTests

    static func post(_ client: any TestClientProtocol, _ uri: String, _ token: String?, _ body: String) async throws -> (HTTPResponse.Status, [String: Any]) {
        try await client.execute(uri: uri, method: .post, headers: S.headers(token), body: ByteBuffer(string: body)) { ($0.status, S.json($0.body)) }
    }

    @Test func aCasePageShowsItsStandardClocksSubtasksAndMergedReports() async throws {
        try await S.withServer { ctx, client in
            try await W.setPasswords(ctx)
            let grid = S.demo.city.grids[60]
            let p = grid.boundary.representativePoint
            let location = "\"location\":{\"lon\":\(p.lon),\"lat\":\(p.lat)}"
            var (status, body) = try await Self.post(client, "/api/v1/cases", ctx.tokens["citizen1"], "{\"category\":\"E0102\",\(location)}")
            let id = body["id"] as? Int ?? 0
            (status, body) = try await Self.post(client, "/api/v1/cases", ctx.tokens["citizen2"], "{\"category\":\"E0102\",\"description\":\"<i>同一处</i>\",\(location)}")
            let child = body["id"] as? Int ?? 0
            (status, _) = try await Self.post(client, "/api/v1/cases/\(child)/transitions", ctx.tokens["intake1"], "{\"action\":\"merge\",\"parent_case_id\":\(id)}")
            #expect(status == .ok)
            for (action, user) in [("accept", "intake1"), ("file", "shiftleader1"), ("dispatch", "dispatcher1")] {
                (status, body) = try await Self.post(client, "/api/v1/cases/\(id)/transitions", ctx.tokens[user], "{\"action\":\"\(action)\"}")
                #expect(status == .ok, "\(action)")
            }
            let assigned = body["department_code"] as? String ?? ""
            let other = S.demo.city.organisations.first { $0.kind != .centre && $0.code.rawValue != assigned }!
            (status, _) = try await Self.post(client, "/api/v1/cases/\(id)/transitions", ctx.tokens["dispatcher1"],
                                              "{\"action\":\"summon\",\"department_codes\":[\"\(other.code.rawValue)\"]}")
            #expect(status == .ok)

            let leader = try await W.signIn(client, "shiftleader1")
            let (ok, html, _) = try await W.page(client, "/app/cases/\(id)", cookie: leader.cookie)
            #expect(ok == .ok)
            let entry = S.demo.city.catalogue[CategoryCode("E0102")!]!
            #expect(html.contains(entry.filingCondition.zh) && html.contains(entry.closingCondition.zh))
            let community = S.demo.city.regions.first { $0.code == grid.code.ancestor(at: .community) }!
            #expect(html.contains("\(community.name.zh) (\(community.code.rawValue))"))
            // Intake, filing and dispatch were left on time; disposal runs.
            #expect(html.contains("各环节计时") && html.contains("计时中"))
            for stage in ["intake", "filing", "dispatch", "disposal"] {
                let label = S.demo.city.workflow.stages[stage]!.label.zh
                #expect(html.contains("<th scope=\"row\">\(label)</th>"), "\(stage)")
            }
            #expect(html.contains("吹哨报到子任务") && html.contains("<th scope=\"row\">\(other.name.zh)</th>"))
            // The merged report, its description escaped.
            #expect(html.contains("href=\"/app/cases/\(child)\"") && html.contains("&lt;i&gt;同一处&lt;/i&gt;") && !html.contains("<i>同一处"))

            // The handler of the body may not see merged reports through the API, nor on the page.
            let handler = try await W.signIn(client, "handler-" + assigned.lowercased())
            let api = try await client.execute(uri: "/api/v1/cases/\(id)/duplicates", method: .get, headers: S.headers(ctx.tokens["handler-" + assigned.lowercased()])) { $0.status }
            let (handlerStatus, handlerHTML, _) = try await W.page(client, "/app/cases/\(id)?lang=en", cookie: handler.cookie)
            #expect(handlerStatus == .ok && handlerHTML.contains("Stage clocks"))
            #expect(api == .forbidden && !handlerHTML.contains("href=\"/app/cases/\(child)\""), "API \(api)")
        }
    }
}
