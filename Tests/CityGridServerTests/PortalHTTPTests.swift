import CityGridApplication
import CityGridCore
import CityGridServer
import CityGridService
import CityGridSQLite
import Foundation
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
            (W.csrf(in: String(buffer: response.body)) ?? "", "cg_presession=" + (W.cookieValue(W.setCookie("cg_presession", response)) ?? ""))
        }
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
            #expect(bad.status == .badRequest && badHTML.contains("data-field=\"contact\"") && badHTML.contains("The mobile number is not valid"))
            #expect(portal.codes.count == 0)
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
            #expect(forged.status == .forbidden && portal.codes.count == 1)
        }
    }

    @Test func theReportPageGivesThePlaceAndTheBodyAndTheGridsToTapOn() async throws {
        try await Self.withPortal { portal in
            let (status, html, _) = try await W.page(portal.client, "/portal/report?lang=en", cookie: nil)
            #expect(status == .ok && html.contains("id=\"report-map\"") && html.contains("Leave a contact for the return visit") == false)
            #expect(html.contains("leave a contact for the return visit") && html.contains("Sign in to attach photos."))
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
}
