import CityGridCore
import CityGridServer
import CityGridService
import CityGridSimulation
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The staff's web pages through the in-process client: sign-in with a password, the session
/// cookie, CSRF on every form, lock-out, sign-out, and pages that show what the API would.
@Suite struct WebPagesTests {
    typealias S = ServerTests
    static let password = DemoCityGenerator.password

    /// The first value of a `Set-Cookie` named `name` in `response` (the whole header line).
    static func setCookie(_ name: String, _ response: TestResponse) -> String? {
        response.headers[values: .setCookie].first { $0.hasPrefix(name + "=") }
    }

    static func cookieValue(_ line: String?) -> String? {
        line.flatMap { $0.split(separator: ";").first }.map { String($0.split(separator: "=", maxSplits: 1).last ?? "") }
    }

    static func form(_ fields: [(String, String)]) -> ByteBuffer {
        ByteBuffer(string: fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }.joined(separator: "&"))
    }

    static func formHeaders(cookie: String?) -> HTTPFields {
        var fields: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let cookie { fields[.cookie] = cookie }
        return fields
    }

    /// The value of the first hidden `_csrf` field of a page.
    static func csrf(in html: String) -> String? {
        guard let range = html.range(of: "name=\"_csrf\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    /// Signs `username` in through the sign-in form; the response of the form's POST and the session cookie.
    static func signIn(_ client: any TestClientProtocol, _ username: String, password: String = password) async throws -> (status: HTTPResponse.Status, cookie: String?, response: TestResponse) {
        let (preSession, field) = try await client.execute(uri: "/signin", method: .get) { response in
            (cookieValue(setCookie("cg_presession", response)), csrf(in: String(buffer: response.body)))
        }
        let response = try await client.execute(uri: "/signin", method: .post, headers: formHeaders(cookie: "cg_presession=\(preSession ?? "")"),
                                                body: form([("_csrf", field ?? ""), ("username", username), ("password", password), ("next", "/app")]))
        return (response.status, cookieValue(setCookie("cg_session", response)).map { "cg_session=\($0)" }, response)
    }

    static func page(_ client: any TestClientProtocol, _ uri: String, cookie: String?) async throws -> (HTTPResponse.Status, String, TestResponse) {
        try await client.execute(uri: uri, method: .get, headers: cookie.map { [.cookie: $0] } ?? [:]) { ($0.status, String(buffer: $0.body), $0) }
    }

    static func setPasswords(_ ctx: S.Context) async throws {
        try await ctx.service.setSharedPassword(password, usernames: S.demo.users.map(\.username))
    }

    @Test func signingInSetsASecureHTTPOnlySessionCookieAndOpensTheWorkbench() async throws {
        try await S.withServer { ctx, client in
            try await Self.setPasswords(ctx)
            // Not signed in: the pages send the browser to sign in, and come back after.
            let (status, _, redirect) = try await Self.page(client, "/app", cookie: nil)
            #expect(status == .seeOther && redirect.headers[.location] == "/signin?next=%2Fapp")
            let (signInStatus, signInHTML, signInPage) = try await Self.page(client, "/signin", cookie: nil)
            #expect(signInStatus == .ok && signInHTML.contains("<html lang=\"zh-CN\">") && signInHTML.contains("<label for=\"password\">密码</label>"))
            #expect(signInPage.headers[.init("Content-Security-Policy")!]?.contains("script-src 'self'") == true)

            let wrong = try await Self.signIn(client, "intake1", password: "not the password")
            #expect(wrong.status == .unauthorized && wrong.cookie == nil)
            #expect(String(buffer: wrong.response.body).contains("用户名或密码不正确"))
            let unknown = try await Self.signIn(client, "no-such-user")
            #expect(unknown.status == .unauthorized && String(buffer: unknown.response.body).contains("用户名或密码不正确"))

            let signedIn = try await Self.signIn(client, "intake1")
            #expect(signedIn.status == .seeOther && signedIn.response.headers[.location] == "/app")
            let line = try #require(Self.setCookie("cg_session", signedIn.response))
            for attribute in ["HttpOnly", "Secure", "SameSite=Lax", "Path=/"] { #expect(line.contains(attribute), "\(attribute) in \(line)") }
            // 12 hours from the sign-in, less the moments the sign-in took (a busy machine: a second or two).
            let maxAge = line.components(separatedBy: "Max-Age=").dropFirst().first.flatMap { Int($0.prefix { $0.isNumber }) }
            #expect((43_190...43_200).contains(maxAge ?? 0), "Max-Age in \(line)")
            let (appStatus, appHTML, _) = try await Self.page(client, "/app", cookie: signedIn.cookie)
            #expect(appStatus == .ok && appHTML.contains("我可办理的案件"))
            #expect(appHTML.contains(S.demo.users.first { $0.username == "intake1" }!.displayName))
            // A second sign-in opens a new session: session ids are never reused.
            let again = try await Self.signIn(client, "intake1")
            #expect(again.cookie != nil && again.cookie != signedIn.cookie)
        }
    }

    @Test func everyFormNeedsItsSessionsCSRFToken() async throws {
        try await S.withServer { ctx, client in
            try await Self.setPasswords(ctx)
            let intake = try await Self.signIn(client, "intake1")
            let other = try await Self.signIn(client, "shiftleader1")
            let p = S.demo.city.grids[0].boundary.representativePoint
            let id = try await client.execute(uri: "/api/v1/cases", method: .post, headers: S.headers(ctx.tokens["intake1"]),
                                              body: ByteBuffer(string: "{\"category\":\"E0102\",\"location\":{\"lon\":\(p.lon),\"lat\":\(p.lat)}}")) {
                S.json($0.body)["id"] as? Int ?? 0
            }
            let (_, html, _) = try await Self.page(client, "/app/cases/\(id)", cookie: intake.cookie)
            let token = try #require(Self.csrf(in: html))
            let (_, otherHTML, _) = try await Self.page(client, "/app", cookie: other.cookie)
            let otherToken = try #require(Self.csrf(in: otherHTML))
            for (name, fields) in [("none", [("action", "accept")]), ("another session's", [("_csrf", otherToken), ("action", "accept")])] {
                try await client.execute(uri: "/app/cases/\(id)/act", method: .post, headers: Self.formHeaders(cookie: intake.cookie), body: Self.form(fields)) {
                    #expect($0.status == .forbidden, "\(name)")
                    #expect(S.errorOf($0.body).code == "csrf_refused")
                }
            }
            try await client.execute(uri: "/app/cases/\(id)/act", method: .post, headers: Self.formHeaders(cookie: intake.cookie),
                                     body: Self.form([("_csrf", token), ("action", "accept")])) {
                #expect($0.status == .seeOther && $0.headers[.location] == "/app/cases/\(id)")
            }
            // The sign-in form without its pre-session value is refused as well.
            try await client.execute(uri: "/signin", method: .post, headers: Self.formHeaders(cookie: nil),
                                     body: Self.form([("username", "intake1"), ("password", Self.password)])) {
                #expect($0.status == .forbidden && S.errorOf($0.body).code == "csrf_refused")
            }
            // A bearer token needs no CSRF token: no browser sends it by itself.
            try await client.execute(uri: "/api/v1/cases/\(id)/transitions", method: .post, headers: S.headers(ctx.tokens["shiftleader1"]),
                                     body: ByteBuffer(string: "{\"action\":\"file\"}")) { #expect($0.status == .ok) }
        }
    }

    @Test func failedSignInsLockTheAccountWithBackOff() async throws {
        try await S.withServer { ctx, client in
            try await Self.setPasswords(ctx)
            for _ in 0..<5 {
                #expect(try await Self.signIn(client, "dispatcher1", password: "wrong password").status == .unauthorized)
            }
            let locked = try await Self.signIn(client, "dispatcher1")
            #expect(locked.status == .tooManyRequests && locked.cookie == nil)
            // About 30 s from the fifth failure: each bcrypt check takes its time, more on a loaded machine.
            #expect((20...30).contains(Int(locked.response.headers[.retryAfter] ?? "") ?? 0))
            #expect(String(buffer: locked.response.body).contains("登录失败次数过多"))
            // Another account is not locked by it.
            #expect(try await Self.signIn(client, "dispatcher2").status == .seeOther)
        }
    }

    @Test func signingOutEndsTheSession() async throws {
        try await S.withServer { ctx, client in
            try await Self.setPasswords(ctx)
            let session = try await Self.signIn(client, "leader")
            let (_, html, _) = try await Self.page(client, "/app", cookie: session.cookie)
            let token = try #require(Self.csrf(in: html))
            try await client.execute(uri: "/signout", method: .post, headers: Self.formHeaders(cookie: session.cookie), body: Self.form([("_csrf", token)])) {
                #expect($0.status == .seeOther && $0.headers[.location] == "/signin")
                #expect(Self.setCookie("cg_session", $0)?.contains("Max-Age=0") == true)
            }
            let (status, _, redirect) = try await Self.page(client, "/app", cookie: session.cookie)
            #expect(status == .seeOther && redirect.headers[.location]?.hasPrefix("/signin") == true)
            // A browser still sending the ended session's cookie can sign in again.
            let (preSession, field) = try await client.execute(uri: "/signin", method: .get, headers: [.cookie: session.cookie ?? ""]) { response in
                (Self.cookieValue(Self.setCookie("cg_presession", response)), Self.csrf(in: String(buffer: response.body)))
            }
            try await client.execute(uri: "/signin", method: .post,
                                     headers: Self.formHeaders(cookie: "\(session.cookie ?? ""); cg_presession=\(preSession ?? "")"),
                                     body: Self.form([("_csrf", field ?? ""), ("username", "leader"), ("password", Self.password)])) {
                #expect($0.status == .seeOther && Self.setCookie("cg_session", $0) != nil)
            }
        }
    }

    @Test func aCasePageShowsWhatTheAPIWouldEscapedWithTheOfferedActions() async throws {
        try await S.withServer { ctx, client in
            try await Self.setPasswords(ctx)
            let p = S.demo.city.grids[0].boundary.representativePoint
            let id = try await client.execute(uri: "/api/v1/cases", method: .post, headers: S.headers(ctx.tokens["intake1"]),
                                              body: ByteBuffer(string: "{\"category\":\"E0102\",\"description\":\"<script>alert(1)</script> & 堆放\",\"location\":{\"lon\":\(p.lon),\"lat\":\(p.lat)}}")) {
                S.json($0.body)["id"] as? Int ?? 0
            }
            let intake = try await Self.signIn(client, "intake1")
            let (status, html, _) = try await Self.page(client, "/app/cases/\(id)", cookie: intake.cookie)
            #expect(status == .ok)
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; 堆放") && !html.contains("<script>alert(1)"))
            // The intake operator is offered accepting it, and not closing it.
            #expect(html.contains("data-action=\"accept\"") && !html.contains("data-action=\"close\""))
            // A handler of a body the case was not sent to gets what the API gives: not found.
            let handler = try await Self.signIn(client, "handler-d-urban")
            let (handlerStatus, handlerHTML, _) = try await Self.page(client, "/app/cases/\(id)", cookie: handler.cookie)
            #expect(handlerHTML.contains("id=\"refusal\"") && handlerHTML.contains("<html lang=\"zh-CN\">"))
            try await client.execute(uri: "/api/v1/cases/\(id)", method: .get, headers: S.headers(ctx.tokens["handler-d-urban"])) {
                #expect($0.status == handlerStatus && handlerStatus == .notFound)
            }
            // A refused action shows its reason in the caller's language.
            let token = try #require(Self.csrf(in: html))
            try await client.execute(uri: "/app/cases/\(id)/act", method: .post, headers: Self.formHeaders(cookie: intake.cookie),
                                     body: Self.form([("_csrf", token), ("action", "close")])) { response in
                #expect(response.status == .conflict || response.status == .forbidden)
                #expect(String(buffer: response.body).contains("操作未执行"))
            }
            try await client.execute(uri: "/app/cases/\(id)/act?lang=en", method: .post, headers: Self.formHeaders(cookie: intake.cookie),
                                     body: Self.form([("_csrf", token), ("action", "close")])) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("<html lang=\"en\">") && page.contains("Not done"))
            }
            // The language switch is remembered in a cookie.
            let (_, english, switched) = try await Self.page(client, "/app?lang=en", cookie: intake.cookie)
            #expect(english.contains("Cases I can see") && Self.setCookie("cg_lang", switched)?.hasPrefix("cg_lang=en") == true)
            let (_, remembered, _) = try await Self.page(client, "/app", cookie: (intake.cookie ?? "") + "; cg_lang=en")
            #expect(remembered.contains("Cases I can see"))
        }
    }

    @Test func assetsAreServedWithAnETagAndNothingElseIs() async throws {
        try await S.withServer { _, client in
            let etag = try await client.execute(uri: "/assets/css/citygrid.css", method: .get) { response -> String? in
                #expect(response.status == .ok && response.headers[.contentType] == "text/css; charset=utf-8")
                #expect(String(buffer: response.body).contains("font-family"))
                return response.headers[.eTag]
            }
            try await client.execute(uri: "/assets/css/citygrid.css", method: .get, headers: [.ifNoneMatch: etag ?? ""]) { #expect($0.status == .notModified) }
            for missing in ["/assets/nothing.js", "/assets/../Templates/layout.mustache", "/assets/Templates/layout.mustache"] {
                try await client.execute(uri: missing, method: .get) { #expect($0.status == .notFound, "\(missing)") }
            }
        }
    }
}

/// Per role: the case list (`/app/cases`) lists exactly the cases the JSON API lists for the same
/// person (the workbench's queues are checked by ``WorkbenchPageTests``).
@Suite struct WebPagesScopeTests {
    typealias S = ServerTests
    typealias W = WebPagesTests

    @Test func everyRolesWorkbenchListsWhatTheAPIListsForThem() async throws {
        try await S.withServer { ctx, client in
            try await W.setPasswords(ctx)
            // Cases in two districts, one of them dispatched to a body.
            let grids = S.demo.city.grids
            let a = grids.first!, b = grids.last { $0.code.ancestor(at: .district) != a.code.ancestor(at: .district) }!
            for grid in [a, b, a] {
                let p = grid.boundary.representativePoint
                try await client.execute(uri: "/api/v1/cases", method: .post, headers: S.headers(ctx.tokens["intake1"]),
                                         body: ByteBuffer(string: "{\"category\":\"E0102\",\"location\":{\"lon\":\(p.lon),\"lat\":\(p.lat)}}")) {
                    #expect($0.status == .created)
                }
            }
            for (action, who) in [("accept", "intake1"), ("file", "shiftleader1"), ("dispatch", "dispatcher1")] {
                try await client.execute(uri: "/api/v1/cases/1/transitions", method: .post, headers: S.headers(ctx.tokens[who]),
                                         body: ByteBuffer(string: "{\"action\":\"\(action)\"}")) { #expect($0.status == .ok, "\(action)") }
            }
            let district = a.code.ancestor(at: .district)!.rawValue
            let people = ["intake1", "dispatcher1", "leader", "leader-\(district)", "analyst", "handler-d-urban", "citizen1",
                          "inspector-" + a.code.ancestor(at: .community)!.rawValue]
            var seen: [String: Set<Int>] = [:]
            for username in people {
                let api = try await client.execute(uri: "/api/v1/cases?limit=50", method: .get, headers: S.headers(ctx.tokens[username])) { response -> Set<Int>? in
                    guard response.status == .ok else { return nil }
                    return Set((S.json(response.body)["cases"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int })
                }
                let session = try await W.signIn(client, username)
                #expect(session.status == .seeOther, "\(username) signs in")
                let (status, html, _) = try await W.page(client, "/app/cases", cookie: session.cookie)
                let listed = Set(html.components(separatedBy: "href=\"/app/cases/").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) })
                if let api {
                    #expect(status == .ok && listed == api, "\(username): page \(listed.sorted()), API \(api.sorted())")
                } else {
                    #expect(status == .forbidden, "\(username): the API refuses the list, so does the page (\(status))")
                }
                seen[username] = listed
            }
            // The check can fail: the roles do not all see the same cases.
            #expect(seen["intake1"] == [1, 2, 3] && seen["citizen1"] == [] && seen["leader-\(district)"] == [1, 3])
            // The case list's filters are the API's: the dispatched case alone, nothing warned yet,
            // and a bad value refused by field on a page.
            let intake = try await W.signIn(client, "intake1")
            for (query, expected) in [("state=dispatched", Set([1])), ("state=reported", Set([2, 3])), ("alert=warned", Set<Int>())] {
                let (status, html, _) = try await W.page(client, "/app/cases?\(query)", cookie: intake.cookie)
                let listed = Set(html.components(separatedBy: "href=\"/app/cases/").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) })
                #expect(status == .ok && listed == expected, "\(query): \(listed.sorted())")
            }
            let (bad, badHTML, _) = try await W.page(client, "/app/cases?alert=purple", cookie: intake.cookie)
            #expect(bad == .badRequest && badHTML.contains(" · alert</small>"))
        }
    }
}
