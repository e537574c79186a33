import CityGridCore
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Testing

/// The delegations page: a district leader grants a power through the form (CSRF-checked), sees it
/// with who granted it and why (escaped), revokes it through its form; the body's staff see the grant
/// made to their body and the power among their roles; a forged or bad form is refused.
@Suite struct DelegationPageTests {
    typealias S = ServerTests
    typealias W = WebPagesTests

    @Test func aLeaderGrantsAndRevokesThroughThePageAndTheBodysStaffSeeIt() async throws {
        try await S.withServer { ctx, client in
            try await W.setPasswords(ctx)
            let subdistrict = try #require(S.demo.city.regions.first { $0.level == .subdistrict })
            let district = try #require(subdistrict.code.ancestor(at: .district))
            let staff = try #require(S.demo.users.first { $0.role == .inspector && $0.organisationCode?.rawValue == "O-\(subdistrict.code)" })
            let leader = try await W.signIn(client, "leader-\(district)")
            var (status, html, _) = try await W.page(client, "/app/delegations?lang=en", cookie: leader.cookie)
            #expect(status == .ok && html.contains("href=\"/app/delegations\"") && html.contains("id=\"grant-power\""))
            #expect(html.contains("<option value=\"O-\(subdistrict.code)\">") && !html.contains("<option value=\"CENTRE\">"))
            let csrf = try #require(W.csrf(in: html))
            let reason = "<script>alert(1)</script> 汛期"
            let fields = [("power", "approve_extensions"), ("organisation_code", "O-\(subdistrict.code)"), ("jurisdiction", ""),
                          ("valid_from", ""), ("valid_until", "2099-01-01"), ("reason", reason)]
            // Without the token: refused; with a bad date: the page says which field.
            try await client.execute(uri: "/app/delegations", method: .post, headers: W.formHeaders(cookie: leader.cookie),
                                     body: W.form([("_csrf", "forged")] + fields)) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/app/delegations", method: .post, headers: W.formHeaders(cookie: leader.cookie),
                                     body: W.form([("_csrf", csrf)] + fields.map { $0.0 == "valid_until" ? ($0.0, "soon") : $0 })) {
                #expect($0.status == .badRequest && String(buffer: $0.body).contains("valid_until"))
            }
            #expect(try await ctx.service.store.delegations().isEmpty)
            // 2099 is more than a year away: refused too; a month from now is taken.
            let until = String(ISOTime.format(Date().addingTimeInterval(30 * 86_400)).prefix(10))
            try await client.execute(uri: "/app/delegations", method: .post, headers: W.formHeaders(cookie: leader.cookie),
                                     body: W.form([("_csrf", csrf)] + fields)) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/app/delegations", method: .post, headers: W.formHeaders(cookie: leader.cookie),
                                     body: W.form([("_csrf", csrf)] + fields.map { $0.0 == "valid_until" ? ($0.0, until) : $0 })) {
                #expect($0.status == .seeOther && $0.headers[.location] == "/app/delegations?done=granted")
            }
            let grant = try #require(try await ctx.service.store.delegations().first)
            #expect(grant.power == DelegatedPower.approveExtensions && grant.reason == reason && grant.validUntil > Date().addingTimeInterval(29 * 86_400))
            (status, html, _) = try await W.page(client, "/app/delegations?lang=en", cookie: leader.cookie)
            #expect(html.contains("id=\"delegation-\(grant.id)\" data-status=\"active\"") && html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!html.contains("<script>alert(1)</script>") && html.contains("action=\"/app/delegations/\(grant.id)/revoke\""))

            // The body's staff: the grant made to their body, the power among their roles, no form to grant or revoke.
            let officer = try await W.signIn(client, staff.username)
            (status, html, _) = try await W.page(client, "/app/delegations?lang=en", cookie: officer.cookie)
            #expect(status == .ok && html.contains("id=\"delegation-\(grant.id)\"") && html.contains("Approve extensions (delegated)"))
            #expect(!html.contains("id=\"grant-power\"") && !html.contains("/revoke\""))

            // Revoked through its form: shown as revoked with who and why.
            try await client.execute(uri: "/app/delegations/\(grant.id)/revoke", method: .post, headers: W.formHeaders(cookie: leader.cookie),
                                     body: W.form([("_csrf", csrf), ("reason", "汛期结束 season over")])) {
                #expect($0.status == .seeOther && $0.headers[.location] == "/app/delegations?done=revoked")
            }
            (status, html, _) = try await W.page(client, "/app/delegations?lang=en", cookie: leader.cookie)
            #expect(html.contains("id=\"delegation-\(grant.id)\" data-status=\"revoked\"") && html.contains("汛期结束 season over"))
        }
    }
}
