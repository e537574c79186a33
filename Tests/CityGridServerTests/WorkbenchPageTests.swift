import CityGridCore
import CityGridServer
import CityGridService
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The workbench of every role (`GET /app`): its queues are the workflow's for the caller's roles,
/// each lists exactly what the API lists for that state, every value escaped; an inline action
/// comes back to the workbench with a notice, and needs the session's CSRF token.
@Suite struct WorkbenchPageTests {
    typealias S = ServerTests
    typealias W = WebPagesTests

    /// The case ids listed in each section of a workbench, by the section's state (`overdue` for the
    /// overdue cases), in page order.
    static func sections(_ html: String) -> [String: [Int]] {
        var answer: [String: [Int]] = [:]
        for chunk in html.components(separatedBy: "<section class=\"card queue\" id=\"queue-").dropFirst() {
            let state = String(chunk.prefix { $0 != "\"" })
            answer[state] = chunk.components(separatedBy: "<li class=\"task\" id=\"task-\(state)-").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
        }
        return answer
    }

    static func report(_ client: any TestClientProtocol, _ ctx: S.Context, _ grid: UnitGrid, description: String = "", as username: String = "intake1",
                       nudge: Double = 0) async throws -> Int {
        let p = grid.boundary.representativePoint
        let body = "{\"category\":\"E0102\",\"description\":\"\(description)\",\"location\":{\"lon\":\(p.lon + nudge),\"lat\":\(p.lat)}}"
        return try await client.execute(uri: "/api/v1/cases", method: .post, headers: S.headers(ctx.tokens[username]), body: ByteBuffer(string: body)) {
            #expect($0.status == .created)
            return S.json($0.body)["id"] as? Int ?? 0
        }
    }

    @discardableResult
    static func step(_ client: any TestClientProtocol, _ ctx: S.Context, _ id: Int, _ action: String, _ username: String,
                     extra: String = "") async throws -> [String: Any] {
        try await client.execute(uri: "/api/v1/cases/\(id)/transitions", method: .post, headers: S.headers(ctx.tokens[username]),
                                 body: ByteBuffer(string: "{\"action\":\"\(action)\"\(extra)}")) { response in
            #expect(response.status == .ok, "\(action) by \(username): \(String(buffer: response.body))")
            return S.json(response.body)
        }
    }

    static func apiIDs(_ client: any TestClientProtocol, _ ctx: S.Context, _ username: String, _ query: String) async throws -> [Int]? {
        try await client.execute(uri: "/api/v1/cases?\(query)", method: .get, headers: S.headers(ctx.tokens[username])) { response in
            guard response.status == .ok else { return nil }
            return (S.json(response.body)["cases"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
        }
    }

    @Test func everyRolesWorkbenchListsPerQueueWhatTheAPIListsEscaped() async throws {
        try await S.withServer { ctx, client in
            try await W.setPasswords(ctx)
            let grids = S.demo.city.grids
            let a = grids[0], b = grids.last { $0.code.ancestor(at: .district) != a.code.ancestor(at: .district) }!
            let script = "<script>alert(1)</script> & 堆放"
            let first = try await Self.report(client, ctx, a, description: script)
            let duplicate = try await Self.report(client, ctx, a, description: "又一处", nudge: 0.00003)
            let far = try await Self.report(client, ctx, b)
            let moving = try await Self.report(client, ctx, b)
            try await Self.step(client, ctx, moving, "accept", "intake1")
            try await Self.step(client, ctx, moving, "file", "shiftleader1")
            let department = try #require(try await Self.step(client, ctx, moving, "dispatch", "dispatcher1")["department_code"] as? String)
            _ = far
            let inspector = "inspector-" + a.code.ancestor(at: .community)!.rawValue
            // The open case gets a photo: verified on site with one.
            let (uploaded, upload) = try await MediaHTTPTests.upload(client, ctx.tokens[inspector], MediaHTTPTests.jpeg)
            let attachment = try #require(upload["attachment"] as? String, "\(uploaded)")
            let media = String(attachment.dropFirst("media:".count))
            try await Self.step(client, ctx, first, "ask_verify", "intake1")
            try await Self.step(client, ctx, first, "verify", inspector, extra: ",\"note\":\"属实\",\"attachments\":[\"\(attachment)\"]")
            let handler = "handler-" + department.lowercased()
            let people = ["intake1", "shiftleader1", "dispatcher1", "leader", "analyst", handler, "citizen1", inspector, "admin"]
            var pages: [String: [String: [Int]]] = [:]
            for username in people {
                let session = try await W.signIn(client, username)
                #expect(session.status == .seeOther, "\(username) signs in")
                let (status, html, _) = try await W.page(client, "/app", cookie: session.cookie)
                guard try await Self.apiIDs(client, ctx, username, "limit=1") != nil else {
                    #expect(status == .forbidden, "\(username): the API refuses the list, so does the page")
                    continue
                }
                #expect(status == .ok, "\(username)")
                let user = S.demo.users.first { $0.username == username }!
                let workflow = S.demo.city.workflow
                let sections = Self.sections(html)
                var expected = Set(workflow.workQueues(for: user.grants.map(\.role)).map(\.state.rawValue))
                if workflow.supervises(user.grants.map(\.role)) { expected.insert("overdue") }
                #expect(Set(sections.keys) == expected, "\(username): \(sections.keys.sorted())")
                for (state, listed) in sections {
                    let query = state == "overdue" ? "alert=escalated&limit=20" : "state=\(state)&limit=20"
                    let api = try #require(try await Self.apiIDs(client, ctx, username, query))
                    #expect(Set(listed) == Set(api) && listed.count == api.count, "\(username) \(state): page \(listed), API \(api)")
                }
                #expect(!html.contains("<script>alert(1)"), "\(username)")
                pages[username] = sections
            }
            // The check can fail: the roles' workbenches differ, and list the cases they should.
            #expect(Set(pages["intake1"]?["reported"] ?? []) == [first, duplicate, far])
            #expect(pages[handler]?["dispatched"] == [moving])
            #expect(pages["dispatcher1"]?["filed"] == [])
            #expect(pages[inspector]?["reported"].map(Set.init) == [first, duplicate])
            #expect(pages["citizen1"] == [:] && pages["analyst"] == [:])
            // The intake operator sees the duplicate pair side by side, escaped, and a merge form with the parent filled in.
            let intake = try await W.signIn(client, "intake1")
            let (_, html, _) = try await W.page(client, "/app", cookie: intake.cookie)
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; 堆放"))
            #expect(html.contains("class=\"pair\"") && html.contains("id=\"reported-\(duplicate)-merge-parent\" name=\"parent_case_id\" type=\"number\" step=\"1\" value=\"\(first)\""))
            #expect(html.contains("<script src=\"/assets/js/workbench.js\" defer></script>") && !html.contains(" style=\""))
            // Its photo beside the report, as a thumbnail the intake operator may open.
            #expect(html.contains("<img class=\"thumb\" src=\"/api/v1/media/\(media)\""))
            let (photoStatus, _, _) = try await W.page(client, "/api/v1/media/\(media)", cookie: intake.cookie)
            #expect(photoStatus == .ok)
            // In English too.
            let (_, english, _) = try await W.page(client, "/app?lang=en", cookie: intake.cookie)
            #expect(english.contains("<h1>My workbench</h1>") && english.contains("Likely duplicate of this open case") && english.contains(">Reported <span"))
            // The whole list stays one click away and lists what the API lists.
            let (listStatus, list, _) = try await W.page(client, "/app/cases?state=reported", cookie: intake.cookie)
            let listed = Set(list.components(separatedBy: "href=\"/app/cases/").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) })
            #expect(listStatus == .ok && listed == [first, duplicate, far])
        }
    }

    @Test func aDispatcherApprovesAnExtensionInlineAndComesBackToTheWorkbench() async throws {
        try await S.withServer { ctx, client in
            try await W.setPasswords(ctx)
            let grid = S.demo.city.grids[0]
            let older = try await Self.report(client, ctx, grid)
            let newer = try await Self.report(client, ctx, grid, nudge: 0.0001)
            var department = ""
            for id in [older, newer] {
                try await Self.step(client, ctx, id, "accept", "intake1")
                try await Self.step(client, ctx, id, "file", "shiftleader1")
            }
            // The filed cases wait on the dispatcher's workbench with routing's proposal chosen.
            let dispatcher = try await W.signIn(client, "dispatcher1")
            var (_, html, _) = try await W.page(client, "/app", cookie: dispatcher.cookie)
            #expect(Set(Self.sections(html)["filed"] ?? []) == [older, newer])
            #expect(html.contains("id=\"filed-\(older)-dispatch-body\" name=\"department_code\"><option value=\"") && html.contains("class=\"proposal\""))
            var token = try #require(W.csrf(in: html))
            try await client.execute(uri: "/app/cases/\(older)/act", method: .post, headers: W.formHeaders(cookie: dispatcher.cookie),
                                     body: W.form([("_csrf", token), ("action", "dispatch"), ("next", "/app")])) {
                #expect($0.status == .seeOther && $0.headers[.location] == "/app?done=dispatch&case=\(older)")
            }
            department = try #require(try await Self.step(client, ctx, newer, "dispatch", "dispatcher1")["department_code"] as? String)
            let handler = "handler-" + department.lowercased()
            try await Self.step(client, ctx, newer, "request_extension", handler, extra: ",\"hours\":8,\"note\":\"需要更多时间\"")

            (_, html, _) = try await W.page(client, "/app", cookie: dispatcher.cookie)
            #expect(Self.sections(html)["extension_requested"] == [newer])
            #expect(html.contains("class=\"hours\">8<") && html.contains("data-action=\"approve_extension\""))
            token = try #require(W.csrf(in: html))
            // Without the session's token: refused, nothing done.
            try await client.execute(uri: "/app/cases/\(newer)/act", method: .post, headers: W.formHeaders(cookie: dispatcher.cookie),
                                     body: W.form([("action", "approve_extension"), ("next", "/app")])) {
                #expect($0.status == .forbidden && S.errorOf($0.body).code == "csrf_refused")
            }
            #expect(try await Self.apiIDs(client, ctx, "dispatcher1", "state=extension_requested") == [newer])
            // With it: approved, and back on the workbench with a notice; another site is never a way back.
            let location = try await client.execute(uri: "/app/cases/\(newer)/act", method: .post, headers: W.formHeaders(cookie: dispatcher.cookie),
                                                    body: W.form([("_csrf", token), ("action", "approve_extension"), ("next", "https://evil.example/app")])) {
                #expect($0.status == .seeOther)
                return $0.headers[.location] ?? ""
            }
            #expect(location == "/app?done=approve_extension&case=\(newer)")
            (_, html, _) = try await W.page(client, location, cookie: dispatcher.cookie)
            #expect(html.contains("id=\"workbench-notice\"") && html.contains("已办理：批准延期") && Self.sections(html)["extension_requested"] == [])
            #expect(try await Self.apiIDs(client, ctx, "dispatcher1", "state=dispatched").map(Set.init) == [older, newer])

            // The handler's tasks, soonest deadline first: the extended (newer) case last, unlike the API's newest-first order.
            let handlerSession = try await W.signIn(client, handler)
            let (_, tasks, _) = try await W.page(client, "/app", cookie: handlerSession.cookie)
            #expect(Self.sections(tasks)["dispatched"] == [older, newer])
            #expect(try await Self.apiIDs(client, ctx, handler, "state=dispatched") == [newer, older])
            // Disposing needs a photo: a link to the case page, not an inline form.
            #expect(!tasks.contains("data-action=\"dispose\"") && tasks.contains("href=\"/app/cases/\(older)\""))

            // Near a point: each case with its distance; a bad point is refused by field.
            let p = grid.boundary.representativePoint
            let (nearStatus, near, _) = try await W.page(client, "/app?near=\(p.lon),\(p.lat)", cookie: handlerSession.cookie)
            #expect(nearStatus == .ok && near.contains("class=\"distance\">0 m<") && Self.sections(near)["dispatched"] == [older, newer])
            let (bad, badHTML, _) = try await W.page(client, "/app?near=here", cookie: handlerSession.cookie)
            #expect(bad == .badRequest && badHTML.contains(" · near</small>"))
        }
    }

    @Test func aLeaderSupervisesAnOverdueCaseInline() async throws {
        try await S.withServer { ctx, client in
            try await W.setPasswords(ctx)
            let id = try await Self.report(client, ctx, S.demo.city.grids[0])
            // A month later the clock has escalated the untouched report.
            _ = try await ClockWatcher(service: ctx.service).scan(at: Date().addingTimeInterval(30 * 86_400))
            #expect(try await Self.apiIDs(client, ctx, "leader", "alert=escalated") == [id])
            let leader = try await W.signIn(client, "leader")
            var (_, html, _) = try await W.page(client, "/app", cookie: leader.cookie)
            #expect(Self.sections(html)["overdue"] == [id])
            #expect(html.contains("<span class=\"light light-red\">超时</span>"))
            #expect(html.contains("<label for=\"overdue-\(id)-supervise-note\">"))
            let token = try #require(W.csrf(in: html))
            let location = try await client.execute(uri: "/app/cases/\(id)/act", method: .post, headers: W.formHeaders(cookie: leader.cookie),
                                                    body: W.form([("_csrf", token), ("action", "supervise"), ("note", "请尽快受理"), ("next", "/app")])) {
                #expect($0.status == .seeOther)
                return $0.headers[.location] ?? ""
            }
            #expect(location == "/app?done=supervise&case=\(id)")
            (_, html, _) = try await W.page(client, location, cookie: leader.cookie)
            #expect(html.contains("已办理：督办"))
            try await client.execute(uri: "/api/v1/cases/\(id)", method: .get, headers: S.headers(ctx.tokens["leader"])) {
                #expect(S.json($0.body)["supervision_count"] as? Int ?? 0 >= 2)
            }
            // The intake operator, who does not supervise, has no overdue section.
            let intake = try await W.signIn(client, "intake1")
            (_, html, _) = try await W.page(client, "/app", cookie: intake.cookie)
            #expect(Self.sections(html)["overdue"] == nil && Self.sections(html)["reported"] == [id])
        }
    }
}
