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
            let allowed = MethodNotAllowed.methods(at: request.uri.path, in: RouteAccess.table)
            if !allowed.isEmpty { throw MethodNotAllowed(allowed: allowed, method: request.method.rawValue) }
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

/// A path the server serves, asked with a method it does not serve there (HTTP 405 with `Allow`),
/// in the API's error shape: the router itself answers such a request as if the path did not exist.
struct MethodNotAllowed: HTTPResponseError {
    var allowed: [String]
    var method: String
    var status: HTTPResponse.Status { .methodNotAllowed }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let id = context.logger[metadataKey: "hb.request.id"]?.description
        let list = allowed.joined(separator: ", ")
        let body = APIError.Body(error: .init(code: "method_not_allowed", field: "method", message: "\(method) is not served here; use \(list)",
                                              message_zh: "此地址不支持 \(method)，可用：\(list)", request_id: id))
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8", HTTPField.Name("Allow")!: list]
        if let id { headers[.xRequestID] = id }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(body))))
    }

    /// The methods that `table` (every route, ``RouteAccess/table``) serves at `path`: a `{name}`
    /// segment matches any one segment, `**` the rest of the path. HEAD goes with GET, as the router serves it.
    static func methods(at path: String, in table: [String: RouteAccess]) -> [String] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        var methods = Set<String>()
        for key in table.keys {
            let parts = key.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let pattern = parts[1].split(separator: "/", omittingEmptySubsequences: true)
            var matches = true
            for (i, p) in pattern.enumerated() {
                if p == "**" { matches = segments.count > i; break }
                guard i < segments.count, p.hasPrefix("{") || p == segments[i] else { matches = false; break }
                if i == pattern.count - 1, segments.count != pattern.count { matches = false }
            }
            if pattern.isEmpty { matches = segments.isEmpty }
            if matches { methods.insert(String(parts[0])) }
        }
        if methods.contains("GET") { methods.insert("HEAD") }
        return methods.sorted()
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
