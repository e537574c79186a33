import CityGridCore
import CityGridServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The command centre through the in-process client: the map's grid outlines (compressed, ETag per
/// configuration version), the open cases per grid scoped like the API, a grid's list equal to the
/// API's list for that grid, and refusals by field.
@Suite struct CommandCentreTests {
    typealias S = ServerTests
    typealias W = WebPagesTests

    static func report(_ client: any TestClientProtocol, _ ctx: S.Context, at grid: UnitGrid, _ description: String = "井盖") async throws -> Int {
        let p = grid.boundary.representativePoint
        return try await client.execute(uri: "/api/v1/cases", method: .post, headers: S.headers(ctx.tokens["intake1"]),
                                        body: ByteBuffer(string: "{\"category\":\"E0102\",\"description\":\"\(description)\",\"location\":{\"lon\":\(p.lon),\"lat\":\(p.lat)}}")) {
            #expect($0.status == .created)
            return S.json($0.body)["id"] as? Int ?? 0
        }
    }

    static func ids(in html: String) -> [Int] {
        html.components(separatedBy: "href=\"/app/cases/").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
    }

    @Test func theGridOutlinesAreSmallCompressedAndRevalidatedByVersion() async throws {
        try await S.withServer { ctx, client in
            try await W.setPasswords(ctx)
            let session = try await W.signIn(client, "shiftleader1")
            let cookie = try #require(session.cookie)
            let (plain, etag) = try await client.execute(uri: "/app/map/grids.geojson", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .ok && response.headers[.contentEncoding] == nil)
                #expect(response.headers[.contentType] == "application/geo+json")
                return (String(buffer: response.body), response.headers[.eTag] ?? "")
            }
            #expect(etag == "\"grids-v\(ctx.service.city.configurationVersion)\"")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(plain.utf8)) as? [String: Any])
            let features = try #require(json["features"] as? [[String: Any]])
            #expect(features.count == S.demo.city.grids.count)
            // Only the code, and coordinates with five decimals at most.
            let first = try #require(features.first)
            #expect((first["properties"] as? [String: String]) == ["code": S.demo.city.grids[0].code.rawValue])
            #expect(!plain.contains(#"\.\d{6}"#) && plain.range(of: #"\.\d{6}"#, options: .regularExpression) == nil)
            try await client.execute(uri: "/app/map/grids.geojson", method: .get, headers: [.cookie: cookie, .acceptEncoding: "gzip, deflate"]) { response in
                #expect(response.status == .ok && response.headers[.contentEncoding] == "gzip")
                #expect(response.body.readableBytes * 5 < plain.utf8.count, "gzip: \(response.body.readableBytes) of \(plain.utf8.count) bytes")
                #expect(Array(response.body.readableBytesView.prefix(2)) == [0x1f, 0x8b])
            }
            try await client.execute(uri: "/app/map/grids.geojson", method: .get, headers: [.cookie: cookie, .ifNoneMatch: etag]) { response in
                #expect(response.status == .notModified && response.body.readableBytes == 0)
            }
            try await client.execute(uri: "/app/map/grids.geojson", method: .get, headers: [.cookie: cookie, .ifNoneMatch: "\"grids-v999\""]) { response in
                #expect(response.status == .ok)
            }
            // Signed-in callers only.
            try await client.execute(uri: "/app/map/grids.geojson", method: .get) { #expect($0.status == .seeOther) }
        }
    }

    @Test func theMapCountsOnlyWhatTheCallerMayReadAndAGridsListIsTheAPIs() async throws {
        try await S.withServer { ctx, client in
            try await W.setPasswords(ctx)
            let grids = S.demo.city.grids
            let a = grids.first!, b = grids.last { $0.code.ancestor(at: .district) != a.code.ancestor(at: .district) }!
            let first = try await Self.report(client, ctx, at: a, "<b>a1</b>")
            _ = try await Self.report(client, ctx, at: b)
            let third = try await Self.report(client, ctx, at: a)
            let district = a.code.ancestor(at: .district)!.rawValue
            func status(_ username: String, _ query: String = "") async throws -> (HTTPResponse.Status, [String: Any]) {
                let session = try await W.signIn(client, username)
                let (code, body, _) = try await W.page(client, "/app/centre/status.json" + query, cookie: session.cookie)
                return (code, (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]) ?? [:])
            }
            let (okAll, all) = try await status("shiftleader1")
            #expect(okAll == .ok)
            #expect((all["grids"] as? [String: [Int]]) == [a.code.rawValue: [2, 0, 0], b.code.rawValue: [1, 0, 0]])
            #expect((all["total"] as? [Int]) == [3, 0, 0])
            let (_, local) = try await status("leader-\(district)")
            #expect((local["grids"] as? [String: [Int]]) == [a.code.rawValue: [2, 0, 0]], "a district leader counts their district only")
            let (_, citizen) = try await status("citizen1")
            #expect((citizen["grids"] as? [String: [Int]]) == [:] || citizen.isEmpty)
            let (_, other) = try await status("shiftleader1", "?category=C01")
            #expect((other["total"] as? [Int]) == [0, 0, 0])
            let (bad, refusal) = try await status("shiftleader1", "?period=yesterday")
            #expect(bad == .badRequest && ((refusal["error"] as? [String: Any])?["field"] as? String) == "period")
            let (badBody, _) = try await status("shiftleader1", "?department=D-NOPE")
            #expect(badBody == .badRequest)

            // A grid's list (the htmx fragment, and the page's own list) equals the API's for that grid and those states.
            let session = try await W.signIn(client, "shiftleader1")
            let (fragmentStatus, fragment, _) = try await W.page(client, "/app/centre/cases?region=\(a.code.rawValue)", cookie: session.cookie)
            #expect(fragmentStatus == .ok && !fragment.contains("<html"))
            #expect(Self.ids(in: fragment) == [third, first])
            #expect(!fragment.contains("<b>a1</b>"))
            let api = try await client.execute(uri: "/api/v1/cases?region=\(a.code.rawValue)", method: .get, headers: S.headers(ctx.tokens["shiftleader1"])) {
                (S.json($0.body)["cases"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
            }
            #expect(api == [third, first])
            let (pageStatus, page, _) = try await W.page(client, "/app/centre?region=\(a.code.rawValue)", cookie: session.cookie)
            #expect(pageStatus == .ok && page.contains("id=\"centre-map\"") && Self.ids(in: page).starts(with: [third, first]))
            let (refused, refusedHTML, _) = try await W.page(client, "/app/centre/cases?region=12x", cookie: session.cookie)
            #expect(refused == .badRequest && refusedHTML.contains("role=\"alert\""))
            // A region outside the caller's jurisdiction is refused, as the API refuses it.
            let localSession = try await W.signIn(client, "leader-\(district)")
            let (outside, _, _) = try await W.page(client, "/app/centre/cases?region=\(b.code.rawValue)", cookie: localSession.cookie)
            #expect(outside == .forbidden)
        }
    }
}
