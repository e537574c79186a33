import CityGridCore
import CityGridServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A browser that navigates to a page it may not see, or sends a form without its CSRF token, is
/// answered with the refusal page in its language (and the API's status); a script's request to the
/// same routes keeps getting JSON.
@Suite struct PageRefusalTests {
    typealias S = ServerTests
    typealias W = WebPagesTests

    @Test func refusalsBeforeTheHandlerArePagesForABrowserAndJSONForAScript() async throws {
        try await S.withServer { ctx, client in
            try await W.setPasswords(ctx)
            // A citizen holds no evaluation permission: the dashboard is refused by the route's policy.
            let citizen = try await W.signIn(client, "citizen1")
            let cookie = try #require(citizen.cookie)
            let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
            try await client.execute(uri: "/app/dashboard?lang=en", method: .get, headers: [.cookie: cookie, .accept: browser]) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .forbidden && response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(html.contains("<html lang=\"en\">") && html.contains("permission"), "\(html.prefix(400))")
            }
            try await client.execute(uri: "/app/dashboard", method: .get, headers: [.cookie: cookie, .accept: "*/*"]) { response in
                #expect(response.status == .forbidden && S.errorOf(response.body).code == "permission_denied")
            }
            // A form without its CSRF token, from a browser: the refusal page, in Chinese by default.
            let intake = try await W.signIn(client, "intake1")
            var headers = W.formHeaders(cookie: intake.cookie)
            headers[.accept] = browser
            try await client.execute(uri: "/app/cases/1/act", method: .post, headers: headers, body: W.form([("action", "accept")])) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .forbidden && html.contains("<html lang=\"zh-CN\">") && html.contains("csrf_refused"))
            }
        }
    }
}
