import CityGridCore
import CityGridStore
import Foundation
import GRDB

/// Notices in SQLite (通知): `notices` (every inbox, by recipient), `notice_outbox` (the external
/// deliveries written with them), `notice_preferences` (one JSON row per user who chose) and
/// `notice_cursors` (named positions of the processes following the change log and the outbox).
enum NoticeRows {
    static let columns = "n.id, n.recipient_kind, n.recipient_key, n.kind, n.subject_kind, n.subject_id, n.title_zh, n.title_en, n.body_zh, n.body_en, n.link, n.created_at, n.read_at"

    /// Writes each draft and its outbox rows (the user's preferences and contact read in the same
    /// transaction); returns the notices as numbered.
    static func insert(_ drafts: [NoticeDraft], _ db: Database) throws -> [Notice] {
        var written: [Notice] = []
        var preferences: [UserID: NoticePreferences] = [:]
        var contacts: [UserID: String?] = [:]
        for draft in drafts {
            try db.execute(sql: """
                INSERT INTO notices (recipient_kind, recipient_key, kind, subject_kind, subject_id, title_zh, title_en, body_zh, body_en, link, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [draft.recipient.kindCode, draft.recipient.key, draft.kind.rawValue, draft.subject.kind.rawValue, draft.subject.id,
                                 draft.title.zh, draft.title.en, draft.body.zh, draft.body.en, draft.link, CaseRow.seconds(draft.createdAt)])
            let notice = Notice(id: db.lastInsertedRowID, draft: NoticeDraft(recipient: draft.recipient, kind: draft.kind, subject: draft.subject,
                                                                             title: draft.title, body: draft.body, link: draft.link,
                                                                             createdAt: CaseRow.date(CaseRow.seconds(draft.createdAt))!))
            written.append(notice)
            guard let userID = draft.recipient.userID else { continue }
            if preferences[userID] == nil { preferences[userID] = try self.preferences(userID, db) }
            if contacts[userID] == nil {
                contacts[userID] = .some(try String.fetchOne(db, sql: "SELECT contact FROM citizen_contacts WHERE user_id = ?", arguments: [userID]))
            }
            for delivery in NoticeRules.deliveries(of: draft.kind, preferences: preferences[userID]!, contact: contacts[userID]!) {
                try db.execute(sql: "INSERT INTO notice_outbox (notice_id, channel, address, state, attempts, next_attempt_at) VALUES (?, ?, ?, 'pending', 0, ?)",
                               arguments: [notice.id, delivery.channel.rawValue, delivery.address, CaseRow.seconds(draft.createdAt)])
            }
        }
        return written
    }

    /// The notice in `row`'s columns from `o` on (``columns``' order).
    static func notice(_ row: Row, at o: Int = 0) -> Notice? {
        guard let recipient = NoticeRecipient(kindCode: row[o + 1], key: row[o + 2]), let kind = NoticeKind(rawValue: row[o + 3]),
              let subjectKind = NoticeSubject.Kind(rawValue: row[o + 4]) else { return nil }
        let draft = NoticeDraft(recipient: recipient, kind: kind, subject: NoticeSubject(kind: subjectKind, id: row[o + 5]),
                                title: LocalizedText(zh: row[o + 6], en: row[o + 7]), body: LocalizedText(zh: row[o + 8], en: row[o + 9]), link: row[o + 10],
                                createdAt: CaseRow.date(row[o + 11] as Int64?)!)
        return Notice(id: row[o], draft: draft, readAt: CaseRow.date(row[o + 12] as Int64?))
    }

    static func preferences(_ userID: UserID, _ db: Database) throws -> NoticePreferences {
        guard let json = try String.fetchOne(db, sql: "SELECT channels FROM notice_preferences WHERE user_id = ?", arguments: [userID]),
              let coded = try? JSONDecoder().decode([String: [String]].self, from: Data(json.utf8)) else { return .defaults }
        var external: [NoticeKind: Set<NoticeChannel>] = [:]
        for (kind, channels) in coded {
            guard let kind = NoticeKind(rawValue: kind) else { continue }
            external[kind] = Set(channels.compactMap(NoticeChannel.init(rawValue:)))
        }
        return NoticePreferences(external)
    }

    /// The stored form of preferences: the kinds chosen, each with its external channels, as JSON.
    static func encoded(_ preferences: NoticePreferences) -> String {
        let coded = Dictionary(uniqueKeysWithValues: preferences.external.map { ($0.key.rawValue, $0.value.sorted().map(\.rawValue)) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(coded)) ?? Data("{}".utf8), as: UTF8.self)
    }

    static let outboxColumns = "o.id, o.channel, o.address, o.state, o.attempts, o.last_error, o.next_attempt_at, o.sent_at"

    static func outboxItems(where condition: String, arguments: StatementArguments, _ db: Database) throws -> [OutboxItem] {
        try Row.fetchAll(db, sql: """
            SELECT \(outboxColumns), \(columns) FROM notice_outbox o JOIN notices n ON n.id = o.notice_id WHERE \(condition)
            """, arguments: arguments).compactMap { row in
            guard let channel = NoticeChannel(rawValue: row[1]), let state = OutboxItem.State(rawValue: row[3]),
                  let notice = notice(row, at: 8) else { return nil }
            return OutboxItem(id: row[0], notice: notice, channel: channel, address: row[2], state: state, attempts: row[4], lastError: row[5],
                              nextAttemptAt: CaseRow.date(row[6] as Int64?)!, sentAt: CaseRow.date(row[7] as Int64?))
        }
    }

    static func cursor(_ name: String, _ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT position FROM notice_cursors WHERE name = ?", arguments: [name]) ?? 0
    }

    static func moveCursor(_ name: String, from: Int64, to: Int64, _ db: Database) throws -> Bool {
        guard try cursor(name, db) == from else { return false }
        try db.execute(sql: "INSERT INTO notice_cursors (name, position) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET position = excluded.position",
                       arguments: [name, to])
        return true
    }

    /// Deletes every notice about a case, with its outbox rows (the cases are being deleted).
    static func deleteCaseNotices(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM notice_outbox WHERE notice_id IN (SELECT id FROM notices WHERE subject_kind = 'case'); DELETE FROM notices WHERE subject_kind = 'case'")
    }
}
