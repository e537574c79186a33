import CityGridApplication
import CityGridCore
import CityGridServer
import CityGridService
import CityGridSQLite
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// `POST /api/v1/media` and `GET /api/v1/media/{id}`: the type from the bytes, metadata removed, safe
/// headers, access as for cases, the quota as 429.
@Suite struct MediaHTTPTests {
    typealias S = ServerTests

    static func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
        [0xFF, marker, UInt8((payload.count + 2) >> 8), UInt8((payload.count + 2) & 0xFF)] + payload
    }

    /// A small well-formed JPEG with an EXIF block holding a GPS position.
    static let jpeg: [UInt8] = [0xFF, 0xD8] + segment(0xE0, Array("JFIF\0".utf8) + [1, 1, 0, 0, 1, 0, 1, 0, 0])
        + segment(0xE1, Array("Exif\0\0".utf8) + [0x49, 0x49, 0x2A, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0] + Array("GPS:39.9N,116.4E".utf8))
        + segment(0xDB, [0] + Array(repeating: 1, count: 64)) + segment(0xC0, [8, 0, 16, 0, 16, 1, 1, 0x11, 0])
        + segment(0xDA, [1, 1, 0, 0, 63, 0]) + [0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD0, 0x78] + [0xFF, 0xD9]
    /// Its size once the EXIF block is gone.
    static let strippedSize = jpeg.count - 4 - 6 - 14 - 16

    static let pdf: [UInt8] = Array("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".utf8)

    static func upload(_ client: some TestClientProtocol, _ token: String?, _ bytes: [UInt8], type: String = "image/jpeg") async throws -> (HTTPResponse.Status, [String: Any]) {
        var headers: HTTPFields = [.contentType: type]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: "/api/v1/media", method: .post, headers: headers, body: ByteBuffer(bytes: bytes)) { ($0.status, S.json($0.body)) }
    }

    @Test func uploadRecognisesStripsAndServesSafely() async throws {
        try await S.withServer { ctx, client in
            // The label is ignored: JPEG bytes sent as text/plain are a JPEG.
            var (status, body) = try await Self.upload(client, ctx.tokens["citizen1"], Self.jpeg, type: "text/plain")
            #expect(status == .created && body["content_type"] as? String == "image/jpeg" && body["size"] as? Int == Self.strippedSize)
            let id = body["id"] as? String ?? ""
            #expect(body["attachment"] as? String == "media:\(id)")
            // HTML labelled as a JPEG is refused; so is an empty body; no token is 401.
            (status, body) = try await Self.upload(client, ctx.tokens["citizen1"], Array("<html><script>alert(1)</script>".utf8))
            #expect(status == .badRequest && (body["error"] as? [String: Any])?["field"] as? String == "body")
            (status, body) = try await Self.upload(client, ctx.tokens["citizen1"], [])
            #expect(status == .badRequest)
            (status, _) = try await Self.upload(client, nil, Self.jpeg)
            #expect(status == .unauthorized)
            // The uploader gets it back, stripped, with safe headers.
            try await client.execute(uri: "/api/v1/media/\(id)", method: .get, headers: S.headers(ctx.tokens["citizen1"])) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "image/jpeg")
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.headers[.contentDisposition] == "inline; filename=\"\(id).jpg\"")
                #expect(response.headers[.cacheControl] == "private")
                let bytes = [UInt8](Data(buffer: response.body))
                #expect(bytes.count == Self.strippedSize && !String(decoding: bytes, as: UTF8.self).contains("Exif"))
            }
            // Nobody else may read an unlinked upload: 404, as for a case; nor an unknown id.
            try await client.execute(uri: "/api/v1/media/\(id)", method: .get, headers: S.headers(ctx.tokens["citizen2"])) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/api/v1/media/\(id)", method: .get, headers: S.headers(ctx.tokens["leader"])) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/api/v1/media/nope", method: .get, headers: S.headers(ctx.tokens["citizen1"])) { #expect($0.status == .notFound) }
            // A PDF is offered as a download.
            (status, body) = try await Self.upload(client, ctx.tokens["citizen1"], Self.pdf, type: "application/octet-stream")
            let pdfID = body["id"] as? String ?? ""
            #expect(status == .created && body["content_type"] as? String == "application/pdf")
            try await client.execute(uri: "/api/v1/media/\(pdfID)", method: .get, headers: S.headers(ctx.tokens["citizen1"])) { response in
                #expect(response.headers[.contentType] == "application/pdf")
                #expect(response.headers[.contentDisposition] == "attachment; filename=\"\(pdfID).pdf\"")
                #expect([UInt8](Data(buffer: response.body)) == Self.pdf)
            }
        }
    }

    @Test func stepsNameOnlyUsableMediaAndLinkThemToTheCase() async throws {
        try await S.withServer { ctx, client in
            let p = S.demo.city.grids[60].boundary.representativePoint
            var (status, body) = try await ClosedLoopHTTPTests.post(client, "/api/v1/cases", ctx.tokens["citizen1"],
                                                                    "{\"category\":\"E0102\",\"location\":{\"lon\":\(p.lon),\"lat\":\(p.lat)}}")
            let caseID = body["id"] as? Int ?? 0
            (status, body) = try await Self.upload(client, ctx.tokens["citizen2"], Self.jpeg)
            let othersPhoto = body["id"] as? String ?? ""
            (status, body) = try await Self.upload(client, ctx.tokens["intake1"], Self.jpeg)
            let photo = body["id"] as? String ?? ""
            // Someone else's upload, or an unknown one: 400 on attachments.
            for reference in ["media:\(othersPhoto)", "media:nope"] {
                (status, body) = try await ClosedLoopHTTPTests.post(client, "/api/v1/cases/\(caseID)/transitions", ctx.tokens["intake1"],
                                                                    "{\"action\":\"accept\",\"attachments\":[\"\(reference)\"]}")
                #expect(status == .badRequest && (body["error"] as? [String: Any])?["field"] as? String == "attachments")
            }
            // One's own: accepted, and linked to the case, so that who may read the case may read it.
            (status, body) = try await ClosedLoopHTTPTests.post(client, "/api/v1/cases/\(caseID)/transitions", ctx.tokens["intake1"],
                                                                "{\"action\":\"accept\",\"attachments\":[\"media:\(photo)\"]}")
            #expect(status == .ok)
            #expect(try await ctx.service.media?.mediaInfo(id: photo)?.caseID == CaseID(Int64(caseID)))
            try await client.execute(uri: "/api/v1/media/\(photo)", method: .get, headers: S.headers(ctx.tokens["leader"])) { #expect($0.status == .ok) }
            // The reporter reads their own case, so its evidence too; another citizen does not.
            try await client.execute(uri: "/api/v1/media/\(photo)", method: .get, headers: S.headers(ctx.tokens["citizen1"])) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/v1/media/\(photo)", method: .get, headers: S.headers(ctx.tokens["citizen3"])) { #expect($0.status == .notFound) }
        }
    }

    @Test func theQuotaIsA429() async throws {
        let folder = NSTemporaryDirectory() + "citygrid-http-media-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try SQLiteCityStore(path: folder + "/c.sqlite")
        try await store.replaceCity(S.demo.city, users: S.demo.users, components: S.demo.components)
        let service = try await CityService.open(store, media: MediaOptions(directory: folder + "/files", quota: UploadQuota(bytesPerDay: Int64(2 * Self.strippedSize))))
        #expect(service.media?.files.directory == folder + "/files")
        let token = try await service.issueToken(username: "citizen1")
        let app = try CityGridServer.buildApplication(application: try await CityApplication.make(service: service), host: "127.0.0.1", port: 0, logger: Logger(label: "test"))
        try await app.test(.router) { client in
            for _ in 0..<2 { #expect(try await Self.upload(client, token, Self.jpeg).0 == .created) }
            let (status, body) = try await Self.upload(client, token, Self.jpeg)
            #expect(status == .tooManyRequests && (body["error"] as? [String: Any])?["code"] as? String == "upload_quota_exceeded")
        }
    }
}
