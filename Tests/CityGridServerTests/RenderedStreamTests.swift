import CityGridApplication
@testable import CityGridServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A heavy answer larger than one chunk is streamed, and arrives whole: every byte, in order, with
/// its length announced; a small one is sent as one buffer.
@Suite struct RenderedStreamTests {
    @Test(arguments: [10, JSONIO.streamedChunk, JSONIO.streamedChunk + 1, 3 * JSONIO.streamedChunk + 12_345])
    func aRenderedAnswerArrivesWhole(size: Int) async throws {
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 / 251) }
        let router = Router(context: BasicRequestContext.self)
        router.get("/big") { _, _ -> Response in JSONIO.rendered(Rendered(bytes: bytes, contentType: "text/csv; charset=utf-8")) }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/big", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(Array(response.body.readableBytesView) == bytes)
            }
        }
        try await Application(router: router).test(.live) { client in
            try await client.execute(uri: "/big", method: .get) { response in
                #expect(response.headers[.contentLength] == String(size))
                #expect(Array(response.body.readableBytesView) == bytes)
            }
        }
    }
}
