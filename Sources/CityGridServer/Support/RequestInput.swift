import CityGridCore
import Foundation
import Hummingbird

/// Reading request input with errors that name the field.
enum RequestInput {
    /// Decodes the JSON body as `T`, read up to `limit` bytes (a larger one is a 413 on `body`); a
    /// malformed body or field is a 400 naming the field. Foundation's decoder refuses nesting deeper
    /// than 512 levels and text that is not UTF-8 as malformed JSON.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, limit: Int = BodyLimit.json) async throws -> T {
        let buffer = try await body(of: request, limit: limit)
        guard buffer.readableBytes > 0 else {
            throw DomainError(.invalid, code: "missing_body", field: "body", zh: "缺少JSON请求体", en: "A JSON body is required")
        }
        return try decode(T.self, from: Data(buffer.readableBytesView))
    }

    /// Decodes `data` as `T`; a malformed body or field is a 400 naming the field.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            let field = JSONErrorPath.path(of: error) ?? memberRefused(by: T.self, in: data) ?? "body"
            throw DomainError(.invalid, code: "invalid_json", field: field,
                              zh: "请求体无效：\(JSONErrorPath.explain(error))", en: "Invalid request body: \(JSONErrorPath.explain(error))")
        }
    }

    /// The top-level member of a well-formed JSON object that `T` cannot take, when the decoder's
    /// error names none: Foundation's decoder on Linux reports a number that does not fit its field
    /// (`"expected_version": 1.5`, an integer beyond 64 bits) as "not valid JSON" with no path. The
    /// member is the first whose removal lets the object decode (or only miss that member).
    static func memberRefused<T: Decodable>(by type: T.Type, in data: Data) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], object.count <= 64 else { return nil }
        for key in object.keys.sorted() {
            var rest = object
            rest[key] = nil
            guard let trial = try? JSONSerialization.data(withJSONObject: rest) else { continue }
            do {
                _ = try JSONDecoder().decode(T.self, from: trial)
                return key
            } catch DecodingError.keyNotFound(let missing, _) where missing.stringValue == key {
                return key
            } catch {
                continue
            }
        }
        return nil
    }

    /// The whole body, at most `limit` bytes: a larger one is refused with 413 `body_too_large` on
    /// `body` as soon as it passes the limit.
    static func body(of request: Request, limit: Int) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: limit)
        } catch {
            throw BodyLimit.tooLarge(limit)
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
        try time(query(request, name), field: name)
    }

    /// An optional ISO 8601 date-time `text` (a query parameter, or a member of a body), empty
    /// counting as absent; malformed is a 400 naming `name`.
    static func time(_ text: String?, field name: String) throws(DomainError) -> Date? {
        guard let text, !text.isEmpty else { return nil }
        guard let date = ISOTime.parse(text) else {
            throw DomainError.invalidField(name, zh: "\(name) 须为ISO 8601时间，如 2026-11-01T00:00:00Z", en: "\(name) must be \(ISOTime.expectation)")
        }
        return date
    }

    /// A `true`/`false` query parameter; anything else is a 400 naming it.
    static func bool(_ request: Request, _ name: String) throws -> Bool? {
        guard let text = query(request, name) else { return nil }
        switch text.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: throw DomainError.invalidField(name, zh: "\(name) 须为 true 或 false", en: "\(name) must be true or false")
        }
    }

    static func caseID(_ context: some RequestContext) throws -> CaseID {
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else {
            throw DomainError.invalidField("id", zh: "案件ID须为正整数", en: "A case id is a positive integer")
        }
        return CaseID(id)
    }
}

/// The largest body each route reads (请求体上限), as the OpenAPI document states (`x-body-limit`).
enum BodyLimit {
    /// A report or a step: short texts, a few codes and numbers.
    static let json = 64 * 1024
    /// A posted rule file (at most 256 KB of text, `CityApplication.postedRulesLimit`) inside its
    /// JSON, with room for escapes.
    static let rules = 1 << 20
    /// An uploaded photo or document.
    static let media = 10 << 20

    static func tooLarge(_ limit: Int) -> DomainError {
        let size = limit >= 1 << 20 ? "\(limit >> 20) MB" : "\(limit >> 10) KB"
        return DomainError(.tooLarge, code: "body_too_large", field: "body", zh: "请求体超过\(size)", en: "The request body is larger than \(size)")
    }
}
