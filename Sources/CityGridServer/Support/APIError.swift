import CityGridCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// A ``DomainError`` as an HTTP response: the status from its kind, and a JSON body
/// `{"error": {"code", "field", "message", "message_zh", "request_id"}}` that a client can act on
/// (and quote: the request id is in every log line of the request).
struct APIError: HTTPResponseError {
    var domain: DomainError

    init(_ domain: DomainError) { self.domain = domain }

    var status: HTTPResponse.Status {
        switch domain.kind {
        case .invalid: .badRequest
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .unauthenticated: .unauthorized
        case .unavailable: .serviceUnavailable
        case .tooManyRequests: .tooManyRequests
        case .tooLarge: .contentTooLarge
        }
    }

    struct Body: Encodable {
        struct Detail: Encodable {
            var code: String
            var field: String?
            var message: String
            var message_zh: String
            var request_id: String?
        }
        var error: Detail
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let id = context.logger[metadataKey: "hb.request.id"]?.description
        let body = Body(error: .init(code: domain.code, field: domain.field, message: domain.message.en, message_zh: domain.message.zh, request_id: id))
        let data = try JSONEncoder().encode(body)
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if let id { headers[.xRequestID] = id }
        if domain.kind == .unauthenticated { headers[.wwwAuthenticate] = "Bearer realm=\"citygrid\"" }
        if let seconds = domain.retryAfter { headers[.retryAfter] = "\(max(1, seconds))" } else if domain.kind == .unavailable { headers[.retryAfter] = "1" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// A server-side failure, as a JSON 500 that says nothing of the internals.
struct InternalError: HTTPResponseError {
    typealias Body = APIError.Body
    var status: HTTPResponse.Status { .internalServerError }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let id = context.logger[metadataKey: "hb.request.id"]?.description ?? ""
        let body = Body(error: .init(code: "internal_error", field: nil, message: "The server failed; the error is logged with this request id",
                                     message_zh: "服务器内部错误，已按请求编号记录", request_id: id))
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8", .xRequestID: id],
                        body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(body))))
    }
}

/// Turns any error a handler throws into an ``APIError`` where it is a client's mistake, so that bad
/// input is never a 500.
struct DomainErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as DomainError {
            throw APIError(error)
        } catch let error as HTTPError where error.status == .notFound {
            throw APIError(DomainError(.notFound, code: "no_route", zh: "没有这个地址", en: "No such endpoint: \(request.uri.path)"))
        } catch let error as any HTTPResponseError {
            throw error
        } catch {
            // Not the client's mistake: log it, and answer in the API's error shape.
            context.logger.error("internal error", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            throw InternalError()
        }
    }
}

/// Every answer carries `X-Request-Id`, the id in the request's log lines (Hummingbird's `hb.request.id`).
struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if let id = context.logger[metadataKey: "hb.request.id"]?.description { response.headers[.xRequestID] = id }
        return response
    }
}

extension HTTPField.Name {
    static let xRequestID = Self("X-Request-Id")!
}
