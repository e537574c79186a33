import CityGridCore
import CityGridStore
import Crypto
import Foundation

/// Uploaded evidence: photos and documents, recognised from their bytes, stripped of their
/// metadata, kept in content-addressed files (``MediaFileStore``) with one metadata row per upload
/// (``MediaMetadataStore``), counted against a daily quota per user, and readable only by whom the
/// access rule allows (``MediaAccess``, with the case decision supplied by the caller).
///
/// An upload holds the database's writer only for the insert of its row: recognising, stripping,
/// hashing and writing the file (fsynced) happen before, off the cooperative thread pool.
public final class MediaLibrary: Sendable {
    public let files: MediaFileStore
    public let metadata: any MediaMetadataStore
    /// Where the cases that media are linked to are read.
    let cases: any CityStore
    public let quota: UploadQuota

    public init(cases: any CityStore, metadata: any MediaMetadataStore, files: MediaFileStore, quota: UploadQuota = UploadQuota()) {
        self.cases = cases
        self.metadata = metadata
        self.files = files
        self.quota = quota
    }

    /// The library over `store`'s metadata and the files in `options.directory` (or the store's
    /// default place); moves any upload still held in the database to a file first (once: the old
    /// table is dropped when empty). `nil` when the store keeps no media metadata or has no directory.
    public static func open(_ store: any CityStore, options: MediaOptions = MediaOptions()) async throws -> MediaLibrary? {
        guard let metadata = store as? any MediaMetadataStore, let directory = options.directory ?? metadata.defaultMediaDirectory else {
            return nil
        }
        let library = MediaLibrary(cases: store, metadata: metadata, files: try MediaFileStore(directory: directory), quota: options.quota)
        _ = try await library.moveLegacyMedia()
        return library
    }

    // MARK: Upload

    /// Recognises, strips and stores `bytes` as an upload by `actor`, a signed-in user; returns its
    /// metadata once the file and its row are durable. Refused: anything but JPEG, PNG, WebP or PDF,
    /// a damaged file (400 on `body`), going over the quota (429), an actor who is not a user (403).
    public func upload(_ bytes: [UInt8], by actor: Actor, at now: Date = Date()) async throws -> MediaInfo {
        guard let user = actor.userID else {
            throw DomainError(.forbidden, code: "sign_in_required", zh: "请先登录再上传", en: "Sign in to upload")
        }
        return try await upload(bytes, as: .user(user), at: now)
    }

    /// Recognises, strips and stores `bytes` as an upload by `uploader` (a user, or the public with a
    /// report), counted against that uploader's quota.
    public func upload(_ bytes: [UInt8], as uploader: MediaUploader, at now: Date = Date()) async throws -> MediaInfo {
        let (clean, hash) = try await Self.offload { () throws -> (SanitizedMedia, String) in
            let clean = try SanitizedMedia(uploaded: bytes)
            return (clean, Self.sha256(clean.bytes))
        }
        // A first look at the quota so that a refused upload writes no file; the insert checks again,
        // atomically, against concurrent uploads.
        let used = try await metadata.mediaBytesUploaded(by: uploader, since: quota.windowStart(at: now))
        try quota.check(used: used, adding: Int64(clean.bytes.count))
        let files = self.files
        try await Self.offload { try files.put(clean.bytes, hash: hash) }
        let info = MediaInfo(id: UUID().uuidString.lowercased(), hash: hash, size: clean.bytes.count, type: clean.type,
                             uploader: uploader, createdAt: now)
        try await metadata.insertMedia(info, quota: quota)
        return info
    }

    // MARK: Reading

    /// The metadata of an upload (uploader, case, type, size, hash), whoever asks.
    public func mediaInfo(id: String) async throws -> MediaInfo? {
        guard Self.isPlausibleID(id) else { return nil }
        return try await metadata.mediaInfo(id: id)
    }

    /// The metadata of an upload `actor` may read; not found (404, like a case) when it does not
    /// exist or they may not read it.
    public func readable(id: String, by actor: Actor, mayReadCase: (Case) -> Bool) async throws -> MediaInfo {
        guard let info = try await mediaInfo(id: id), try await mayRead(info, by: actor, mayReadCase: mayReadCase) else {
            throw DomainError.notFound("media", String(id.prefix(64)), field: "id")
        }
        return info
    }

    /// The path of the file holding `info`'s bytes (to stream it).
    public func path(of info: MediaInfo) -> String { files.path(forHash: info.hash) }

    /// The stored bytes of `info`.
    public func bytes(of info: MediaInfo) async throws -> [UInt8] {
        let files = self.files
        return try await Self.offload { try files.read(hash: info.hash) }
    }

    func mayRead(_ info: MediaInfo, by actor: Actor, mayReadCase: (Case) -> Bool) async throws -> Bool {
        let linked: Case? = if let caseID = info.caseID, info.uploaderID == nil || info.uploaderID != actor.userID { try await cases.caseByID(caseID) } else { nil }
        return MediaAccess.mayRead(info, by: actor, linkedCase: linked, mayReadCase: mayReadCase)
    }

    // MARK: Steps

    /// Refuses (400 on `attachments`) a step naming a `media:ID` that does not exist or that `actor`
    /// may not use: their own uploads, or uploads linked to a case `mayReadCase` lets them read.
    /// An unknown id and a forbidden one get the same answer, so that ids cannot be probed.
    public func validateAttachments(_ attachments: [String], for actor: Actor, mayReadCase: (Case) -> Bool) async throws {
        for id in MediaReference.ids(in: attachments) {
            let allowed: Bool = if let info = try await mediaInfo(id: id) { try await mayRead(info, by: actor, mayReadCase: mayReadCase) } else { false }
            guard allowed else {
                throw DomainError(.invalid, code: "unknown_media", field: "attachments",
                                  zh: "附件 media:\(id.prefix(64)) 不存在或无权使用：请先上传",
                                  en: "No media \(id.prefix(64)) that you may use: upload it first")
            }
        }
    }

    /// Links the uploads named (as ids) to `caseID`, unless already linked; returns how many changed.
    @discardableResult
    public func linkMedia(ids: [String], caseID: CaseID) async throws -> Int {
        try await metadata.linkMedia(ids: ids.filter(Self.isPlausibleID), caseID: caseID)
    }

    // MARK: The move out of the database

    /// Moves every upload still held in the database (before "v20: media on disk") to a file, keeping
    /// its id, uploader and time, then drops the old table. Each is recognised and stripped like a new
    /// upload; one that is not recognised (the old API trusted the client's label, always one of the
    /// four accepted types) keeps its bytes and its declared type, served with `nosniff`. Not counted
    /// against any quota. Returns how many moved.
    public func moveLegacyMedia(batch: Int = 100) async throws -> Int {
        var moved = 0
        while true {
            let legacy = try await metadata.legacyMedia(limit: batch)
            if legacy.isEmpty { break }
            for item in legacy {
                let (type, bytes): (MediaType, [UInt8]) = if let clean = try? SanitizedMedia(uploaded: item.bytes) {
                    (clean.type, clean.bytes)
                } else {
                    (MediaType(mimeType: item.contentType) ?? .pdf, item.bytes)
                }
                let hash = Self.sha256(bytes)
                let files = self.files
                try await Self.offload { try files.put(bytes, hash: hash) }
                try await metadata.replaceLegacyMedia(MediaInfo(id: item.id, hash: hash, size: bytes.count, type: type,
                                                                uploader: .user(item.uploaderID), createdAt: item.createdAt))
                moved += 1
            }
        }
        _ = try await metadata.dropLegacyMediaIfEmpty()
        return moved
    }

    // MARK: Support

    /// Ids are UUIDs (36 characters) today; anything longer than 64 is not looked up.
    static func isPlausibleID(_ id: String) -> Bool { !id.isEmpty && id.utf8.count <= 64 }

    /// The SHA-256 of `bytes`, lower-case hex.
    public static func sha256(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in SHA256.hash(data: bytes) {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Runs blocking work (hashing megabytes, fsync) on a Dispatch thread rather than on Swift's
    /// cooperative pool, which has one thread per core.
    static func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
