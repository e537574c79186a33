import CityGridCore
import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// The browser files under `/assets/` (静态资源): the pages' stylesheet and script and the vendored
/// libraries (`Resources/Public`, see `vendor/VERSIONS.md`), read into memory once at start, each
/// with a strong ETag from its bytes; a matching `If-None-Match` gets 304.
struct AssetsController: Sendable {
    struct Asset: Sendable {
        let bytes: ByteBuffer
        let contentType: String
        let etag: String
    }

    let assets: [String: Asset]

    /// Every file under the shipped `Public` folder, by its path below it (`vendor/htmx/htmx.min.js`).
    static func shipped() throws -> AssetsController {
        guard let root = Bundle.module.resourceURL?.appendingPathComponent("Public") else { return AssetsController(assets: [:]) }
        var assets: [String: Asset] = [:]
        let base = root.standardizedFileURL.path
        if let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                let path = String(url.standardizedFileURL.path.dropFirst(base.count + 1))
                guard !path.hasPrefix("."), !path.contains("/.") else { continue }
                let data = try Data(contentsOf: url)
                let digest = Hex.lowercase(SHA256.hash(data: data).prefix(12))
                assets[path] = Asset(bytes: ByteBuffer(bytes: data), contentType: contentType(of: path), etag: "\"\(digest)\"")
            }
        }
        return AssetsController(assets: assets)
    }

    static func contentType(of path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "js": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "png": "image/png"
        case "svg": "image/svg+xml"
        case "json", "geojson": "application/json"
        case "woff2": "font/woff2"
        default: "text/plain; charset=utf-8"
        }
    }

    func addRoutes(to router: Router<CityRequestContext>) {
        router.get("assets/**", use: asset)
        // Browsers ask for it by themselves on every page, the JSON ones included: no icon, and no 404.
        router.get("favicon.ico") { _, _ in Response(status: .noContent, headers: [.cacheControl: "public, max-age=86400"]) }
    }

    @Sendable func asset(_ request: Request, context: CityRequestContext) async throws -> Response {
        let path = context.parameters.getCatchAll().joined(separator: "/")
        guard let asset = assets[path] else { return Response(status: .notFound) }
        var headers: HTTPFields = [.contentType: asset.contentType, .eTag: asset.etag, .cacheControl: "public, max-age=3600"]
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        if request.headers[.ifNoneMatch] == asset.etag { return Response(status: .notModified, headers: headers) }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: asset.bytes))
    }
}
