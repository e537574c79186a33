import CityGridCore
import CityGridStore
import Foundation
import GRDB

/// ``NoticeStore`` in SQLite: see ``NoticeRows``.
extension SQLiteCityStore {
    public func addNotices(_ drafts: [NoticeDraft], cursor: NoticeCursorMove?) async throws -> [Notice] {
        try await writeTransaction { db in
            if let cursor {
                guard try NoticeRows.moveCursor(cursor.name, from: cursor.from, to: cursor.to, db) else { throw StoreFailure.cursorMoved(cursor.name) }
            }
            return try NoticeRows.insert(drafts, db)
        }
    }

    public func notices(for recipient: NoticeRecipient, before: Int64?, limit: Int) async throws -> [Notice] {
        try await readSnapshot { db in
            try Row.fetchAll(db, sql: """
                SELECT \(NoticeRows.columns) FROM notices n WHERE n.recipient_kind = ? AND n.recipient_key = ? AND n.id < ? ORDER BY n.id DESC LIMIT ?
                """, arguments: [recipient.kindCode, recipient.key, before ?? Int64.max, max(0, limit)]).compactMap { NoticeRows.notice($0) }
        }
    }

    public func unreadNoticeCount(for recipient: NoticeRecipient) async throws -> Int {
        try await readSnapshot { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM notices WHERE recipient_kind = ? AND recipient_key = ? AND read_at IS NULL",
                             arguments: [recipient.kindCode, recipient.key]) ?? 0
        }
    }

    public func markNoticesRead(ids: [Int64], for recipient: NoticeRecipient, at: Date) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try await writeTransaction { db in
            var marked = 0
            for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min(ids.count, $0 + 500)]) }) {
                try db.execute(sql: """
                    UPDATE notices SET read_at = ? WHERE recipient_kind = ? AND recipient_key = ? AND read_at IS NULL
                    AND id IN (\(chunk.map { _ in "?" }.joined(separator: ",")))
                    """, arguments: StatementArguments([CaseRow.seconds(at)!, recipient.kindCode, recipient.key] + chunk.map { $0 as any DatabaseValueConvertible }))
                marked += db.changesCount
            }
            return marked
        }
    }

    public func markAllNoticesRead(for recipient: NoticeRecipient, at: Date) async throws -> Int {
        try await writeTransaction { db in
            try db.execute(sql: "UPDATE notices SET read_at = ? WHERE recipient_kind = ? AND recipient_key = ? AND read_at IS NULL",
                           arguments: [CaseRow.seconds(at), recipient.kindCode, recipient.key])
            return db.changesCount
        }
    }

    public func noticePreferences(userID: UserID) async throws -> NoticePreferences {
        try await readSnapshot { db in try NoticeRows.preferences(userID, db) }
    }

    public func setNoticePreferences(_ preferences: NoticePreferences, userID: UserID) async throws {
        try await writeTransaction { db in
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users WHERE id = ?", arguments: [userID]) == 1 else {
                throw DomainError.notFound(LocalizedText(zh: "用户", en: "user"), userID.description, field: "user_id")
            }
            try db.execute(sql: "INSERT INTO notice_preferences (user_id, channels) VALUES (?, ?) ON CONFLICT(user_id) DO UPDATE SET channels = excluded.channels",
                           arguments: [userID, NoticeRows.encoded(preferences)])
        }
    }

    public func dueOutbox(after: Int64, at now: Date, limit: Int) async throws -> [OutboxItem] {
        try await readSnapshot { db in
            try NoticeRows.outboxItems(where: "o.state = 'pending' AND o.id > ? AND o.next_attempt_at <= ? ORDER BY o.id LIMIT ?",
                                       arguments: [after, CaseRow.seconds(now), max(0, limit)], db)
        }
    }

    public func outbox(noticeID: Int64) async throws -> [OutboxItem] {
        try await readSnapshot { db in
            try NoticeRows.outboxItems(where: "o.notice_id = ? ORDER BY o.id", arguments: [noticeID], db)
        }
    }

    public func settledOutboxCursor() async throws -> Int64 {
        try await readSnapshot { db in
            if let pending = try Int64.fetchOne(db, sql: "SELECT MIN(id) FROM notice_outbox WHERE state = 'pending'") { return pending - 1 }
            return try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM notice_outbox") ?? 0
        }
    }

    public func markOutboxSent(id: Int64, at: Date) async throws -> Bool {
        try await writeTransaction { db in
            try db.execute(sql: "UPDATE notice_outbox SET state = 'sent', sent_at = ?, attempts = attempts + 1 WHERE id = ? AND state = 'pending'",
                           arguments: [CaseRow.seconds(at), id])
            return db.changesCount == 1
        }
    }

    public func markOutboxFailed(id: Int64, error: String, retryAt: Date?) async throws -> Bool {
        try await writeTransaction { db in
            if let retryAt {
                try db.execute(sql: "UPDATE notice_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ? AND state = 'pending'",
                               arguments: [error, CaseRow.seconds(retryAt), id])
            } else {
                try db.execute(sql: "UPDATE notice_outbox SET attempts = attempts + 1, last_error = ?, state = 'failed' WHERE id = ? AND state = 'pending'",
                               arguments: [error, id])
            }
            return db.changesCount == 1
        }
    }

    public func noticeCursor(_ name: String) async throws -> Int64 {
        try await readSnapshot { db in try NoticeRows.cursor(name, db) }
    }

    public func moveNoticeCursor(_ name: String, from: Int64, to: Int64) async throws -> Bool {
        try await writeTransaction { db in try NoticeRows.moveCursor(name, from: from, to: to, db) }
    }
}
