import CityGridCore
import CityGridStore
import Foundation

/// The notice tables of an ``InMemoryState``: the rows of SQLite's `notices`, `notice_outbox`,
/// `notice_preferences` and `notice_cursors`, numbered the way SQLite numbers them.
struct NoticeTables: Sendable {
    /// Notices in id order.
    var notices: [Notice] = []
    /// Outbox rows in id order (their notice as written, read back with it).
    var outbox: [OutboxItem] = []
    var preferences: [UserID: NoticePreferences] = [:]
    var cursors: [String: Int64] = [:]

    /// Writes drafts and their outbox rows, as ``NoticeRows/insert`` does.
    mutating func insert(_ drafts: [NoticeDraft], users: [UserID: User], contacts: [String: UserID]) -> [Notice] {
        var written: [Notice] = []
        var contactOf: [UserID: String?] = [:]
        for draft in drafts {
            var stored = draft
            stored.createdAt = StoredForm.date(draft.createdAt)
            let notice = Notice(id: (notices.last?.id ?? 0) + 1, draft: stored)
            notices.append(notice)
            written.append(notice)
            guard let userID = draft.recipient.userID else { continue }
            if contactOf[userID] == nil { contactOf[userID] = .some(contacts.first { $0.value == userID }?.key) }
            let contact = contactOf[userID]!
            for delivery in NoticeRules.deliveries(of: draft.kind, preferences: preferences[userID] ?? .defaults, contact: contact) {
                outbox.append(OutboxItem(id: (outbox.last?.id ?? 0) + 1, notice: notice, channel: delivery.channel, address: delivery.address,
                                         state: .pending, attempts: 0, lastError: nil, nextAttemptAt: stored.createdAt, sentAt: nil))
            }
        }
        return written
    }

    /// Deletes every notice about a case with its outbox rows.
    mutating func deleteCaseNotices() {
        notices.removeAll { $0.subject.kind == .caseRecord }
        let kept = Set(notices.map(\.id))
        outbox.removeAll { !kept.contains($0.notice.id) }
    }

    /// The notice as stored now (its read time), for an outbox row.
    func current(_ item: OutboxItem) -> OutboxItem {
        var item = item
        if let index = index(of: item.notice.id) { item.notice = notices[index] }
        return item
    }

    func index(of id: Int64) -> Int? {
        var low = 0, high = notices.count
        while low < high {
            let mid = (low + high) / 2
            if notices[mid].id < id { low = mid + 1 } else { high = mid }
        }
        return low < notices.count && notices[low].id == id ? low : nil
    }
}

/// ``NoticeStore`` in memory: see ``NoticeTables``.
extension InMemoryCityStore {
    public func addNotices(_ drafts: [NoticeDraft], cursor: NoticeCursorMove?) async throws -> [Notice] {
        try locked { state in
            if let cursor {
                guard (state.noticeTables.cursors[cursor.name] ?? 0) == cursor.from else { throw StoreFailure.cursorMoved(cursor.name) }
                state.noticeTables.cursors[cursor.name] = cursor.to
            }
            return state.noticeTables.insert(drafts, users: state.users, contacts: state.contacts)
        }
    }

    public func notices(for recipient: NoticeRecipient, before: Int64?, limit: Int) async throws -> [Notice] {
        try locked { state in
            Array(state.noticeTables.notices.reversed().lazy.filter { $0.recipient == recipient && $0.id < (before ?? Int64.max) }.prefix(max(0, limit)))
        }
    }

    public func unreadNoticeCount(for recipient: NoticeRecipient) async throws -> Int {
        try locked { state in state.noticeTables.notices.count { $0.recipient == recipient && $0.readAt == nil } }
    }

    public func markNoticesRead(ids: [Int64], for recipient: NoticeRecipient, at: Date) async throws -> Int {
        try locked { state in
            var marked = 0
            for id in Set(ids) {
                guard let index = state.noticeTables.index(of: id), state.noticeTables.notices[index].recipient == recipient,
                      state.noticeTables.notices[index].readAt == nil else { continue }
                state.noticeTables.notices[index].readAt = StoredForm.date(at)
                marked += 1
            }
            return marked
        }
    }

    public func markAllNoticesRead(for recipient: NoticeRecipient, at: Date) async throws -> Int {
        try locked { state in
            var marked = 0
            for index in state.noticeTables.notices.indices where state.noticeTables.notices[index].recipient == recipient && state.noticeTables.notices[index].readAt == nil {
                state.noticeTables.notices[index].readAt = StoredForm.date(at)
                marked += 1
            }
            return marked
        }
    }

    public func noticePreferences(userID: UserID) async throws -> NoticePreferences {
        try locked { state in state.noticeTables.preferences[userID] ?? .defaults }
    }

    public func setNoticePreferences(_ preferences: NoticePreferences, userID: UserID) async throws {
        try locked { state in
            guard state.users[userID] != nil else {
                throw DomainError.notFound(LocalizedText(zh: "用户", en: "user"), userID.description, field: "user_id")
            }
            state.noticeTables.preferences[userID] = preferences
        }
    }

    public func dueOutbox(after: Int64, at now: Date, limit: Int) async throws -> [OutboxItem] {
        let due = StoredForm.date(now)
        return try locked { state in
            let tables = state.noticeTables
            return Array(tables.outbox.filter { $0.state == .pending && $0.id > after && $0.nextAttemptAt <= due }.prefix(max(0, limit))).map { tables.current($0) }
        }
    }

    public func outbox(noticeID: Int64) async throws -> [OutboxItem] {
        try locked { state in
            let tables = state.noticeTables
            return tables.outbox.filter { $0.notice.id == noticeID }.map { tables.current($0) }
        }
    }

    public func settledOutboxCursor() async throws -> Int64 {
        try locked { state in
            if let pending = state.noticeTables.outbox.first(where: { $0.state == .pending }) { return pending.id - 1 }
            return state.noticeTables.outbox.last?.id ?? 0
        }
    }

    public func markOutboxSent(id: Int64, at: Date) async throws -> Bool {
        try locked { state in
            guard let index = state.noticeTables.outbox.firstIndex(where: { $0.id == id }), state.noticeTables.outbox[index].state == .pending else { return false }
            state.noticeTables.outbox[index].state = .sent
            state.noticeTables.outbox[index].sentAt = StoredForm.date(at)
            state.noticeTables.outbox[index].attempts += 1
            return true
        }
    }

    public func markOutboxFailed(id: Int64, error: String, retryAt: Date?) async throws -> Bool {
        try locked { state in
            guard let index = state.noticeTables.outbox.firstIndex(where: { $0.id == id }), state.noticeTables.outbox[index].state == .pending else { return false }
            state.noticeTables.outbox[index].attempts += 1
            state.noticeTables.outbox[index].lastError = error
            if let retryAt {
                state.noticeTables.outbox[index].nextAttemptAt = StoredForm.date(retryAt)
            } else {
                state.noticeTables.outbox[index].state = .failed
            }
            return true
        }
    }

    public func noticeCursor(_ name: String) async throws -> Int64 {
        try locked { state in state.noticeTables.cursors[name] ?? 0 }
    }

    public func moveNoticeCursor(_ name: String, from: Int64, to: Int64) async throws -> Bool {
        try locked { state in
            guard (state.noticeTables.cursors[name] ?? 0) == from else { return false }
            state.noticeTables.cursors[name] = to
            return true
        }
    }
}
