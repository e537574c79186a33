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

    /// A heavy query's answer. One larger than ``streamedChunk`` (an evaluation of 200 indicators over
    /// every grid writes hundreds of megabytes) is sent in chunks of that size, each copied when the
    /// connection takes it: copying it whole into one buffer held a request thread for as long as the
    /// copy took and doubled the answer's memory.
    static func rendered(_ answer: Rendered) -> Response {
        let bytes = answer.bytes
        guard bytes.count > streamedChunk else {
            return Response(status: .ok, headers: [.contentType: answer.contentType], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        let body = ResponseBody(contentLength: bytes.count) { writer in
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + streamedChunk)
                try await writer.write(ByteBuffer(bytes: bytes[start..<end]))
                start = end
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: answer.contentType], body: body)
    }

    /// The chunk size of a streamed answer.
    static let streamedChunk = 256 * 1024

    static func text(_ text: String, contentType: String) -> Response {
        Response(status: .ok, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
