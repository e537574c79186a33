import CityGridCore
import Foundation

/// An upload stored the old way, its bytes in the database, waiting to be moved to a file.
public struct LegacyMedia: Sendable, Hashable {
    public var id: String
    /// The type the client declared (one of the four accepted MIME types).
    public var contentType: String
    public var bytes: [UInt8]
    public var uploaderID: UserID
    public var createdAt: Date

    public init(id: String, contentType: String, bytes: [UInt8], uploaderID: UserID, createdAt: Date) {
        self.id = id
        self.contentType = contentType
        self.bytes = bytes
        self.uploaderID = uploaderID
        self.createdAt = createdAt
    }
}
