import CityGridCore
import CityGridService
import CityGridSQLite
import CityGridStore
import Foundation
import Synchronization
import Testing

/// ``NoticeDispatcher`` over SQLite: every outbox row reaches a sender that records keys once, even
/// when the dispatcher dies between a send and its mark and a new one (a restarted process, on the
/// database file opened again) takes over; failures are retried with backoff and given up at last.
@Suite struct NoticeDispatcherTests {
    /// A sender that records every hand-over and delivers each idempotency key once; it can be told
    /// to fail the next tries, or to "crash" (cancel the dispatcher's task) after recording a key.
    final class KeyedSender: NoticeSender, Sendable {
        struct State {
            var handed: [Int64] = []
            var delivered: [Int64] = []
            var failures = 0
            var crashAfterKey: Int64?
            var alwaysFailing: Set<Int64> = []
        }

        let channel: NoticeChannel
        let state: Mutex<State>

        init(channel: NoticeChannel = .sms, failures: Int = 0, crashAfterKey: Int64? = nil, alwaysFailing: Set<Int64> = []) {
            self.channel = channel
            self.state = Mutex(State(failures: failures, crashAfterKey: crashAfterKey, alwaysFailing: alwaysFailing))
        }

        func send(_ notice: OutgoingNotice) async throws {
            let crash = try state.withLock { state -> Bool in
                state.handed.append(notice.idempotencyKey)
                if state.alwaysFailing.contains(notice.idempotencyKey) { throw SendFailure(message: "no such number") }
                if state.failures > 0 {
                    state.failures -= 1
                    throw SendFailure(message: "gateway down")
                }
                if !state.delivered.contains(notice.idempotencyKey) { state.delivered.append(notice.idempotencyKey) }
                guard state.crashAfterKey == notice.idempotencyKey else { return false }
                state.crashAfterKey = nil
                return true
            }
            // The process dies (once) after the gateway took the message, before the outbox is marked.
            if crash { throw CancellationError() }
        }

        var handed: [Int64] { state.withLock { $0.handed } }
        var delivered: [Int64] { state.withLock { $0.delivered } }
    }

    struct SendFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// A clock the test moves.
    final class TestClock: Sendable {
        let now: Mutex<Date>
        init(_ start: Date) { now = Mutex(start) }
        func advance(_ seconds: TimeInterval) { now.withLock { $0 = $0.addingTimeInterval(seconds) } }
        var read: @Sendable () -> Date { { [self] in now.withLock { $0 } } }
    }

    /// `count` closed-case notices to a citizen with a phone: one SMS row each.
    static func outbox(_ f: Fixture, count: Int, at: Date) async throws -> UserID {
        let citizen = try await f.store.addUser(NewUser(username: "sms-citizen", displayName: "市民", role: .citizen), contact: "+8613900139000")
        let drafts = (1...count).map { i in
            NoticeDraft(recipient: .user(citizen.id), kind: .caseClosed, subject: .caseRecord(CaseID(Int64(i))), title: NoticeKind.caseClosed.label,
                        body: LocalizedText(zh: "案件 \(i) 已结案", en: "Case \(i) is closed"), link: "/portal/cases/\(i)", createdAt: at)
        }
        try await f.store.addNotices(drafts, cursor: nil)
        return citizen.id
    }

    @Test func eachNoticeIsSentOnceAcrossACrashAndARestart() async throws {
        let f = try await Fixture()
        let clock = TestClock(Date())
        _ = try await Self.outbox(f, count: 7, at: clock.read())
        let sender = KeyedSender(crashAfterKey: 5)
        // The first process sends three, stops; sends on and dies after the gateway took row 5.
        let first = NoticeDispatcher(store: f.store, senders: [sender], batchSize: 2, holder: "first", now: clock.read)
        let round = try await first.poll(limit: 3)
        #expect(round.sent == 3 && round.cursor == 3)
        #expect(try await f.store.noticeCursor(NoticeDispatcher.cursorName) == 3)
        await #expect(throws: CancellationError.self) { try await first.poll() }
        #expect(sender.handed == [1, 2, 3, 4, 5])
        // A new process on the database opened again: it waits for the dead one's lease to end.
        let reopened = try SQLiteCityStore(path: f.folder + "/city.sqlite")
        let second = NoticeDispatcher(store: reopened, senders: [sender], batchSize: 2, holder: "second", now: clock.read)
        #expect(try await second.poll().sent == 0)
        clock.advance(61)
        let resumed = try await second.poll()
        #expect(resumed.sent == 3 && resumed.cursor == 7)
        // Row 5 was handed over twice (at least once), delivered once; every row is sent once.
        #expect(sender.handed == [1, 2, 3, 4, 5, 5, 6, 7])
        #expect(sender.delivered == [1, 2, 3, 4, 5, 6, 7])
        for id in Int64(1)...7 { #expect(try await reopened.outbox(noticeID: id).map(\.state) == [.sent]) }
        // Nothing is sent again.
        #expect(try await second.poll().sent == 0)
        #expect(sender.handed.count == 8)
    }

    @Test func aFailureIsRetriedWithBackoffAndKeptWithItsError() async throws {
        let f = try await Fixture()
        let clock = TestClock(Date())
        _ = try await Self.outbox(f, count: 1, at: clock.read())
        let sender = KeyedSender(failures: 2)
        let dispatcher = NoticeDispatcher(store: f.store, senders: [sender], holder: "d", now: clock.read)
        #expect(try await dispatcher.poll().failed == 1)
        var row = try await f.store.outbox(noticeID: 1)[0]
        #expect(row.state == .pending && row.attempts == 1 && row.lastError == "gateway down")
        // Not before its backoff (30 s, then 60 s).
        clock.advance(29)
        #expect(try await dispatcher.poll() == NoticeDispatcher.Round(cursor: 0))
        clock.advance(2)
        #expect(try await dispatcher.poll().failed == 1)
        clock.advance(31)
        #expect(try await dispatcher.poll().sent == 0)
        clock.advance(30)
        let round = try await dispatcher.poll()
        #expect(round.sent == 1 && round.cursor == 1)
        row = try await f.store.outbox(noticeID: 1)[0]
        #expect(row.state == .sent && row.attempts == 3 && sender.delivered == [1])
    }

    @Test func aRowThatKeepsFailingIsGivenUpAndNoLongerHoldsTheCursor() async throws {
        let f = try await Fixture()
        let clock = TestClock(Date())
        _ = try await Self.outbox(f, count: 2, at: clock.read())
        let sender = KeyedSender(alwaysFailing: [1])
        let dispatcher = NoticeDispatcher(store: f.store, senders: [sender], holder: "d", now: clock.read)
        // Row 1 fails every try; row 2 goes at once.
        var rounds: [NoticeDispatcher.Round] = []
        while try await f.store.outbox(noticeID: 1)[0].state == .pending, rounds.count < 20 {
            rounds.append(try await dispatcher.poll())
            clock.advance(7 * 3600)
        }
        let row = try await f.store.outbox(noticeID: 1)[0]
        #expect(row.state == .failed && row.attempts == NoticeRules.maxAttempts && row.lastError == "no such number")
        #expect(rounds.count == NoticeRules.maxAttempts && sender.delivered == [2])
        #expect(rounds.map(\.givenUp).reduce(0, +) == 1)
        _ = try await dispatcher.poll()
        #expect(try await f.store.outbox(noticeID: 2)[0].state == .sent)
        #expect(try await f.store.noticeCursor(NoticeDispatcher.cursorName) == 2)
    }

    @Test func aChannelWithoutASenderWaits() async throws {
        let f = try await Fixture()
        let clock = TestClock(Date())
        _ = try await Self.outbox(f, count: 2, at: clock.read())
        let email = KeyedSender(channel: .email)
        let dispatcher = NoticeDispatcher(store: f.store, senders: [email], holder: "d", now: clock.read)
        #expect(try await dispatcher.poll() == NoticeDispatcher.Round(cursor: 0))
        #expect(email.handed.isEmpty)
        #expect(try await f.store.outbox(noticeID: 1)[0].state == .pending)
        let sms = KeyedSender()
        #expect(try await NoticeDispatcher(store: f.store, senders: [email, sms], holder: "d", now: clock.read).poll().sent == 2)
    }
}
