/// A refusal by a domain rule: the input, the actor, the state or the configuration does not allow
/// what was asked.
///
/// Every error names a stable machine-readable `code`, the offending `field` when there is one, and
/// a message in both languages. The HTTP layer maps ``kind`` to a status code; the command line
/// prints the message and exits non-zero.
public struct DomainError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What sort of refusal this is; decides the HTTP status.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Malformed or out-of-range input (HTTP 400).
        case invalid
        /// The actor is not allowed to do this (HTTP 403).
        case forbidden
        /// The thing named does not exist (HTTP 404).
        case notFound
        /// The state changed under the request, or the action does not fit the state (HTTP 409).
        case conflict
        /// The request needs credentials (HTTP 401).
        case unauthenticated
        /// The service cannot take the request now (a full write queue); retry later (HTTP 503 with Retry-After).
        case unavailable
        /// A quota or rate limit is used up; the same request succeeds later (HTTP 429).
        case tooManyRequests
        /// The request, or the part of it that `field` names (`body`), is larger than allowed (HTTP 413).
        case tooLarge
    }

    public var kind: Kind
    /// A stable identifier such as `outside_city` or `invalid_transition`.
    public var code: String
    /// The request field the error is about, in the API's spelling (`location.lon`), if any.
    public var field: String?
    public var message: LocalizedText
    /// For a refusal that passes with time (``Kind/unavailable``, ``Kind/tooManyRequests``): the
    /// seconds to wait before trying again, when known (HTTP Retry-After).
    public var retryAfter: Int?

    public init(_ kind: Kind, code: String, field: String? = nil, zh: String, en: String) {
        self.kind = kind
        self.code = code
        self.field = field
        self.message = LocalizedText(zh: zh, en: en)
    }

    public var description: String {
        if let field { return "\(code) (\(field)): \(message.en)" }
        return "\(code): \(message.en)"
    }
}

extension DomainError {
    /// A field that is missing or has the wrong form.
    public static func invalidField(_ field: String, zh: String, en: String) -> DomainError {
        DomainError(.invalid, code: "invalid_field", field: field, zh: zh, en: en)
    }

    /// A thing that does not exist, named in both languages.
    public static func notFound(_ what: LocalizedText, _ key: String, field: String? = nil) -> DomainError {
        DomainError(.notFound, code: "not_found", field: field, zh: "未找到\(what.zh)：\(key)", en: "No \(what.en) \(key)")
    }

    /// A thing that does not exist, by its English name (the Chinese one from ``thingNames``).
    public static func notFound(_ what: String, _ key: String, field: String? = nil) -> DomainError {
        notFound(LocalizedText(zh: thingNames[what] ?? what, en: what), key, field: field)
    }

    /// The Chinese names of the things a refusal may not find.
    static let thingNames = ["case": "案件", "grid": "单元网格", "media": "附件", "region": "区域", "rule set": "规则集", "user": "用户"]
}
