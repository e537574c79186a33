import CityGridApplication
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Every answer names its request (the id in the request's log lines): in `X-Request-Id`, and in the
/// body of an error.
@Suite struct RequestIDTests {
    typealias S = ServerTests

    @Test func errorsAndAnswersCarryTheRequestID() async throws {
        try await S.withServer { ctx, client in
            var ids: [String] = []
            try await client.execute(uri: "/api/v1/cases/1", method: .get, headers: S.headers(nil)) { response in
                #expect(response.status == .unauthorized)
                let header = try #require(response.headers[.init("X-Request-Id")!])
                let error = S.json(response.body)["error"] as? [String: Any] ?? [:]
                #expect(error["request_id"] as? String == header)
                #expect(!header.isEmpty)
                ids.append(header)
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                let header = try #require(response.headers[.init("X-Request-Id")!])
                ids.append(header)
            }
            try await client.execute(uri: "/api/v1/cases/999999", method: .get, headers: S.headers(ctx.tokens["intake1"]!)) { response in
                #expect(response.status == .notFound)
                let error = S.json(response.body)["error"] as? [String: Any] ?? [:]
                #expect(error["request_id"] as? String == response.headers[.init("X-Request-Id")!])
                ids.append(error["request_id"] as? String ?? "")
            }
            #expect(Set(ids).count == 3, "each request its own id")
        }
    }
}
