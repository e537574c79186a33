import CityGridCore
import CityGridService
import Foundation

/// A stored upload ready to be sent (附件下载): where its file is and how to label it.
public struct MediaDownload: Sendable {
    public var info: MediaInfo
    public var path: String
}

/// Evidence uploads (附件): stored content-addressed on disk, typed from their bytes, readable by
/// their uploader and by whoever may read the case they are linked to.
extension CityApplication {
    public func upload(_ bytes: [UInt8], by caller: Caller, at now: Date = Date()) async throws -> MediaInfo {
        try policy.requireHolding(caller, .mediaUpload)
        guard let user = caller.user else { throw AccessPolicy.unauthenticated }
        return try await library().upload(bytes, by: Actor(user), at: now)
    }

    /// An upload the caller may read; anything else is not found, as for a case.
    public func download(_ id: String, for caller: Caller) async throws -> MediaDownload {
        guard let user = caller.user else { throw AccessPolicy.unauthenticated }
        let library = try library()
        let policy = self.policy
        let info = try await library.readable(id: id, by: Actor(user)) { policy.permits(caller, .caseRead, on: .caseRecord($0)) }
        return MediaDownload(info: info, path: library.path(of: info))
    }

    func library() throws -> MediaLibrary {
        guard let library = current.service.media else {
            throw DomainError(.notFound, code: "no_media_store", zh: "本服务未配置附件存储", en: "This server keeps no media")
        }
        return library
    }
}

extension CityApplication {
    /// A photo a body published with its public reply (``WorkflowAction/publishReply``), for anyone;
    /// any other upload is not found, as if it did not exist.
    public func publishedMedia(_ id: String) async throws -> MediaDownload {
        let library = try library()
        let notFound = DomainError.notFound("media", id, field: "id")
        guard id.count <= 64, let info = try await library.mediaInfo(id: id), let caseID = info.caseID else { throw notFound }
        let reference = MediaReference.prefix + id
        let published = try await store.events(caseID: caseID).contains { $0.action == .publishReply && $0.attachments.contains(reference) }
        guard published else { throw notFound }
        return MediaDownload(info: info, path: library.path(of: info))
    }
}
