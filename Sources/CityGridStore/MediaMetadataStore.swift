import CityGridCore
import Foundation

/// The metadata of uploaded media (媒体元数据): one row per upload (``MediaInfo``). The bytes themselves are not
/// here but in content-addressed files (the service's `MediaFileStore`), so that an upload holds
/// the database's writer only for the short insert of its row.
///
/// Contract: times are kept to the second (rounded down); an upload's id is unique (a second
/// insert of one id is a `conflict`, ``StoreFailure/duplicate(field:)``, field `id`).
public protocol MediaMetadataStore: Sendable {
    /// Where this store keeps media files unless told otherwise (SQLite: `<database path>.media`),
    /// or `nil` when it has no place on disk.
    var defaultMediaDirectory: String? { get }

    /// Records one upload. With a `quota`, the uploader's bytes in the quota's window ending at
    /// `info.createdAt` are summed in the same transaction as the insert, and the insert refused
    /// (`tooManyRequests`) when this one would exceed it: concurrent uploads cannot overrun it.
    func insertMedia(_ info: MediaInfo, quota: UploadQuota?) async throws

    /// The metadata of one upload.
    func mediaInfo(id: String) async throws -> MediaInfo?

    /// The bytes `uploader` uploaded at or after `since`.
    func mediaBytesUploaded(by uploader: MediaUploader, since: Date) async throws -> Int64

    /// Links the named uploads that are not linked yet to `caseID` (the first case to name an upload
    /// keeps it); returns how many changed.
    func linkMedia(ids: [String], caseID: CaseID) async throws -> Int

    /// Up to `limit` uploads still held in the database the old way (bytes in a BLOB), if any.
    func legacyMedia(limit: Int) async throws -> [LegacyMedia]

    /// Records `info` in place of the legacy upload with the same id, in one transaction.
    func replaceLegacyMedia(_ info: MediaInfo) async throws

    /// Drops the legacy table once it is empty; returns whether it is gone (or was never there).
    func dropLegacyMediaIfEmpty() async throws -> Bool
}
