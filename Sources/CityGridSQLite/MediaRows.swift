import CityGridCore
import CityGridStore
import Foundation
import GRDB

/// Uploaded media's metadata in the `media` table (schema "v20: media on disk"); the bytes are in
/// files. Each write is one short transaction: hashing and writing the file happen before, outside
/// the writer.
extension SQLiteCityStore {
    static let mediaColumns = "id, hash, size, type, uploaded_by, case_id, created_at"

    /// `<database path>.media`, next to the database file.
    public var defaultMediaDirectory: String? { pool.path + ".media" }

    public func insertMedia(_ info: MediaInfo, quota: UploadQuota?) async throws {
        try await writeTransaction { db in
            if let quota {
                let used = try Int64.fetchOne(db, sql: "SELECT COALESCE(SUM(size), 0) FROM media WHERE uploaded_by = ? AND created_at >= ?",
                                              arguments: [info.uploader.storedID, CaseRow.seconds(quota.windowStart(at: info.createdAt))]) ?? 0
                try quota.check(used: used, adding: Int64(info.size))
            }
            try Self.insertMediaRow(info, db)
        }
    }

    public func mediaInfo(id: String) async throws -> MediaInfo? {
        try await readSnapshot { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.mediaColumns) FROM media WHERE id = ?", arguments: [id]).map(Self.decodeMedia)
        }
    }

    public func mediaBytesUploaded(by uploader: MediaUploader, since: Date) async throws -> Int64 {
        try await readSnapshot { db in
            try Int64.fetchOne(db, sql: "SELECT COALESCE(SUM(size), 0) FROM media WHERE uploaded_by = ? AND created_at >= ?",
                               arguments: [uploader.storedID, CaseRow.seconds(since)]) ?? 0
        }
    }

    public func linkMedia(ids: [String], caseID: CaseID) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try await writeTransaction { db in
            try db.execute(sql: "UPDATE media SET case_id = ? WHERE case_id IS NULL AND id IN (\(ids.map { _ in "?" }.joined(separator: ",")))",
                           arguments: StatementArguments([caseID] + ids))
            return db.changesCount
        }
    }

    public func legacyMedia(limit: Int) async throws -> [LegacyMedia] {
        try await readSnapshot { db in
            guard try db.tableExists("media_legacy_blobs") else { return [] }
            return try Row.fetchAll(db, sql: "SELECT id, content_type, bytes, uploaded_by, at FROM media_legacy_blobs ORDER BY id LIMIT ?",
                                    arguments: [limit]).map { row in
                LegacyMedia(id: row["id"], contentType: row["content_type"], bytes: [UInt8](row["bytes"] as Data), uploaderID: row["uploaded_by"],
                            createdAt: CaseRow.date(row["at"] as Int64)!)
            }
        }
    }

    public func replaceLegacyMedia(_ info: MediaInfo) async throws {
        try await writeTransaction { db in
            // OR IGNORE: another process opening the same database may have moved it first.
            try db.execute(sql: "INSERT OR IGNORE INTO media (\(Self.mediaColumns)) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           arguments: [info.id, info.hash, info.size, info.type.rawValue, info.uploader.storedID, info.caseID, CaseRow.seconds(info.createdAt)])
            try db.execute(sql: "DELETE FROM media_legacy_blobs WHERE id = ?", arguments: [info.id])
        }
    }

    public func dropLegacyMediaIfEmpty() async throws -> Bool {
        try await writeTransaction { db in
            guard try db.tableExists("media_legacy_blobs") else { return true }
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM media_legacy_blobs") == 0 else { return false }
            try db.execute(sql: "DROP TABLE media_legacy_blobs")
            return true
        }
    }

    private static func insertMediaRow(_ info: MediaInfo, _ db: Database) throws {
        try db.execute(sql: "INSERT INTO media (\(mediaColumns)) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       arguments: [info.id, info.hash, info.size, info.type.rawValue, info.uploader.storedID, info.caseID, CaseRow.seconds(info.createdAt)])
    }

    private static func decodeMedia(_ row: Row) -> MediaInfo {
        MediaInfo(id: row["id"], hash: row["hash"], size: row["size"], type: MediaType(rawValue: row["type"]) ?? .pdf, uploader: MediaUploader(storedID: row["uploaded_by"]),
                  caseID: row["case_id"], createdAt: CaseRow.date(row["created_at"] as Int64)!)
    }
}
