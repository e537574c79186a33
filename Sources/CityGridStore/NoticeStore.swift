import CityGridCore
import Foundation

/// One row of the notice outbox (发件箱): a notice to deliver through an external channel to an
/// address. Rows are written with their notice, in the same transaction; the ``NoticeDispatcher``
/// follows them by cursor and marks each sent once.
public struct OutboxItem: Hashable, Sendable, Identifiable {
    public enum State: String, Hashable, Sendable, Codable {
        /// Not sent yet (maybe tried and failed: ``attempts``, ``lastError``, ``nextAttemptAt``).
        case pending
        /// Handed to the sender, which accepted it.
        case sent
        /// Given up after too many failures; kept with its last error.
        case failed
    }

    /// Numbered by the store, 1, 2, 3…; the idempotency key handed to the sender.
    public var id: Int64
    public var notice: Notice
    public var channel: NoticeChannel
    /// The normalised phone number or e-mail address (personal data).
    public var address: String
    public var state: State
    public var attempts: Int
    public var lastError: String?
    /// Not tried before this time (to the second).
    public var nextAttemptAt: Date
    public var sentAt: Date?

    public init(id: Int64, notice: Notice, channel: NoticeChannel, address: String, state: State, attempts: Int, lastError: String?,
                nextAttemptAt: Date, sentAt: Date?) {
        self.id = id
        self.notice = notice
        self.channel = channel
        self.address = address
        self.state = state
        self.attempts = attempts
        self.lastError = lastError
        self.nextAttemptAt = nextAttemptAt
        self.sentAt = sentAt
    }
}

/// A compare-and-set of a named cursor, done in the same transaction as a write: the write happens
/// only if the cursor still is `from`, and the cursor is then `to`.
public struct NoticeCursorMove: Hashable, Sendable {
    public var name: String
    public var from: Int64
    public var to: Int64

    public init(name: String, from: Int64, to: Int64) {
        self.name = name
        self.from = from
        self.to = to
    }
}

/// Notices (通知): inboxes of users and organisations, per-user preferences, the outbox of external
/// deliveries and the named cursors of the processes that follow the change log and the outbox.
///
/// Contract:
/// - Notices and outbox rows are numbered 1, 2, 3… (one more than the highest held); times are kept
///   to the second (rounded down).
/// - Every notice to a user is written with one outbox row per external channel its kind goes to
///   (``NoticeRules/deliveries(of:preferences:contact:)`` over the user's stored preferences and
///   contact), in the same transaction; notices to organisations have none. A workflow step's
///   notices (``CaseStore/step(_:expectedVersion:)``) are written the same way.
/// - An outbox row is marked sent once: ``markOutboxSent(id:at:)`` of a row not pending changes nothing.
/// - Reading an inbox, or marking in it, never reaches another recipient's notices.
public protocol NoticeStore: Sendable {
    /// Writes `drafts` with their outbox rows, and, when `cursor` is given, moves that cursor in the
    /// same transaction; returns the notices as numbered. When the cursor is not at `cursor.from`
    /// (another process moved it), writes nothing and refuses with a `conflict` (`cursor_moved`).
    @discardableResult
    func addNotices(_ drafts: [NoticeDraft], cursor: NoticeCursorMove?) async throws -> [Notice]

    /// The notices of `recipient`, newest first, with ids below `before` (all when `nil`), at most `limit`.
    func notices(for recipient: NoticeRecipient, before: Int64?, limit: Int) async throws -> [Notice]

    /// How many of `recipient`'s notices are unread.
    func unreadNoticeCount(for recipient: NoticeRecipient) async throws -> Int

    /// Marks those of `ids` that are `recipient`'s and unread as read at `at`; returns how many.
    @discardableResult
    func markNoticesRead(ids: [Int64], for recipient: NoticeRecipient, at: Date) async throws -> Int

    /// Marks every unread notice of `recipient` as read at `at`; returns how many.
    @discardableResult
    func markAllNoticesRead(for recipient: NoticeRecipient, at: Date) async throws -> Int

    /// The user's preferences (``NoticePreferences/defaults`` when none are stored).
    func noticePreferences(userID: UserID) async throws -> NoticePreferences

    /// Stores the user's preferences, replacing what was there. An unknown user is `notFound`.
    func setNoticePreferences(_ preferences: NoticePreferences, userID: UserID) async throws

    /// Pending outbox rows with ids after `after` whose next try is due at `now`, oldest first, at most `limit`.
    func dueOutbox(after: Int64, at now: Date, limit: Int) async throws -> [OutboxItem]

    /// The outbox rows of one notice (any state), in id order.
    func outbox(noticeID: Int64) async throws -> [OutboxItem]

    /// The highest outbox id below which (inclusive) no row is pending: where a dispatcher's cursor
    /// may stand (0 for an empty outbox).
    func settledOutboxCursor() async throws -> Int64

    /// Marks a pending row sent at `at`; returns false (and changes nothing) when it is not pending.
    @discardableResult
    func markOutboxSent(id: Int64, at: Date) async throws -> Bool

    /// Records a failed try of a pending row: one more attempt, the error kept; tried again at
    /// `retryAt`, or given up (`failed`) when `retryAt` is `nil`. Returns false when it is not pending.
    @discardableResult
    func markOutboxFailed(id: Int64, error: String, retryAt: Date?) async throws -> Bool

    /// The named cursor's position (0 when never moved).
    func noticeCursor(_ name: String) async throws -> Int64

    /// Moves the named cursor from `from` to `to`; false (and nothing moved) when it is not at `from`.
    @discardableResult
    func moveNoticeCursor(_ name: String, from: Int64, to: Int64) async throws -> Bool
}

extension StoreFailure {
    /// A cursor moved by another process between reading it and writing with it.
    public static func cursorMoved(_ name: String) -> DomainError {
        DomainError(.conflict, code: "cursor_moved", field: "cursor",
                    zh: "游标 \(name) 已被其他进程移动", en: "The cursor \(name) was moved by another process")
    }
}
