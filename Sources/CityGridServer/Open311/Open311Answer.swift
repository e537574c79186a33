import CityGridCore
import Foundation
import HTTPTypes
import Hummingbird

/// The two formats of every Open311 resource, chosen by the path's suffix.
enum Open311Format: String, CaseIterable, Sendable {
    case json, xml

    /// No charset parameter: some validators refuse one (UTF-8 is implied).
    var contentType: String { self == .json ? "application/json" : "text/xml" }
}

/// An Open311 answer: its value, the XML root element, and whether JSON gets it as a bare array.
struct Open311Answer {
    var value: Open311Value
    var root: String
    var bare: Bool
    var status: HTTPResponse.Status = .ok

    func response(_ format: Open311Format) -> Response {
        let text = format == .json ? value.json : value.xml(root: root)
        var headers = HTTPFields()
        headers[.contentType] = format.contentType
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Refusals in the standard's shape: `[{code, description}]` (XML `errors/error`), with 404 for an
/// unknown resource or jurisdiction, 403 for a bad or missing key, 400 for anything else the client
/// got wrong; 429 and 503 keep their own codes and Retry-After. Anything else is not the client's
/// mistake and is thrown on (a 500 logged by the error middleware).
enum Open311Errors {
    static func response(_ error: any Error, _ format: Open311Format) throws -> Response {
        let domain: DomainError
        if let error = error as? DomainError {
            domain = error
        } else if let error = error as? HTTPError, error.status == .notFound {
            domain = DomainError(.notFound, code: "not_found", zh: "没有这个资源", en: "No such resource")
        } else if let error = error as? HTTPError, error.status == .contentTooLarge {
            domain = DomainError(.tooLarge, code: "body_too_large", field: "body", zh: "请求体过大", en: "The request body is too large")
        } else {
            throw error
        }
        let status: HTTPResponse.Status = switch domain.kind {
        case .notFound: .notFound
        case .forbidden, .unauthenticated: .forbidden
        case .tooManyRequests: .tooManyRequests
        case .unavailable: .serviceUnavailable
        case .tooLarge: .contentTooLarge
        case .invalid, .conflict: .badRequest
        }
        let code = status.code
        let description = (domain.field.map { "\($0): " } ?? "") + domain.message.en + " / " + domain.message.zh
        let value: Open311Value = .array(element: "error", [.object([("code", .string(String(code))), ("description", .string(description))])])
        var response = Open311Answer(value: value, root: "errors", bare: true, status: status).response(format)
        if let retry = domain.retryAfter { response.headers[.retryAfter] = String(retry) }
        return response
    }
}
