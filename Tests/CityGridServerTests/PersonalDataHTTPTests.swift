import CityGridApplication
import CityGridCore
import CityGridServer
import CityGridService
import CityGridStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Personal data over HTTP: a reporter's name, phone, e-mail, account and device reach no page or
/// answer of a staff member whose `personal.read` does not reach the case, nor of another citizen;
/// every unmasked read by staff (the case page, the origin API) writes exactly one audit row, which
/// administrators query; a citizen downloads their own data (and no one else's) and closes their
/// account, their reports staying in the loop.
@Suite struct PersonalDataHTTPTests {
    typealias S = ServerTests
    typealias W = WebPagesTests
    typealias P = PortalHTTPTests

    static let secrets = ["13987654321", "private.person@example.org", "Xiaoming", "Wangwu-Surname", "acct-7788", "device-4455"]

    /// A user whose primary role is `role` in a jurisdiction holding `grid`; with `unentitled`, one
    /// who holds `personal.read` in none of their roles.
    static func staff(_ role: Role, covering grid: RegionCode, unentitled: Bool = false) throws -> User {
        try #require(S.demo.users.first { user in
            user.role == role && (user.jurisdiction.map { $0.contains(grid) } ?? true)
                && (!unentitled || !AccessPolicy.standard.holds(Caller(user: user), .personalRead))
        })
    }

    static func auditCount(_ context: S.Context) async throws -> Int {
        try await context.service.store.personalDataReads(PersonalDataReadQuery(limit: 1000)).count
    }

    @Test func onlyTheStaffWhoNeedItSeeTheContactAndEachOfTheirReadsIsAudited() async throws {
        try await S.withServer { context, client in
            let application = try await CityApplication.make(service: context.service)
            let point = S.demo.city.grids[20].boundary.representativePoint
            let report = try await application.reportFromPublic(
                PublicReportRequest(category: "E0102", location: point, description: "a broken bench",
                                    contact: ReporterContact(firstName: "Xiaoming", lastName: "Wangwu-Surname", phone: "13987654321",
                                                             email: "private.person@example.org", accountID: "acct-7788"),
                                    deviceID: "device-4455"), from: .portal(.anonymous))
            let id = report.id
            let intake = try Self.staff(.intakeOperator, covering: report.grid)
            let admin = try Self.staff(.admin, covering: report.grid)
            let dispatcher = try Self.staff(.dispatcher, covering: report.grid, unentitled: true)
            let leader = try Self.staff(.leader, covering: report.grid, unentitled: true)
            let citizen = try #require(S.demo.users.first { $0.role == .citizen })
            #expect(!application.policy.permits(Caller(user: dispatcher), .personalRead, on: .caseRecord(try await context.service.caseByID(id))))

            // Everything a non-entitled staff member or another citizen can reach about the case.
            let uris = ["/app/cases/\(id)", "/api/v1/cases/\(id)", "/api/v1/cases/\(id)/events", "/api/v1/cases/\(id)/origin",
                        "/api/v1/cases/\(id)/duplicates", "/api/v1/cases?limit=200", "/app/cases", "/app", "/app/centre",
                        "/app/centre/cases", "/app/inbox", "/api/v1/me", "/api/v1/me/inbox", "/portal/cases/\(id)", "/portal/cases.json",
                        "/api/v1/audit/personal-data"]
            let before = try await Self.auditCount(context)
            var read = 0
            for user in [dispatcher, leader, citizen] {
                for uri in uris {
                    try await client.execute(uri: uri, method: .get, headers: S.headers(context.tokens[user.username])) { r in
                        if r.status == .ok { read += 1 }
                        let text = String(buffer: r.body)
                        for secret in Self.secrets { #expect(!text.contains(secret), "\(user.username) \(uri) shows \(secret)") }
                    }
                }
            }
            #expect(read >= 25, "the walk read pages and answers: \(read)")
            #expect(try await Self.auditCount(context) == before, "a masked read is not audited")
            // The dispatcher sees the contact masked on the page and in the API.
            try await client.execute(uri: "/api/v1/cases/\(id)/origin", method: .get, headers: S.headers(context.tokens[dispatcher.username])) { r in
                #expect(r.status == .ok)
                let body = S.json(r.body)
                #expect(body["unmasked"] as? Bool == false && (body["contact"] as? String)?.contains("139****4321") == true)
            }

            // The entitled: each unmasked read writes exactly one row.
            var expected = before
            for user in [intake, admin] {
                for uri in ["/app/cases/\(id)", "/api/v1/cases/\(id)/origin"] {
                    try await client.execute(uri: uri, method: .get, headers: S.headers(context.tokens[user.username])) { r in
                        #expect(r.status == .ok)
                        let text = String(buffer: r.body)
                        #expect(text.contains("13987654321") && text.contains("private.person@example.org"), "\(user.username) \(uri)")
                    }
                    expected += 1
                    #expect(try await Self.auditCount(context) == expected, "\(user.username) \(uri) audited once")
                }
            }
            let rows = try await context.service.store.personalDataReads(PersonalDataReadQuery(caseID: id))
            #expect(rows.count == 4)
            #expect(rows.map(\.readerID) == [intake.id, intake.id, admin.id, admin.id])
            #expect(rows.map(\.purpose) == ["GET /app/cases/{id}", "GET /api/v1/cases/{id}/origin", "GET /app/cases/{id}", "GET /api/v1/cases/{id}/origin"])
            #expect(rows[0].readerRole == .intakeOperator && rows[2].readerRole == .admin)
            #expect(rows.allSatisfy { $0.fields == ["account_id", "device_id", "email", "name", "phone"] })

            // Administrators query the audit; others are refused.
            try await client.execute(uri: "/api/v1/audit/personal-data?case=\(id)&user=\(intake.username)", method: .get,
                                     headers: S.headers(context.tokens[admin.username])) { r in
                #expect(r.status == .ok)
                let reads = S.json(r.body)["reads"] as? [[String: Any]] ?? []
                #expect(reads.count == 2 && reads.allSatisfy { $0["reader_username"] as? String == intake.username })
            }
            try await client.execute(uri: "/api/v1/audit/personal-data?limit=1", method: .get, headers: S.headers(context.tokens[admin.username])) { r in
                #expect(S.json(r.body)["next_after"] as? Int == 1)
            }
            try await client.execute(uri: "/api/v1/audit/personal-data?limit=0", method: .get, headers: S.headers(context.tokens[admin.username])) { r in
                #expect(r.status == .badRequest && S.errorOf(r.body).field == "limit")
            }
            for user in [intake, dispatcher, citizen] {
                try await client.execute(uri: "/api/v1/audit/personal-data", method: .get, headers: S.headers(context.tokens[user.username])) { r in
                    #expect(r.status == .forbidden, "\(user.username)")
                }
            }
            #expect(try await Self.auditCount(context) == expected, "querying the audit reads no personal data")
        }
    }

    @Test func aCitizenDownloadsTheirOwnDataAndClosesTheirAccountTheirReportsStaying() async throws {
        try await P.withPortal { portal in
            let application = portal.application
            let point = application.city.grids[30].boundary.representativePoint
            let (ownCookie, _) = try await P.signIn(portal, "13900001111")
            let ownCookieValue = try #require(ownCookie)
            let (otherCookie, _) = try await P.signIn(portal, "other.citizen@example.org")
            let own = try #require(try await application.current.service.store.user(contact: "+8613900001111"))
            let other = try #require(try await application.current.service.store.user(contact: "other.citizen@example.org"))
            let mine = try await application.reportFromPublic(
                PublicReportRequest(category: "E0102", location: point, description: "my-own-words", contact: ReporterContact(firstName: "Mingming", phone: "13900001111")),
                from: .portal(Caller(user: own)))
            let theirs = try await application.reportFromPublic(
                PublicReportRequest(category: "E0102", location: point, description: "their-words-secret", contact: ReporterContact(firstName: "Otherperson")),
                from: .portal(Caller(user: other)))

            // The download: theirs, and no one else's.
            let (status, text, response) = try await W.page(portal.client, "/portal/mine/data.json", cookie: ownCookieValue)
            #expect(status == .ok && response.headers[.contentDisposition]?.contains("attachment") == true)
            let data = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            let account = data["account"] as? [String: Any] ?? [:]
            #expect(account["contact"] as? String == "+8613900001111")
            let reports = data["reports"] as? [[String: Any]] ?? []
            #expect(reports.map { $0["id"] as? Int } == [Int(mine.id.rawValue)])
            #expect(reports.first?["description"] as? String == "my-own-words")
            #expect((reports.first?["contact"] as? [String: Any])?["first_name"] as? String == "Mingming")
            for foreign in ["their-words-secret", "Otherperson", "other.citizen@example.org"] {
                #expect(!text.contains(foreign), "the download shows \(foreign)")
            }
            // Another citizen's download does not hold the first's.
            let (_, otherText, _) = try await W.page(portal.client, "/portal/mine/data.json", cookie: try #require(otherCookie))
            for foreign in ["my-own-words", "Mingming", "13900001111"] { #expect(!otherText.contains(foreign)) }

            // The close form needs the ticked confirmation and the CSRF token.
            let csrf = try await P.sessionToken(portal, cookie: ownCookieValue)
            let noToken = try await portal.client.execute(uri: "/portal/mine/close", method: .post, headers: W.formHeaders(cookie: ownCookieValue),
                                                          body: W.form([("confirm", "yes")]))
            #expect(noToken.status != .seeOther)
            let unconfirmed = try await portal.client.execute(uri: "/portal/mine/close", method: .post, headers: W.formHeaders(cookie: ownCookieValue),
                                                              body: W.form([("_csrf", csrf)]))
            #expect(unconfirmed.status == .badRequest && String(buffer: unconfirmed.body).contains("close-refused"))
            #expect(try await application.current.service.store.contact(of: own.id) == "+8613900001111")
            let closed = try await portal.client.execute(uri: "/portal/mine/close", method: .post, headers: W.formHeaders(cookie: ownCookieValue),
                                                         body: W.form([("_csrf", csrf), ("confirm", "yes")]))
            #expect(closed.status == .seeOther && closed.headers[.location] == "/portal?closed=1")

            // The person is gone: contact, sign-in, session; the account renamed.
            #expect(try await application.current.service.store.contact(of: own.id) == nil)
            #expect(try await application.current.service.store.user(contact: "+8613900001111") == nil)
            let renamed = try #require(try await application.current.service.store.users().first { $0.id == own.id })
            #expect(renamed.username == "closed-\(own.id.rawValue)" && renamed.displayName == CityApplication.closedAccountName)
            let (after, _, afterResponse) = try await W.page(portal.client, "/portal/mine", cookie: ownCookieValue)
            #expect(after == .seeOther && afterResponse.headers[.location]?.hasPrefix("/portal/signin") == true)
            // The report stays in the loop, detached: no contact with it.
            let kept = try await application.publicCase(mine.id)
            #expect(kept.id == mine.id)
            #expect(try await application.current.service.store.origin(ofCase: mine.id)?.contact == nil)
            // The other citizen is untouched.
            #expect(try await application.current.service.store.contact(of: other.id) == "other.citizen@example.org")
            #expect(try await application.current.service.store.origin(ofCase: theirs.id)?.contact?.firstName == "Otherperson")
            // Signing in again with the same phone makes a new, empty account.
            let (againCookie, _) = try await P.signIn(portal, "13900001111")
            let (_, againText, _) = try await W.page(portal.client, "/portal/mine/data.json", cookie: try #require(againCookie))
            #expect(!againText.contains("my-own-words"))
        }
    }
}
