import CityGridApplication
import CityGridCore
import CityGridServer
import CityGridService
import CityGridSQLite
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

/// Collects the portal's one-time codes instead of sending them.
final class PortalCodes: OneTimeCodeSender {
    private let sent = Mutex<[OneTimeCodeMessage]>([])
    func send(_ message: OneTimeCodeMessage) async throws { sent.withLock { $0.append(message) } }
    var last: OneTimeCodeMessage? { sent.withLock { $0.last } }
    var count: Int { sent.withLock { $0.count } }
}

/// The citizen portal over HTTP: the shell (manifest, service worker, CSP), registration and
/// sign-in with a one-time code through the forms (CSRF, the session cookie, refusals naming the
/// field in the page's language), the report page's place and grid outlines, and the route table's
/// entries for the portal.
@Suite struct PortalHTTPTests {
    typealias W = WebPagesTests

    struct Portal {
        let application: CityApplication
        let codes: PortalCodes
        let client: any TestClientProtocol
    }

    static func withPortal(_ body: @Sendable (Portal) async throws -> Void) async throws {
        let folder = NSTemporaryDirectory() + "citygrid-portal-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try SQLiteCityStore(path: folder + "/c.sqlite")
        try await store.replaceCity(ServerTests.demo.city, users: ServerTests.demo.users, components: ServerTests.demo.components)
        let service = try await CityService.open(store, media: MediaOptions(directory: folder + "/media"))
        let application = try await CityApplication.make(service: service)
        let codes = PortalCodes()
        let app = Application(router: try CityGridServer.buildRouter(application: application, codeSender: codes),
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: Logger(label: "test"))
        try await app.test(.router) { client in try await body(Portal(application: application, codes: codes, client: client)) }
    }

    /// The `_csrf` value and the pre-session cookie of a portal page.
    static func formToken(_ client: any TestClientProtocol, _ uri: String) async throws -> (csrf: String, cookie: String) {
        try await client.execute(uri: uri, method: .get) { response in
            (Self.metaToken(in: String(buffer: response.body)) ?? "", "cg_presession=" + (W.cookieValue(W.setCookie("cg_presession", response)) ?? ""))
        }
    }

    /// The token every portal page gives its forms and scripts (`<meta name="csrf-token">`).
    static func metaToken(in html: String) -> String? {
        guard let range = html.range(of: "<meta name=\"csrf-token\" content=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    /// Registers (or signs in) `contact` through the forms; the session cookie and the last answer.
    static func signIn(_ portal: Portal, _ contact: String, next: String = "/portal/mine") async throws -> (cookie: String?, response: TestResponse) {
        let (csrf, cookie) = try await formToken(portal.client, "/portal/signin")
        let asked = try await portal.client.execute(uri: "/portal/code", method: .post, headers: W.formHeaders(cookie: cookie),
                                                    body: W.form([("_csrf", csrf), ("contact", contact), ("next", next)]))
        #expect(asked.status == .ok, "\(String(buffer: asked.body))")
        let code = try #require(portal.codes.last).code
        let verified = try await portal.client.execute(uri: "/portal/verify", method: .post, headers: W.formHeaders(cookie: cookie),
                                                       body: W.form([("_csrf", csrf), ("contact", contact), ("code", code), ("next", next)]))
        return (W.cookieValue(W.setCookie("cg_session", verified)).map { "cg_session=\($0)" }, verified)
    }

    @Test func theShellIsInstallableWithAServiceWorkerScopedToThePortal() async throws {
        try await Self.withPortal { portal in
            let (status, html, home) = try await W.page(portal.client, "/portal", cookie: nil)
            #expect(status == .ok && html.contains("<link rel=\"manifest\" href=\"/portal/manifest.webmanifest?lang=zh-CN\">"))
            #expect(home.headers[.init("Content-Security-Policy")!] == "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'")
            #expect(!html.contains("<script>") && !html.contains("onclick"))
            let manifest = try await portal.client.execute(uri: "/portal/manifest.webmanifest?lang=en", method: .get) { $0 }
            #expect(manifest.headers[.contentType]?.hasPrefix("application/manifest+json") == true)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(buffer: manifest.body)) as? [String: Any])
            #expect(json["scope"] as? String == "/portal" && json["start_url"] as? String == "/portal" && json["display"] as? String == "standalone")
            #expect(json["short_name"] as? String == "Report it")
            let icons = try #require(json["icons"] as? [[String: String]])
            #expect(Set(icons.compactMap { $0["sizes"] }) == ["192x192", "512x512", "any"])
            for icon in icons {
                let answer = try await portal.client.execute(uri: try #require(icon["src"]), method: .get) { $0 }
                #expect(answer.status == .ok && answer.headers[.contentType] == icon["type"], "\(icon)")
                if icon["type"] == "image/png" { #expect(Array(Data(buffer: answer.body).prefix(4)) == [0x89, 0x50, 0x4e, 0x47]) }
            }
            let worker = try await portal.client.execute(uri: "/portal/sw.js", method: .get) { $0 }
            #expect(worker.status == .ok && worker.headers[.init("Service-Worker-Allowed")!] == "/portal")
            #expect(worker.headers[.contentType]?.hasPrefix("text/javascript") == true && String(buffer: worker.body).contains("caches.open"))
            // One picture per major class of the catalogue.
            for major in portal.application.city.catalogue.majors {
                let icon = try await portal.client.execute(uri: "/assets/portal/categories/\(major.kind.letter)\(major.code).svg", method: .get) { $0 }
                #expect(icon.status == .ok && String(buffer: icon.body).contains("<svg"), "\(major.code)")
            }
        }
    }

    @Test func aCitizenRegistersWithACodeAndGetsTheStaffsKindOfSession() async throws {
        try await Self.withPortal { portal in
            let (status, html, _) = try await W.page(portal.client, "/portal/signin", cookie: nil)
            #expect(status == .ok && html.contains("手机号或电子邮箱"))
            let first = try await Self.signIn(portal, "13800138000")
            #expect(first.response.status == .seeOther && first.response.headers[.location] == "/portal/mine?welcome=1")
            let line = try #require(W.setCookie("cg_session", first.response))
            for attribute in ["HttpOnly", "Secure", "SameSite=Lax", "Path=/"] { #expect(line.contains(attribute), "\(attribute) in \(line)") }
            let cookie = try #require(first.cookie)
            // Signed in: the portal knows the citizen by their masked contact, never the whole of it elsewhere.
            let (_, signedIn, _) = try await W.page(portal.client, "/portal", cookie: cookie)
            #expect(signedIn.contains("138****8000") && !signedIn.contains("13800138000"))
            let me = try await portal.client.execute(uri: "/portal/session.json", method: .get, headers: [.cookie: cookie]) {
                try JSONSerialization.jsonObject(with: Data(buffer: $0.body)) as? [String: Any]
            }
            #expect(me?["signed_in"] as? Bool == true && me?["name"] as? String == "138****8000")
            // The second time: signed in, not registered again.
            let second = try await Self.signIn(portal, "+86 138 0013 8000", next: "/portal/report")
            #expect(second.response.headers[.location] == "/portal/report" && second.cookie != nil && second.cookie != cookie)
            #expect(try await portal.application.caller(bearerToken: W.cookieValue(second.cookie)!).user?.role == .citizen)
            // Next is kept to the portal: never another site.
            let away = try await Self.signIn(portal, "a@example.com", next: "https://evil.example/")
            #expect(away.response.headers[.location] == "/portal/mine?welcome=1")
        }
    }

    @Test func badContactsAndCodesAreRefusedInThePageNamingTheField() async throws {
        try await Self.withPortal { portal in
            let (csrf, cookie) = try await Self.formToken(portal.client, "/portal/signin?lang=en")
            var headers = W.formHeaders(cookie: cookie + "; cg_lang=en")
            let bad = try await portal.client.execute(uri: "/portal/code", method: .post, headers: headers,
                                                      body: W.form([("_csrf", csrf), ("contact", "12345")]))
            let badHTML = String(buffer: bad.body)
            // The code sent, in English: to the masked contact, until when.
            let sent = try await portal.client.execute(uri: "/portal/code", method: .post, headers: headers,
                                                       body: W.form([("_csrf", csrf), ("contact", "c@example.com")])) { String(buffer: $0.body) }
            #expect(sent.contains("A code was sent to c***@example.com, valid until "))
            #expect(bad.status == .badRequest && badHTML.contains("data-field=\"contact\"") && badHTML.contains("The mobile number is not valid"))
            #expect(portal.codes.count == 1)
            _ = try await portal.client.execute(uri: "/portal/code", method: .post, headers: headers,
                                                body: W.form([("_csrf", csrf), ("contact", "b@example.com")]))
            let code = try #require(portal.codes.last).code
            let wrongCode = code == "000000" ? "111111" : "000000"
            let wrong = try await portal.client.execute(uri: "/portal/verify", method: .post, headers: headers,
                                                        body: W.form([("_csrf", csrf), ("contact", "b@example.com"), ("code", wrongCode)]))
            let wrongHTML = String(buffer: wrong.body)
            #expect(wrong.status == .badRequest && wrongHTML.contains("data-field=\"code\"") && wrongHTML.contains("The code is wrong: 4 more tries"))
            #expect(W.setCookie("cg_session", wrong) == nil)
            // In Chinese by default.
            headers = W.formHeaders(cookie: cookie)
            let soon = try await portal.client.execute(uri: "/portal/code", method: .post, headers: headers,
                                                       body: W.form([("_csrf", csrf), ("contact", "b@example.com")]))
            #expect(soon.status == .tooManyRequests && soon.headers[.retryAfter] != nil && String(buffer: soon.body).contains("验证码已发送"))
            // Without the form's token: refused before anything is sent.
            let forged = try await portal.client.execute(uri: "/portal/code", method: .post, headers: W.formHeaders(cookie: nil),
                                                         body: W.form([("contact", "13900139000")]))
            #expect(forged.status == .forbidden && portal.codes.count == 2)
        }
    }

    @Test func theReportPageGivesThePlaceAndTheBodyAndTheGridsToTapOn() async throws {
        try await Self.withPortal { portal in
            let (status, html, _) = try await W.page(portal.client, "/portal/report?lang=en", cookie: nil)
            #expect(status == .ok && html.contains("id=\"report-map\"") && html.contains("Leave a contact for the return visit") == false)
            // Photos for everyone, signed in or not.
            #expect(html.contains("leave a contact for the return visit") && html.contains("id=\"photos\" type=\"file\""))
            let grid = try #require(portal.application.city.grids.first)
            let point = grid.boundary.representativePoint
            let place = try await portal.client.execute(uri: "/portal/place.json?lon=\(point.lon)&lat=\(point.lat)&category=E0102", method: .get) {
                ($0.status, try JSONSerialization.jsonObject(with: Data(buffer: $0.body)) as? [String: Any])
            }
            #expect(place.0 == .ok)
            #expect((place.1?["grid"] as? [String: Any])?["code"] as? String == grid.code.rawValue)
            let expected = try portal.application.reportPlace(at: point, category: "E0102").body
            #expect(((place.1?["body"] as? [String: Any])?["code"] as? String) == expected?.code.rawValue && expected != nil)
            let outside = try await portal.client.execute(uri: "/portal/place.json?lon=0&lat=0", method: .get) { $0 }
            #expect(outside.status == .badRequest && String(buffer: outside.body).contains("outside_city"))
            let outlines = try await portal.client.execute(uri: "/portal/grids.geojson", method: .get, headers: [.acceptEncoding: "gzip"]) { $0 }
            #expect(outlines.status == .ok && outlines.headers[.contentEncoding] == "gzip" && outlines.headers[.eTag] != nil)
        }
    }

    @Test func aCitizensOwnPagesSendAStrangerToThePortalsSignIn() async throws {
        try await Self.withPortal { portal in
            let (status, _, answer) = try await W.page(portal.client, "/portal/mine", cookie: nil)
            #expect(status == .seeOther && answer.headers[.location] == "/portal/signin?next=%2Fportal%2Fmine")
        }
    }

    /// A JSON POST of the portal with the page's token: the session's, or the pre-session's.
    static func post(_ portal: Portal, _ uri: String, json: String, cookie: String, csrf: String) async throws -> (HTTPResponse.Status, [String: Any]) {
        try await portal.client.execute(uri: uri, method: .post, headers: [.contentType: "application/json", .cookie: cookie, HTTPField.Name("X-CSRF-Token")!: csrf],
                                        body: ByteBuffer(string: json)) {
            ($0.status, (try? JSONSerialization.jsonObject(with: Data(buffer: $0.body)) as? [String: Any]) ?? [:])
        }
    }

    /// The CSRF token the portal's pages give a signed-in cookie (from `/portal/session.json`).
    static func sessionToken(_ portal: Portal, cookie: String) async throws -> String {
        try await portal.client.execute(uri: "/portal/session.json", method: .get, headers: [.cookie: cookie]) {
            ((try? JSONSerialization.jsonObject(with: Data(buffer: $0.body)) as? [String: Any])?["csrf"] as? String) ?? ""
        }
    }

    @Test func anAnonymousReportKeepsItsContactOutOfThePublicViewAndDuplicatesAreOffered() async throws {
        try await Self.withPortal { portal in
            let grid = try #require(portal.application.city.grids.dropFirst(40).first)
            let point = grid.boundary.representativePoint
            let (csrf, cookie) = try await Self.formToken(portal.client, "/portal/report")
            let json = """
                {"category":"E0102","location":{"lon":\(point.lon),"lat":\(point.lat)},"description":"垃圾 garbage",
                 "contact":{"name":"Wang","phone":"13500001234","email":""},"device_id":"0a1b2c3d"}
                """
            let (status, answer) = try await Self.post(portal, "/portal/report", json: json, cookie: cookie, csrf: csrf)
            #expect(status == .created, "\(answer)")
            let id = try #require(answer["id"] as? Int)
            #expect(answer["url"] as? String == "/portal/cases/\(id)" && (answer["number"] as? String)?.hasPrefix("E0102") == true)
            // Without the page's token: refused, nothing reported.
            let (forged, _) = try await Self.post(portal, "/portal/report", json: json, cookie: cookie, csrf: "nope")
            #expect(forged == .forbidden)
            // An anonymous reporter cannot name an upload by id: their photos come with the report.
            let (photos, refusal) = try await Self.post(portal, "/portal/report", json: json.replacingOccurrences(of: "\"device_id\"", with: "\"attachments\":[\"media:abc\"],\"device_id\""),
                                                        cookie: cookie, csrf: csrf)
            #expect(photos == .badRequest && (refusal["error"] as? [String: Any])?["field"] as? String == "attachments")
            // A bad category is refused naming the field.
            let (bad, badAnswer) = try await Self.post(portal, "/portal/report", json: json.replacingOccurrences(of: "E0102", with: "E0999"), cookie: cookie, csrf: csrf)
            #expect(bad == .badRequest && (badAnswer["error"] as? [String: Any])?["field"] as? String == "service_code")

            // The public page: no contact, no device; anyone may read it.
            let (pageStatus, html, _) = try await W.page(portal.client, "/portal/cases/\(id)", cookie: nil)
            #expect(pageStatus == .ok && html.contains("已收到") && html.contains(grid.code.rawValue))
            #expect(!html.contains("13500001234") && !html.contains("Wang") && !html.contains("0a1b2c3d") && !html.contains("垃圾 garbage"))
            #expect(!html.contains("data-action=\"visit\"") && !html.contains("data-action=\"reopen\""))
            let (missing, missingHTML, _) = try await W.page(portal.client, "/portal/cases/999999", cookie: nil)
            #expect(missing == .notFound && missingHTML.contains("id=\"refusal\""))

            // The same problem nearby: offered as a likely duplicate, with its distance.
            let nearby = try await portal.client.execute(uri: "/portal/nearby.json?lon=\(point.lon)&lat=\(point.lat)&category=E0102", method: .get) {
                try JSONSerialization.jsonObject(with: Data(buffer: $0.body)) as? [String: Any]
            }
            let first = try #require((nearby?["cases"] as? [[String: Any]])?.first)
            #expect(first["id"] as? Int == id && first["distance_m"] as? Int == 0 && first["description"] == nil)
            let other = try await portal.client.execute(uri: "/portal/nearby.json?lon=\(point.lon)&lat=\(point.lat)&category=C0101", method: .get) {
                try JSONSerialization.jsonObject(with: Data(buffer: $0.body)) as? [String: Any]
            }
            #expect((other?["cases"] as? [Any])?.isEmpty == true)

            // The public map's data: by category (a major class) and status, at the grid's point.
            let listed = try await portal.client.execute(uri: "/portal/cases.json?category=E01&status=open&area=\(grid.code.rawValue.prefix(6))", method: .get) {
                try JSONSerialization.jsonObject(with: Data(buffer: $0.body)) as? [String: Any]
            }
            let item = try #require((listed?["cases"] as? [[String: Any]])?.first { $0["id"] as? Int == id })
            #expect(item["status"] as? String == "open" && abs((item["lon"] as? Double ?? 0) - point.lon) < 1e-9)
            let closedOnly = try await portal.client.execute(uri: "/portal/cases.json?status=closed&category=E0102", method: .get) {
                try JSONSerialization.jsonObject(with: Data(buffer: $0.body)) as? [String: Any]
            }
            #expect((closedOnly?["cases"] as? [[String: Any]])?.contains { $0["id"] as? Int == id } == false)
            let badFilter = try await portal.client.execute(uri: "/portal/cases.json?status=maybe", method: .get) { $0 }
            #expect(badFilter.status == .badRequest && String(buffer: badFilter.body).contains("\"field\":\"status\""))
            let (mapStatus, mapHTML, _) = try await W.page(portal.client, "/portal/map?lang=en&category=E01", cookie: nil)
            #expect(mapStatus == .ok && mapHTML.contains("data-source=\"/portal/cases.json?category=E01\"") && mapHTML.contains("<option value=\"E01\" selected>"))
        }
    }

    @Test func aCitizenReportsFollowsTheirCaseToClosureRatesItAndReopensIt() async throws {
        try await Self.withPortal { portal in
            let signedIn = try await Self.signIn(portal, "13800138000")
            let cookie = try #require(signedIn.cookie)
            let csrf = try await Self.sessionToken(portal, cookie: cookie)
            let citizen = try await portal.application.caller(bearerToken: try #require(W.cookieValue(cookie)))
            // A photo of theirs, uploaded as the page does, sent with the report.
            let upload = try await portal.client.execute(uri: "/api/v1/media", method: .post,
                                                         headers: [.contentType: "image/jpeg", .cookie: cookie, HTTPField.Name("X-CSRF-Token")!: csrf],
                                                         body: ByteBuffer(bytes: MediaHTTPTests.jpeg)) {
                ($0.status, try JSONSerialization.jsonObject(with: Data(buffer: $0.body)) as? [String: Any])
            }
            #expect(upload.0 == .ok || upload.0 == .created, "\(String(describing: upload.1))")
            let attachment = try #require(upload.1?["attachment"] as? String)
            let grid = try #require(portal.application.city.grids.dropFirst(80).first)
            let point = grid.boundary.representativePoint
            let (status, answer) = try await Self.post(portal, "/portal/report", json: """
                {"category":"E0102","location":{"lon":\(point.lon),"lat":\(point.lat)},"description":"门口垃圾","attachments":["\(attachment)"],
                 "contact":{"name":"ignored for a signed-in citizen"}}
                """, cookie: cookie, csrf: csrf)
            #expect(status == .created, "\(answer)")
            let id = CaseID(Int64(try #require(answer["id"] as? Int)))
            let events = try await portal.application.events(ofCase: id, for: citizen)
            #expect(events.first?.event.attachments == [attachment])
            // Their reports, and their contact in full for them alone.
            let (_, mine, _) = try await W.page(portal.client, "/portal/mine", cookie: cookie)
            #expect(mine.contains("data-case-id=\"\(id.rawValue)\"") && mine.contains("+86 138 0013 8000"))

            // Closed by staff (through the application, as the command line would).
            try await Self.close(portal.application, id)
            let (_, closedPage, _) = try await W.page(portal.client, "/portal/cases/\(id.rawValue)", cookie: cookie)
            #expect(closedPage.contains("已结案") && closedPage.contains("data-action=\"visit\"") && closedPage.contains("data-action=\"reopen\""))
            let (_, notices, _) = try await W.page(portal.client, "/portal/mine", cookie: cookie)
            #expect(notices.contains("<li data-case-id=\"\(id.rawValue)\"><time>"))
            // The body publishes its reply with a photo: on the public page, the photo at its public address.
            let body = try await portal.application.caseView(id, for: citizen).value.departmentCode
            let handler = Caller(user: try #require(ServerTests.demo.users.first { $0.role == .departmentHandler && $0.organisationCode == body }))
            let photo = try await portal.application.upload(MediaHTTPTests.jpeg, by: handler)
            _ = try await portal.application.act(on: id, StepRequest(action: "publish_reply", note: "已清理完毕 cleaned up", attachments: ["media:\(photo.id)"]),
                                                 by: handler)
            // Another visitor sees the reply and its photo, and neither form.
            let (_, stranger, _) = try await W.page(portal.client, "/portal/cases/\(id.rawValue)", cookie: nil)
            #expect(!stranger.contains("data-action=\"visit\"") && stranger.contains("<p id=\"reply\">已清理完毕 cleaned up</p>"))
            #expect(stranger.contains("src=\"/public/media/\(photo.id)\""))
            let published = try await portal.client.execute(uri: "/public/media/\(photo.id)", method: .get) { $0.status }
            #expect(published == .ok)

            let version = try await portal.application.caseView(id, for: citizen).value.version
            let rated = try await portal.client.execute(uri: "/portal/cases/\(id.rawValue)/act", method: .post, headers: W.formHeaders(cookie: cookie),
                                                        body: W.form([("_csrf", csrf), ("action", "visit"), ("satisfaction", "basically_satisfied"),
                                                                      ("note", "ok"), ("expected_version", "\(version)")])) { $0 }
            #expect(rated.status == .seeOther && rated.headers[.location] == "/portal/cases/\(id.rawValue)?done=visit")
            #expect(try await portal.application.caseView(id, for: citizen).value.satisfaction == .basicallySatisfied)
            // Only the portal's two actions; a second visit is refused in the page, with the reason.
            let other = try await portal.client.execute(uri: "/portal/cases/\(id.rawValue)/act", method: .post, headers: W.formHeaders(cookie: cookie),
                                                        body: W.form([("_csrf", csrf), ("action", "dispose")])) { $0 }
            #expect(other.status == .badRequest)
            let again = try await portal.client.execute(uri: "/portal/cases/\(id.rawValue)/act", method: .post, headers: W.formHeaders(cookie: cookie),
                                                        body: W.form([("_csrf", csrf), ("action", "visit"), ("satisfaction", "satisfied")])) { $0 }
            #expect(again.status != .seeOther && String(buffer: again.body).contains("id=\"act-refused\""))
            let reopened = try await portal.client.execute(uri: "/portal/cases/\(id.rawValue)/act", method: .post, headers: W.formHeaders(cookie: cookie),
                                                           body: W.form([("_csrf", csrf), ("action", "reopen"), ("note", "还有垃圾")])) { $0 }
            #expect(reopened.status == .seeOther)
            #expect(try await portal.application.myReports(citizen).count == 2)
        }
    }

    /// Takes case `id` round the loop to closure as the demo city's staff.
    static func close(_ application: CityApplication, _ id: CaseID) async throws {
        let users = ServerTests.demo.users
        func caller(_ pick: (User) -> Bool) throws -> Caller {
            guard let user = users.first(where: pick) else { throw DomainError.notFound("user", "for the step") }
            return Caller(user: user)
        }
        func step(_ action: String, _ who: Caller, note: String = "") async throws {
            _ = try await application.act(on: id, StepRequest(action: action, note: note), by: who)
        }
        let value = try await application.caseView(id, for: try caller { $0.role == .admin }).value
        let covers = { (user: User) in user.jurisdiction.map { $0.contains(value.chain.grid) } ?? true }
        try await step("accept", try caller { $0.role == .intakeOperator && covers($0) })
        try await step("file", try caller { $0.role == .shiftLeader && covers($0) })
        try await step("dispatch", try caller { $0.role == .dispatcher && covers($0) })
        let body = try await application.caseView(id, for: try caller { $0.role == .admin }).value.departmentCode
        try await step("dispose", try caller { $0.role == .departmentHandler && $0.organisationCode == body }, note: "已清理")
        try await step("check", try caller { $0.role == .inspector && covers($0) })
        try await step("close", try caller { $0.role == .shiftLeader && covers($0) })
    }

}

/// The default sender writes the code to the server's log (where a trial, and the browser tests, read it).
@Suite struct LoggingCodeSenderTests {
    final class Lines: @unchecked Sendable {
        let lock = NSLock()
        var entries: [(Logger.Level, String, Logger.Metadata)] = []
    }

    struct Capture: LogHandler {
        let lines: Lines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            lines.lock.lock()
            lines.entries.append((event.level, "\(event.message)", event.metadata ?? [:]))
            lines.lock.unlock()
        }
    }

    @Test func theCodeAndItsContactGoToTheLog() async throws {
        let lines = Lines()
        let sender = LoggingCodeSender(logger: Logger(label: "test") { _ in Capture(lines: lines) })
        let contact = try ContactAddress(parsing: "13800138000")
        try await sender.send(OneTimeCodeMessage(contact: contact, code: "012345", expiresAt: Date(timeIntervalSince1970: 1_800_000_000),
                                                 text: LocalizedText(zh: "验证码 012345", en: "code 012345")))
        let entry = try #require(lines.entries.first)
        #expect(entry.0 == .notice && entry.1 == "one-time code")
        #expect(entry.2["contact"] == "+8613800138000" && entry.2["code"] == "012345" && entry.2["expires_at"] == "2027-01-15T08:00:00Z")
        #expect(entry.2["message"]?.description == "验证码 012345 / code 012345")
    }
}
