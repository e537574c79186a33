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

/// The leaders' dashboard over simulated cases: the rows each caller's API gives, a chart, and
/// every figure a link to the cases behind it.
@Suite struct DashboardPageTests {
    typealias S = ServerTests
    typealias W = WebPagesTests

    static func withServer(city: CityModel = S.demo.city, _ body: @Sendable ([String: String], any TestClientProtocol) async throws -> Void) async throws {
        let folder = NSTemporaryDirectory() + "citygrid-dashboard-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try SQLiteCityStore(path: folder + "/c.sqlite")
        try await store.replaceCity(city, users: S.demo.users, components: [])
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
        let ranking = html.components(separatedBy: "<table class=\"cases ranking\">").dropFirst().first?.components(separatedBy: "</table>").first ?? ""
        return ranking.components(separatedBy: "</td><td>").compactMap { cell -> String? in
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

    /// The demo city with markup in every region's and body's name (both languages).
    static let hostileCity: CityModel = {
        var city = S.demo.city
        let mark = "<i>\"&'"
        city.regions = city.regions.map { var r = $0; r.name = LocalizedText(zh: mark + r.name.zh, en: mark + r.name.en); return r }
        city.organisations = city.organisations.map { var o = $0; o.name = LocalizedText(zh: mark + o.name.zh, en: mark + o.name.en); return o }
        return city
    }()

    /// The classes of `/api/v1/analytics/hotspots` (JSON) that are significant, by grid code.
    static func apiClasses(_ client: any TestClientProtocol, token: String?, query: String) async throws -> [String: Int] {
        try await client.execute(uri: "/api/v1/analytics/hotspots?\(query)", method: .get, headers: S.headers(token)) { response in
            #expect(response.status == .ok)
            let cells = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [[String: Any]] ?? []
            var classes: [String: Int] = [:]
            for cell in cells {
                if let code = cell["grid_code"] as? String, let c = cell["class"] as? Int, c != 0 { classes[code] = c }
            }
            #expect(!cells.isEmpty)
            return classes
        }
    }

    @Test func theHotSpotClassesAreTheAnalysisClassesCompactWithAnETag() async throws {
        try await Self.withServer { tokens, client in
            let leader = try await W.signIn(client, "leader")
            for query in ["period=2026-10", "period=2026-10&category=E01", "period=2026-Q4"] {
                let expected = try await Self.apiClasses(client, token: tokens["leader"], query: query)
                let (status, body, response) = try await W.page(client, "/app/dashboard/hotspots.json?\(query)", cookie: leader.cookie)
                #expect(status == .ok && response.headers[.contentType]?.hasPrefix("application/json") == true)
                let classes = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Int]
                #expect(classes == expected, "\(query): \(classes?.count ?? -1) classes, the analysis \(expected.count)")
                #expect(!expected.isEmpty || query.contains("E01"), "the period has hot spots: the check can fail")
                // The same answer again is a 304 for its ETag.
                let etag = try #require(response.headers[.eTag])
                let again = try await client.execute(uri: "/app/dashboard/hotspots.json?\(query)", method: .get,
                                                     headers: [.cookie: leader.cookie ?? "", .ifNoneMatch: etag]) { $0.status }
                #expect(again == .notModified)
            }
            // Far smaller than the hot-spot GeoJSON.
            let (_, compact, _) = try await W.page(client, "/app/dashboard/hotspots.json?period=2026-10", cookie: leader.cookie)
            let geojson = try await client.execute(uri: "/api/v1/analytics/hotspots?period=2026-10&format=geojson", method: .get,
                                                   headers: S.headers(tokens["leader"])) { $0.body.readableBytes }
            #expect(compact.utf8.count * 20 < geojson)
            // A district leader gets the classes of their district's grids only.
            let district = S.demo.city.regions.first { $0.level == .district }!.code
            let districtLeader = try await W.signIn(client, "leader-\(district.rawValue)")
            let (_, scoped, _) = try await W.page(client, "/app/dashboard/hotspots.json?period=2026-10", cookie: districtLeader.cookie)
            let scopedClasses = (try? JSONSerialization.jsonObject(with: Data(scoped.utf8))) as? [String: Int] ?? [:]
            let all = try await Self.apiClasses(client, token: tokens["leader"], query: "period=2026-10")
            #expect(scopedClasses == all.filter { district.contains(RegionCode($0.key)!) })
            // No analytics, no classes; a bad period is refused by field.
            let dispatcher = try await W.signIn(client, "dispatcher1")
            let (refused, _, _) = try await W.page(client, "/app/dashboard/hotspots.json?period=2026-10", cookie: dispatcher.cookie)
            #expect(refused == .forbidden)
            let (bad, badBody, _) = try await W.page(client, "/app/dashboard/hotspots.json?period=2026-13", cookie: leader.cookie)
            #expect(bad == .badRequest && badBody.contains("period"))
            // The dashboard draws the map from it, with the legend in words and the strongest hot spots as links.
            let (_, page, _) = try await W.page(client, "/app/dashboard?subject=district&period=2026-10", cookie: leader.cookie)
            #expect(page.contains("id=\"hotspot-map\"") && page.contains("data-classes=\"/app/dashboard/hotspots.json?period=2026-10\""))
            #expect(page.contains("热点（99% 置信度）") && page.contains("不显著") && page.contains("冷点（99% 置信度）"))
            let strongest = all.filter { $0.value > 0 }
            if let code = strongest.keys.sorted().first {
                #expect(page.contains("<small>\(code)</small>") || strongest.count > 10)
                #expect(page.contains("subject=grid"))
            }
        }
    }

    @Test func recurringProblemsAndTimeToCloseAreRenderedAndEscaped() async throws {
        try await Self.withServer(city: Self.hostileCity) { tokens, client in
            let leader = try await W.signIn(client, "leader")
            let (status, html, _) = try await W.page(client, "/app/dashboard?subject=subdistrict&period=2026-10", cookie: leader.cookie)
            #expect(status == .ok)
            // No name's markup reaches the page unescaped; escaped, it is there.
            #expect(!html.contains("<i>"))
            #expect(html.contains("&lt;i&gt;&quot;&amp;&#39;") || html.contains("&lt;i&gt;&quot;&amp;&#x27;"))
            // Time to close: the overall count and median of the API's analysis, a histogram and a box per body.
            let api = try await client.execute(uri: "/api/v1/analytics/time-to-close?period=2026-10", method: .get, headers: S.headers(tokens["leader"])) {
                S.json($0.body)["overall"] as? [String: Any] ?? [:]
            }
            let closed = try #require(api["count"] as? Int)
            #expect(closed > 0)
            let median = try #require(api["median_hours"] as? Double)
            #expect(html.contains("id=\"time-to-close\"") && html.contains("<svg class=\"histogram\"") && html.contains("<svg class=\"boxes\""))
            #expect(html.contains("<tr><td>全部</td><td>\(closed)</td><td>\(DashboardTestsFormat.hours(median))</td>"), "closed \(closed), median \(median)")
            // Recurring problems: the API's themes for the month after the period, in order, titles escaped.
            let themes = try await client.execute(uri: "/api/v1/analytics/recurring?month=2026-11", method: .get, headers: S.headers(tokens["leader"])) {
                S.json($0.body)["themes"] as? [[String: Any]] ?? []
            }
            #expect(html.contains("id=\"recurring\""))
            #expect(!themes.isEmpty, "the simulated months give themes: the check can fail")
            var position = html.startIndex
            for theme in themes {
                let title = (theme["title"] as? [String: Any])?["zh"] as? String ?? ""
                let escaped = title.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                    .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
                let found = html.range(of: "<td>\(theme["rank"] as? Int ?? 0)</td><td>", range: position..<html.endIndex)
                #expect(found != nil, "theme \(theme["rank"] ?? "?") in order")
                if let found { position = found.upperBound }
                #expect(html.contains(escaped.prefix(12)), "\(title)")
            }
            // A theme links to its cases on the command centre: that category in that region over the window.
            let themeLink = try #require(html.components(separatedBy: "<table class=\"cases themes\">").last?
                .components(separatedBy: "<a href=\"").dropFirst().first?.prefix { $0 != "\"" })
            #expect(themeLink.hasPrefix("/app/centre?period=2026-05-01..2026-10-31&amp;category="), "\(themeLink)")
            let (centre, _, _) = try await W.page(client, String(themeLink).replacingOccurrences(of: "&amp;", with: "&"), cookie: leader.cookie)
            #expect(centre == .ok)
            // A district leader's analytics do not reach the whole city: the themes are not theirs to see.
            let district = S.demo.city.regions.first { $0.level == .district }!.code.rawValue
            let districtLeader = try await W.signIn(client, "leader-\(district)")
            let (_, own, _) = try await W.page(client, "/app/dashboard?subject=subdistrict&period=2026-10", cookie: districtLeader.cookie)
            #expect(own.contains("id=\"recurring\"") && own.contains("需全市范围的分析权限") && !own.contains("<table class=\"cases themes\">"))
        }
    }

    @Test func theRuleSetIsAPresetOrACitysFileAndAnUnknownOneIsRefusedByField() async throws {
        try await Self.withServer { tokens, client in
            let leader = try await W.signIn(client, "leader")
            // A preset: its label and the API's rows.
            let (status, html, _) = try await W.page(client, "/app/dashboard?subject=district&period=2026-10&rules=three-rates", cookie: leader.cookie)
            #expect(status == .ok && html.contains("<option value=\"three-rates\" selected>"))
            let api = try await client.execute(uri: "/api/v1/evaluation?subject=district&period=2026-10&rules=three-rates", method: .get, headers: S.headers(tokens["leader"])) {
                S.json($0.body)
            }
            let label = (api["rule_set_label"] as? [String: Any])?["zh"] as? String ?? (api["label"] as? [String: Any])?["zh"] as? String
            if let label { #expect(html.contains(label)) }
            #expect(Set(Self.codes(html)) == Set((api["rows"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }))
            // An unknown name: the refusal page naming the field, as the API refuses it.
            let (bad, badHTML, _) = try await W.page(client, "/app/dashboard?subject=district&period=2026-10&rules=nonesuch", cookie: leader.cookie)
            #expect(bad == .badRequest && badHTML.contains(" · rules</small>"))
            let (badCategory, badCategoryHTML, _) = try await W.page(client, "/app/dashboard?period=2026-10&category=X9", cookie: leader.cookie)
            #expect(badCategory == .badRequest && badCategoryHTML.contains(" · category</small>"))
            let (badFile, badFileHTML, _) = try await W.page(client, "/app/dashboard?period=2026-10&rules=file:0123456789abcdef", cookie: leader.cookie)
            #expect(badFile == .badRequest && badFileHTML.contains(" · rules</small>"))
            // A city's own file, posted from the page: checked, held, chosen in the select, its figures explained.
            let (_, form, _) = try await W.page(client, "/app/dashboard?subject=district&period=2026-10", cookie: leader.cookie)
            let csrf = try #require(W.csrf(in: form))
            var text = try #require(RuleSetPresets.text("basic")).replacingOccurrences(of: "ruleset basic", with: "ruleset my-city")
            let labelLine = try #require(text.range(of: "\nlabel "))
            let lineEnd = try #require(text.range(of: "\n", range: labelLine.upperBound..<text.endIndex))
            text.replaceSubrange(labelLine.lowerBound..<lineEnd.lowerBound, with: "\nlabel 我市<b>规则 | My <b>city's rules")
            let posted = try await client.execute(uri: "/app/dashboard/rules", method: .post, headers: W.formHeaders(cookie: leader.cookie),
                                                  body: W.form([("_csrf", csrf), ("rules", text), ("subject", "district"), ("period", "2026-10")])) { $0 }
            #expect(posted.status == .seeOther)
            let location = try #require(posted.headers[.location])
            #expect(location.hasPrefix("/app/dashboard?rules=file:") && location.contains("subject=district"))
            let (chosen, chosenHTML, _) = try await W.page(client, location, cookie: leader.cookie)
            #expect(chosen == .ok && chosenHTML.contains("selected>我市&lt;b&gt;规则") && !chosenHTML.contains("<b>"))
            #expect(Self.codes(chosenHTML).count > 1)
            let href = try #require(chosenHTML.components(separatedBy: "<td><a href=\"").dropFirst().first?.prefix { $0 != "\"" })
            #expect(href.contains("rules=file:"))
            let (explained, _, _) = try await W.page(client, String(href).replacingOccurrences(of: "&amp;", with: "&"), cookie: leader.cookie)
            #expect(explained == .ok)
            // A bad file is refused naming the field and its line; a role without evaluation.custom may not post one.
            let (_, again, _) = try await W.page(client, "/app/dashboard", cookie: leader.cookie)
            let refused = try await client.execute(uri: "/app/dashboard/rules", method: .post, headers: W.formHeaders(cookie: leader.cookie),
                                                   body: W.form([("_csrf", W.csrf(in: again) ?? ""), ("rules", "ruleset x\nindicator a = rate closd / disposed")])) {
                ($0.status, String(buffer: $0.body))
            }
            #expect(refused.0 == .badRequest && refused.1.contains(" · rules</small>") && refused.1.contains("2"))
            let handler = try await W.signIn(client, "handler-d-urban")
            let (_, handlerPage, _) = try await W.page(client, "/app/dashboard", cookie: handler.cookie)
            #expect(!handlerPage.contains("action=\"/app/dashboard/rules\""))
            let notAllowed = try await client.execute(uri: "/app/dashboard/rules", method: .post, headers: W.formHeaders(cookie: handler.cookie),
                                                      body: W.form([("_csrf", W.csrf(in: handlerPage) ?? ""), ("rules", text)])) { $0.status }
            #expect(notAllowed == .forbidden)
        }
    }

    @Test func theWallRendersInLargeTypeAndRefreshesItself() async throws {
        try await Self.withServer { tokens, client in
            let leader = try await W.signIn(client, "leader")
            let (status, html, response) = try await W.page(client, "/app/dashboard/wall?period=2026-10", cookie: leader.cookie)
            #expect(status == .ok && response.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(response.headers[.init("Content-Security-Policy")!] != nil)
            #expect(html.contains("<body class=\"wall\">") && html.contains("<meta http-equiv=\"refresh\" content=\"60\">"))
            #expect(html.contains("/assets/js/dashboard.js") && html.contains("id=\"hotspot-map\""))
            #expect(html.contains("在办案件") && html.contains("预警案件") && html.contains("超时案件") && html.contains("今日上报"))
            // Districts by default: the best five of the API's ranking, in order, each a link to its figure.
            let rows = try await client.execute(uri: "/api/v1/evaluation?subject=district&period=2026-10&rules=standard", method: .get, headers: S.headers(tokens["leader"])) {
                (S.json($0.body)["rows"] as? [[String: Any]] ?? []).filter { $0["rank"] is Int }.sorted { ($0["rank"] as! Int) < ($1["rank"] as! Int) }
            }
            #expect(rows.count >= 1)
            var position = html.startIndex
            for row in rows.prefix(5) {
                let name = (row["name"] as? [String: Any])?["zh"] as? String ?? "?"
                let found = html.range(of: ">\(name)</a>", range: position..<html.endIndex)
                #expect(found != nil, "\(name) in rank order")
                if let found { position = found.upperBound }
            }
            #expect(html.contains("href=\"/app/explain?rules=standard&amp;subject=district"))
            // The open cases counted from the fact table: the simulation leaves some open.
            let open = html.components(separatedBy: "tile-open\" href=\"/app/centre\"><span class=\"tile-value\">").dropFirst().first?.prefix { $0 != "<" }
            #expect(open.flatMap { Int($0) }.map { $0 > 0 } == true, "open: \(open ?? "none")")
            // A report is counted at once: the kept figures belong to the fact table's generation.
            func reportedToday(_ page: String) -> Int? {
                page.components(separatedBy: "tile-today\" href=\"/app/centre?period=today\"><span class=\"tile-value\">").dropFirst().first
                    .flatMap { Int($0.prefix { $0 != "<" }) }
            }
            let before = try #require(reportedToday(html))
            let p = S.demo.city.grids[7].boundary.representativePoint
            try await client.execute(uri: "/api/v1/cases", method: .post, headers: S.headers(tokens["intake1"]),
                                     body: ByteBuffer(string: "{\"category\":\"E0102\",\"description\":\"堆物\",\"location\":{\"lon\":\(p.lon),\"lat\":\(p.lat)}}")) {
                #expect($0.status == .created)
            }
            let (_, after, _) = try await W.page(client, "/app/dashboard/wall?period=2026-10", cookie: leader.cookie)
            #expect(reportedToday(after) == before + 1)
            // In English, and refused to a role without evaluation.
            let (_, english, _) = try await W.page(client, "/app/dashboard/wall?period=2026-10&lang=en", cookie: leader.cookie)
            #expect(english.contains("<html lang=\"en\">") && english.contains("Open cases") && english.contains("Top five"))
            let citizen = try await W.signIn(client, "citizen1")
            let (refused, _, _) = try await W.page(client, "/app/dashboard/wall", cookie: citizen.cookie)
            #expect(refused == .forbidden)
            // The wall's ranking is kept: the second rendering shows the same.
            let (_, second, _) = try await W.page(client, "/app/dashboard/wall?period=2026-10", cookie: leader.cookie)
            func ranking(_ page: String) -> String { page.components(separatedBy: "<section class=\"wall-ranking\">").last ?? "" }
            #expect(ranking(second) == ranking(html) && ranking(html).contains("<table class=\"wall-table\">"))
        }
    }

    @Test func rolesWithoutEvaluationOrAnalyticsAreRefusedOrSeeLess() async throws {
        try await Self.withServer { _, client in
            let citizen = try await W.signIn(client, "citizen1")
            for path in ["/app/dashboard", "/app/dashboard/wall", "/app/dashboard/hotspots.json?period=2026-10", "/app/explain?subject=district&period=2026-10&code=1&indicator=x"] {
                let (status, _, _) = try await W.page(client, path, cookie: citizen.cookie)
                #expect(status == .forbidden, "\(path)")
            }
            // A dispatcher evaluates (their own line) but has no analytics: no map, no distributions, no themes.
            let dispatcher = try await W.signIn(client, "dispatcher1")
            let (status, html, _) = try await W.page(client, "/app/dashboard?subject=dispatcher&period=2026-10", cookie: dispatcher.cookie)
            #expect(status == .ok && !html.contains("id=\"hotspot-map\"") && !html.contains("id=\"time-to-close\"") && !html.contains("id=\"recurring\""))
            #expect(!html.contains("action=\"/app/dashboard/rules\""))
            // Not signed in: to the sign-in page.
            let (anonymous, _, response) = try await W.page(client, "/app/dashboard/wall", cookie: nil)
            #expect(anonymous == .seeOther && response.headers[.location]?.hasPrefix("/signin") == true)
        }
    }
}

/// Figures as the dashboard writes them.
enum DashboardTestsFormat {
    static func hours(_ value: Double) -> String { String(format: value < 10 ? "%.1f" : "%.0f", value) }
}
