/// Who uploaded an item (上传者): a signed-in user, or a report from the public that brought its
/// photos with it, through the portal without an account or through an outside client's key.
///
/// Only a user can name an upload afterwards (in a later step, or download it while it is not yet
/// linked): the public's photos are stored and linked to their case in the one command that makes
/// the case, so nobody can take them up later. Each uploader has its own daily quota; the anonymous
/// public shares one, bounded per sender by the rate limits.
public enum MediaUploader: Hashable, Sendable, CustomStringConvertible {
    case user(UserID)
    /// A member of the public reporting through the portal without signing in.
    case anonymousPublic
    /// An outside client, by the id of its API key (``ApiKey/id``).
    case client(Int64)

    /// The user, when a user it is.
    public var userID: UserID? {
        if case .user(let id) = self { id } else { nil }
    }

    /// The uploader as one stored number: a user's id (positive), -1 for the anonymous public,
    /// -(1 + n) for the client whose key is n (keys are numbered from 1).
    public var storedID: Int64 {
        switch self {
        case .user(let id): id.rawValue
        case .anonymousPublic: -1
        case .client(let key): -(1 + key)
        }
    }

    public init(storedID: Int64) {
        switch storedID {
        case 1...: self = .user(UserID(storedID))
        case -1, 0: self = .anonymousPublic
        default: self = .client(-storedID - 1)
        }
    }

    public var description: String {
        switch self {
        case .user(let id): "user \(id.rawValue)"
        case .anonymousPublic: "anonymous public"
        case .client(let key): "client \(key)"
        }
    }
}

/// An uploader is written as its stored number.
extension MediaUploader: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(storedID: try decoder.singleValueContainer().decode(Int64.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(storedID)
    }
}
