import CityGridApplication
import CityGridCore
import CityGridServer
import CityGridService
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Testing

/// Photos that come with a public report, as `multipart/form-data`: an Open311 request with its
/// `media` file (stored as the client's, on the report event, never doubled by a retry) and an
/// anonymous portal report with its photos; a bad photo or form stores nothing.
@Suite struct PublicPhotoHTTPTests {
    typealias S = ServerTests
    typealias M = MultipartFormTests

    static func multipart(_ parts: [(String, String?, [UInt8])], extra: HTTPFields = [:]) -> (HTTPFields, ByteBuffer) {
        var headers: HTTPFields = [.contentType: "multipart/form-data; boundary=\(M.boundary)"]
        for field in extra { headers.append(field) }
        return (headers, ByteBuffer(bytes: M.body(parts)))
    }

    static func text(_ pairs: [(String, String)]) -> [(String, String?, [UInt8])] {
        pairs.map { ($0.0, nil, Array($0.1.utf8)) }
    }

    @Test func anOpen311RequestBringsItsPhotoAsTheClientsAndARetryAddsNone() async throws {
        try await S.withServer { context, client in
            let (apiKey, key) = try await context.service.createApiKey(name: "fixmystreet", channel: .open311)
            let point = S.demo.city.grids[12].boundary.representativePoint
            let fields = Self.text([("api_key", key), ("service_code", "E0102"), ("lat", "\(point.lat)"), ("long", "\(point.lon)"),
                                    ("description", "垃圾 garbage with photo")])
            let before = try await context.service.store.caseCount()
            // Not a photo: 400 naming media, nothing stored.
            var (headers, body) = Self.multipart(fields + [("media", "note.txt", Array("hello".utf8))])
            try await client.execute(uri: "/open311/v2/requests.json", method: .post, headers: headers, body: body) { r in
                #expect(r.status == .badRequest)
                #expect((S.array(r.body).first?["description"] as? String)?.hasPrefix("media") == true, "\(String(buffer: r.body))")
            }
            // A file under another name, and a form cut short: 400, nothing stored.
            (headers, body) = Self.multipart(fields + [("photo", "p.jpg", MediaHTTPTests.jpeg)])
            try await client.execute(uri: "/open311/v2/requests.json", method: .post, headers: headers, body: body) { r in #expect(r.status == .badRequest) }
            try await client.execute(uri: "/open311/v2/requests.xml", method: .post, headers: headers, body: ByteBuffer(bytes: Array(body.readableBytesView.dropLast(20)))) { r in
                #expect(r.status == .badRequest)
                #expect(String(buffer: r.body).contains("<code>400</code>"))
            }
            #expect(try await context.service.store.caseCount() == before)

            (headers, body) = Self.multipart(fields + [("media", "garbage.jpg", MediaHTTPTests.jpeg)], extra: [HTTPField.Name("Idempotency-Key")!: "photo-1"])
            var id = ""
            for _ in 0..<2 {
                try await client.execute(uri: "/open311/v2/requests.json", method: .post, headers: headers, body: body) { r in
                    #expect(r.status == .ok, "\(String(buffer: r.body))")
                    let got = try #require(S.array(r.body).first?["service_request_id"] as? String)
                    #expect(id.isEmpty || got == id)
                    id = got
                }
            }
            #expect(try await context.service.store.caseCount() == before + 1)
            let caseID = CaseID(Int64(id)!)
            let report = try #require(try await context.service.store.events(caseID: caseID).first)
            let photos = MediaReference.ids(in: report.attachments)
            #expect(report.action == .report && photos.count == 1)
            let info = try #require(try await context.service.media?.mediaInfo(id: photos[0]))
            // Stored as the client's upload, linked to the case, stripped of its EXIF block.
            #expect(info.uploader == .client(apiKey.id) && info.caseID == caseID && info.size == MediaHTTPTests.strippedSize)
            // Staff who may read the case read the photo; the public does not until a body publishes it.
            try await client.execute(uri: "/api/v1/media/\(photos[0])", method: .get, headers: [.authorization: "Bearer \(context.tokens["admin"]!)"]) { r in
                #expect(r.status == .ok)
            }
            try await client.execute(uri: "/public/media/\(photos[0])", method: .get) { r in #expect(r.status == .notFound) }
            try await client.execute(uri: "/open311/v2/requests/\(id).json", method: .get) { r in
                #expect(S.array(r.body).first?["media_url"] is NSNull)
            }
            // An update takes no photo.
            (headers, body) = Self.multipart(Self.text([("api_key", key), ("service_request_id", id), ("description", "more")]) + [("media", "p.jpg", MediaHTTPTests.jpeg)])
            try await client.execute(uri: "/open311/v2/servicerequestupdates.json", method: .post, headers: headers, body: body) { r in
                #expect(r.status == .badRequest)
            }
        }
    }

    @Test func tooManyPhotosAreRefusedBeforeAnyIsStored() async throws {
        try await S.withServer { context, client in
            let (_, key) = try await context.service.createApiKey(name: "many", channel: .open311)
            let point = S.demo.city.grids[13].boundary.representativePoint
            let fields = Self.text([("api_key", key), ("service_code", "E0102"), ("lat", "\(point.lat)"), ("long", "\(point.lon)")])
            let (headers, body) = Self.multipart(fields + (0...PublicReportRequest.maxPhotos).map { ("media", "p\($0).jpg", MediaHTTPTests.jpeg) })
            let before = try await context.service.store.caseCount()
            try await client.execute(uri: "/open311/v2/requests.json", method: .post, headers: headers, body: body) { r in
                #expect(r.status == .badRequest && (S.array(r.body).first?["description"] as? String)?.hasPrefix("media") == true)
            }
            #expect(try await context.service.store.caseCount() == before)
        }
    }

    @Test func anAnonymousPortalReportBringsItsPhotos() async throws {
        try await PortalHTTPTests.withPortal { portal in
            let grid = try #require(portal.application.city.grids.dropFirst(41).first)
            let point = grid.boundary.representativePoint
            let (csrf, cookie) = try await PortalHTTPTests.formToken(portal.client, "/portal/report")
            let json = """
                {"category":"E0102","location":{"lon":\(point.lon),"lat":\(point.lat)},"description":"垃圾 garbage","device_id":"0a1b2c3e"}
                """
            let auth: HTTPFields = [.cookie: cookie, HTTPField.Name("X-CSRF-Token")!: csrf]
            var (headers, body) = Self.multipart([("report", nil, Array(json.utf8)), ("media", "photo-1.jpg", MediaHTTPTests.jpeg),
                                                  ("media", "photo-2.pdf", MediaHTTPTests.pdf)], extra: auth)
            let id = try await portal.client.execute(uri: "/portal/report", method: .post, headers: headers, body: body) { r in
                #expect(r.status == .created, "\(String(buffer: r.body))")
                return S.json(r.body)["id"] as? Int ?? 0
            }
            let report = try #require(try await portal.application.current.service.store.events(caseID: CaseID(Int64(id))).first)
            let photos = MediaReference.ids(in: report.attachments)
            #expect(photos.count == 2)
            for photo in photos {
                let info = try await portal.application.current.service.media?.mediaInfo(id: photo)
                #expect(info?.uploader == .anonymousPublic && info?.caseID == CaseID(Int64(id)))
            }
            // Without its report field, or without the page's token: refused.
            (headers, body) = Self.multipart([("media", "photo-1.jpg", MediaHTTPTests.jpeg)], extra: auth)
            try await portal.client.execute(uri: "/portal/report", method: .post, headers: headers, body: body) { r in
                #expect(r.status == .badRequest && (S.json(r.body)["error"] as? [String: Any])?["field"] as? String == "report")
            }
            (headers, body) = Self.multipart([("report", nil, Array(json.utf8)), ("media", "photo-1.jpg", MediaHTTPTests.jpeg)],
                                             extra: [.cookie: cookie, HTTPField.Name("X-CSRF-Token")!: "forged"])
            try await portal.client.execute(uri: "/portal/report", method: .post, headers: headers, body: body) { r in #expect(r.status == .forbidden) }
        }
    }
}
