import CityGridCore
@testable import CityGridServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Domain errors as HTTP answers: a full write queue is a 503 that tells the client when to retry.
@Suite struct APIErrorTests {
    @Test func unavailableIs503WithRetryAfter() async throws {
        let router = Router(context: BasicRequestContext.self)
        router.middlewares.add(DomainErrorMiddleware())
        router.get("/busy") { _, _ -> String in
            throw DomainError(.unavailable, code: "overloaded", zh: "写入队列已满", en: "The write queue is full")
        }
        let app = Application(router: router)
        try await app.test(.router) { client in
            try await client.execute(uri: "/busy", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "1")
                let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect((body?["error"] as? [String: Any])?["code"] as? String == "overloaded")
            }
        }
    }
}
