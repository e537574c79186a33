import CityGridCore
import CityGridStore
import Foundation
import GRDB
@testable import CityGridSQLite
import Testing

/// "v26: notifications": the notifications of before become notices of the kind `case_notice` in
/// their users' inboxes (still read by `notifications(userID:limit:)`), their table is dropped, and
/// the notice generator starts at the end of the change log (an upgraded city hears nothing again).
@Suite struct NoticeMigrationTests {
    @Test func oldNotificationsBecomeNoticesAndTheGeneratorStartsAtTheEndOfTheLog() async throws {
        let folder = NSTemporaryDirectory() + "citygrid-notices-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/old.sqlite"
        do {
            let queue = try DatabaseQueue(path: path)
            try Schema.migrator.migrate(queue, upTo: "v24: one-time codes")
            try await queue.write { db in
                try db.execute(sql: "INSERT INTO notifications (user_id, case_id, message_zh, message_en, at) VALUES (5, 12, '案件已结案', 'Case closed', 1700000000)")
                try db.execute(sql: "INSERT INTO notifications (user_id, case_id, message_zh, message_en, at) VALUES (6, 13, '已升级', 'Escalated', 1700000100)")
                for _ in 0..<3 {
                    try db.execute(sql: "INSERT INTO change_log (kind, case_id, case_version, at) VALUES ('case_stepped', 12, 2, 1700000000)")
                }
            }
        }
        let store = try SQLiteCityStore(path: path)
        let notes = try await store.notifications(userID: 5, limit: 10)
        #expect(notes.map(\.caseID) == [12] && notes.first?.message == LocalizedText(zh: "案件已结案", en: "Case closed"))
        #expect(notes.first?.at == Date(timeIntervalSince1970: 1_700_000_000))
        let inbox = try await store.notices(for: .user(6), before: nil, limit: 10)
        #expect(inbox.map(\.kind) == [.caseNotice] && inbox.first?.subject == .caseRecord(13) && inbox.first?.readAt == nil)
        #expect(try await store.unreadNoticeCount(for: .user(5)) == 1)
        #expect(try await store.noticeCursor("case-events") == 3)
        let dropped = try await store.pool.read { db in try !db.tableExists("notifications") }
        #expect(dropped)
        // New notices number on after the migrated ones.
        let next = try await store.addNotices([NoticeDraft(recipient: .user(5), kind: .caseClosed, subject: .caseRecord(14), title: NoticeKind.caseClosed.label,
                                                           body: NoticeKind.caseClosed.label, link: "/portal/cases/14", createdAt: Date())], cursor: nil)
        #expect(next.map(\.id) == [3])
    }
}
