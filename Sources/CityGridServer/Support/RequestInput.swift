import CityGridCore
import Foundation
import Hummingbird

/// Reading request input with errors that name the field.
enum RequestInput {
    /// Decodes the JSON body as `T`; a malformed body or field is a 400 naming the field.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: 1 << 20)
        } catch {
            throw DomainError(.invalid, code: "body_too_large", field: "body", zh: "请求体超过1MB", en: "The request body is larger than 1 MB")
        }
        guard buffer.readableBytes > 0 else {
            throw DomainError(.invalid, code: "missing_body", field: "body", zh: "缺少JSON请求体", en: "A JSON body is required")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch {
            throw DomainError(.invalid, code: "invalid_json", field: JSONErrorPath.path(of: error) ?? "body",
                              zh: "请求体无效：\(JSONErrorPath.explain(error))", en: "Invalid request body: \(JSONErrorPath.explain(error))")
        }
    }

    /// An optional query parameter; an empty value counts as absent.
    static func query(_ request: Request, _ name: String) -> String? {
        guard let value = request.uri.queryParameters.get(name), !value.isEmpty else { return nil }
        return value
    }

    static func int(_ request: Request, _ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = query(request, name) else { return value }
        guard let n = Int(text), range.contains(n) else {
            throw DomainError.invalidField(name, zh: "\(name) 须为\(range.lowerBound)到\(range.upperBound)之间的整数",
                                           en: "\(name) must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return n
    }

    static func double(_ request: Request, _ name: String) throws -> Double {
        guard let text = query(request, name) else {
            throw DomainError.invalidField(name, zh: "缺少参数 \(name)", en: "The query parameter \(name) is required")
        }
        guard let n = Double(text), n.isFinite else {
            throw DomainError.invalidField(name, zh: "\(name) 须为数字", en: "\(name) must be a number")
        }
        return n
    }

    static func region(_ request: Request, _ name: String) throws -> RegionCode? {
        guard let text = query(request, name) else { return nil }
        guard let code = RegionCode(text) else {
            throw DomainError.invalidField(name, zh: "\(name) 须为6、9、12或15位区域代码", en: "\(name) must be a 6, 9, 12 or 15-digit region code")
        }
        return code
    }

    /// An optional ISO 8601 date-time parameter (strict: see ``ISOTime/parse(_:)``).
    static func time(_ request: Request, _ name: String) throws -> Date? {
        guard let text = query(request, name) else { return nil }
        guard let date = ISOTime.parse(text) else {
            throw DomainError.invalidField(name, zh: "\(name) 须为ISO 8601时间，如 2026-11-01T00:00:00Z", en: "\(name) must be \(ISOTime.expectation)")
        }
        return date
    }

    static func caseID(_ context: some RequestContext) throws -> CaseID {
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else {
            throw DomainError.invalidField("id", zh: "案件ID须为正整数", en: "A case id is a positive integer")
        }
        return CaseID(id)
    }
}
