import CityGridCore

/// How the media library is set up: where its files go and how much each user may upload.
public struct MediaOptions: Sendable, Hashable {
    /// The files' root directory; `nil` takes the store's default (SQLite: `<database>.media`).
    public var directory: String?
    public var quota: UploadQuota

    public init(directory: String? = nil, quota: UploadQuota = UploadQuota()) {
        self.directory = directory
        self.quota = quota
    }
}
