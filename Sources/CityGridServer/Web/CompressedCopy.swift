import CompressNIO
import Foundation
import Hummingbird
import Synchronization

/// A large answer kept as sent (压缩副本): its bytes, a gzip copy and a strong ETag, built once per
/// version of what it is made from (the configuration version, for maps' grid outlines). A browser
/// that says it accepts gzip gets the compressed copy; one that sends the ETag back gets 304.
final class CompressedCopy: Sendable {
    struct Copy: Sendable {
        let version: Int64
        let plain: ByteBuffer
        let gzip: ByteBuffer
        let etag: String
    }

    private let kept = Mutex<Copy?>(nil)
    /// The ETag's prefix: what the bytes are (`grids`), so that two copies never share a tag.
    let name: String

    init(name: String) {
        self.name = name
    }

    /// The copy of `version`, compressing `bytes()` when none is kept for it.
    func copy(version: Int64, _ bytes: () async throws -> [UInt8]) async throws -> Copy {
        if let copy = kept.withLock({ $0 }), copy.version == version { return copy }
        var plain = ByteBuffer(bytes: try await bytes())
        var input = plain
        let gzip = try input.compress(with: .gzip(configuration: .init(compressionLevel: 6)))
        plain.moveReaderIndex(to: 0)
        let copy = Copy(version: version, plain: plain, gzip: gzip, etag: "\"\(name)-v\(version)\"")
        kept.withLock { $0 = copy }
        return copy
    }

    /// The answer to `request` from `copy`: 304 for its ETag, else the gzip copy when accepted.
    static func response(_ copy: Copy, to request: Request, contentType: String) -> Response {
        var headers: HTTPFields = [.contentType: contentType, .eTag: copy.etag, .cacheControl: "private, no-cache"]
        headers[.vary] = "Accept-Encoding"
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        if let match = request.headers[.ifNoneMatch], match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == copy.etag }) {
            return Response(status: .notModified, headers: headers)
        }
        let acceptsGzip = request.headers[.acceptEncoding]?.lowercased().split(separator: ",").contains {
            let token = $0.split(separator: ";").first?.trimmingCharacters(in: .whitespaces)
            return token == "gzip" && !$0.replacingOccurrences(of: " ", with: "").hasSuffix("q=0")
        } ?? false
        if acceptsGzip {
            headers[.contentEncoding] = "gzip"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: copy.gzip))
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: copy.plain))
    }
}
