import CityGridCore
import CityGridStore
import Foundation

/// Uploaded media's metadata (媒体元数据) in memory. Such a store has no place on disk for the
/// files and never held uploads the old way (bytes in the database).
extension InMemoryCityStore {
    public var defaultMediaDirectory: String? { nil }

    public func insertMedia(_ info: MediaInfo, quota: UploadQuota?) async throws {
        try locked { state in
            if let quota {
                let since = StoredForm.seconds(quota.windowStart(at: info.createdAt))
                try quota.check(used: Self.bytes(uploadedBy: info.uploader, since: since, state), adding: Int64(info.size))
            }
            guard state.media[info.id] == nil else { throw StoreFailure.duplicate(field: "id") }
            state.media[info.id] = StoredForm.media(info)
        }
    }

    public func mediaInfo(id: String) async throws -> MediaInfo? {
        try locked { $0.media[id] }
    }

    public func mediaBytesUploaded(by uploader: MediaUploader, since: Date) async throws -> Int64 {
        let second = StoredForm.seconds(since)
        return try locked { state in Self.bytes(uploadedBy: uploader, since: second, state) }
    }

    public func linkMedia(ids: [String], caseID: CaseID) async throws -> Int {
        try locked { state in
            var changed = 0
            for id in Set(ids) where state.media[id] != nil && state.media[id]?.caseID == nil {
                state.media[id]?.caseID = caseID
                changed += 1
            }
            return changed
        }
    }

    public func legacyMedia(limit: Int) async throws -> [LegacyMedia] { [] }

    public func replaceLegacyMedia(_ info: MediaInfo) async throws {
        try locked { state in
            if state.media[info.id] == nil { state.media[info.id] = StoredForm.media(info) }
        }
    }

    public func dropLegacyMediaIfEmpty() async throws -> Bool { true }

    /// The bytes `uploader` uploaded at or after the second `since`.
    static func bytes(uploadedBy uploader: MediaUploader, since: Int64, _ state: InMemoryState) -> Int64 {
        state.media.values.reduce(0) { sum, m in
            m.uploader == uploader && StoredForm.seconds(m.createdAt) >= since ? sum + Int64(m.size) : sum
        }
    }
}
