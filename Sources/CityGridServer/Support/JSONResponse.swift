import CityGridApplication
import Foundation
import Hummingbird

/// Helpers for JSON and other answers out.
enum JSONIO {
    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try JSONRendering.encoder.encode(value)
        return Response(status: status, headers: [.contentType: Rendered.jsonType], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// One case (`GET /cases/{id}`, a report, a step), written by ``CaseDTO/jsonBytes`` rather than by
    /// `JSONEncoder`: the same bytes, a fraction of the time.
    static func response(_ value: CaseDTO, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: Rendered.jsonType], body: .init(byteBuffer: ByteBuffer(bytes: value.jsonBytes)))
    }

    static func rendered(_ answer: Rendered) -> Response {
        Response(status: .ok, headers: [.contentType: answer.contentType], body: .init(byteBuffer: ByteBuffer(bytes: answer.bytes)))
    }

    static func text(_ text: String, contentType: String) -> Response {
        Response(status: .ok, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
