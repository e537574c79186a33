import Foundation

/// An outside client's key (接口密钥): a hotline system, a city portal or an Open311 app that reports
/// on behalf of the public. The key itself is shown once, when made; the store keeps its SHA-256
/// digest. A report sent with it comes in on the key's channel.
public struct ApiKey: Hashable, Codable, Sendable {
    public var id: Int64
    /// The client's name, unique: `fixmystreet`, `hotline-12345`.
    public var name: String
    /// The channel its reports come in on (``CaseSource/open311`` unless the client is, say, the hotline).
    public var channel: CaseSource
    public var createdAt: Date
    public var revokedAt: Date?

    public init(id: Int64, name: String, channel: CaseSource, createdAt: Date, revokedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.channel = channel
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    /// Checks a client name: 1 to 64 of letters, digits, `-`, `_` and `.`.
    public static func validate(name: String) throws(DomainError) {
        guard (1...64).contains(name.count), name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
            throw .invalidField("name", zh: "客户端名称须为1到64个字母、数字、- _ .", en: "A client name is 1 to 64 letters, digits, -, _ or .")
        }
    }
}
