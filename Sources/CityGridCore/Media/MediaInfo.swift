import Foundation

/// What CityGrid records of one upload (the bytes themselves live in a content-addressed file named
/// by ``hash``).
public struct MediaInfo: Hashable, Sendable, Codable {
    /// The upload's own id (random, not derived from the content: two uploads of the same file are
    /// two items with their own uploader, sharing one file). Named in steps as `media:ID`.
    public var id: String
    /// The SHA-256 of the stored (stripped) bytes, lower-case hex.
    public var hash: String
    /// The stored bytes' count.
    public var size: Int
    /// The type recognised from the bytes.
    public var type: MediaType
    /// Who uploaded it: a user, or the public with a report (``MediaUploader``).
    public var uploader: MediaUploader
    /// The case a step linked it to, if any (the first case to name it).
    public var caseID: CaseID?
    public var createdAt: Date

    public init(id: String, hash: String, size: Int, type: MediaType, uploader: MediaUploader, caseID: CaseID? = nil, createdAt: Date) {
        self.id = id
        self.hash = hash
        self.size = size
        self.type = type
        self.uploader = uploader
        self.caseID = caseID
        self.createdAt = createdAt
    }

    /// The uploading user, when a user uploaded it.
    public var uploaderID: UserID? { uploader.userID }

    /// The file name offered to a browser: `ID.jpg`.
    public var fileName: String { "\(id).\(type.fileExtension)" }
}
