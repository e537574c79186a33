import CityGridCore
import Foundation
import Hummingbird

/// A ``DomainError`` as an HTTP response: the status from its kind, and a JSON body
/// `{"error": {"code", "field", "message", "message_zh"}}` that a client can act on.
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
        }
    }

    struct Body: Encodable {
        struct Detail: Encodable {
            var code: String
            var field: String?
            var message: String
            var message_zh: String
        }
        var error: Detail
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = Body(error: .init(code: domain.code, field: domain.field, message: domain.message.en, message_zh: domain.message.zh))
        let data = try JSONEncoder().encode(body)
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if domain.kind == .unauthenticated { headers[.wwwAuthenticate] = "Bearer realm=\"citygrid\"" }
        if domain.kind == .unavailable { headers[.retryAfter] = "1" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// A server-side failure, as a JSON 500 that says nothing of the internals.
struct InternalError: HTTPResponseError {
    var status: HTTPResponse.Status { .internalServerError }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = #"{"error":{"code":"internal_error","message":"The server failed; the error is logged","message_zh":"服务器内部错误，已记录"}}"#
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: body)))
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
