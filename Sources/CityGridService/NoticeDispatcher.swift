import CityGridCore
import CityGridStore
import Foundation
import ServiceLifecycle
import Synchronization

/// Delivers the notice outbox (通知外发): follows the outbox rows by a cursor kept in the store
/// (`outbox`), hands each due row to the ``NoticeSender`` of its channel with the row's id as the
/// idempotency key, and marks it sent. A failed try is recorded with its error and tried again after
/// ``NoticeRules/retryDelay(afterAttempts:)``; after ``NoticeRules/maxAttempts`` the row is kept
/// as failed. A row whose channel has no sender waits (pending) until one is plugged in.
///
/// Sent once: a row is marked sent once (the store refuses a second mark), and a restarted
/// dispatcher starts from the stored cursor and hands over only rows still pending — so a notice
/// reaches the sender a second time only when the process died between the sender's success and the
/// mark, and then with the same key. Of several processes sharing a store, one dispatches at a time
/// (the lease `notice-dispatcher`).
public final class NoticeDispatcher: Service, Sendable {
    /// The store's cursor name of the dispatcher.
    public static let cursorName = "outbox"
    public static let leaseName = "notice-dispatcher"

    public let store: any NoticeStore & LeaseStore
    private let senders: [NoticeChannel: any NoticeSender]
    public let interval: Duration
    public let batchSize: Int
    private let holder: String
    private let now: @Sendable () -> Date
    private let onError: @Sendable (any Error) -> Void
    private let polling = Mutex(false)

    public init(store: any NoticeStore & LeaseStore, senders: [any NoticeSender], interval: Duration = .seconds(2), batchSize: Int = 100,
                holder: String = UUID().uuidString, now: @escaping @Sendable () -> Date = Date.init,
                onError: @escaping @Sendable (any Error) -> Void = { _ in }) {
        self.store = store
        var byChannel: [NoticeChannel: any NoticeSender] = [:]
        for sender in senders where sender.channel != .inbox { byChannel[sender.channel] = sender }
        self.senders = byChannel
        self.interval = interval
        self.batchSize = max(1, batchSize)
        self.holder = holder
        self.now = now
        self.onError = onError
    }

    /// What one round did.
    public struct Round: Hashable, Sendable {
        public var sent = 0
        public var failed = 0
        public var givenUp = 0
        public var cursor: Int64 = 0

        public init(sent: Int = 0, failed: Int = 0, givenUp: Int = 0, cursor: Int64 = 0) {
            self.sent = sent
            self.failed = failed
            self.givenUp = givenUp
            self.cursor = cursor
        }
    }

    /// Delivers every due row after the cursor, batch by batch, then moves the cursor past the
    /// settled rows. Returns what it did; does nothing when another process holds the lease, or when
    /// a round is running in this one. `limit`: at most this many rows (for tests that stop midway).
    @discardableResult
    public func poll(limit: Int = .max) async throws -> Round {
        let start = polling.withLock { running -> Bool in
            if running { return false }
            running = true
            return true
        }
        guard start else { return Round() }
        defer { polling.withLock { $0 = false } }
        var round = Round()
        let at = now()
        guard try await store.acquireLease(Self.leaseName, holder: holder, now: at, duration: 60) else { return round }
        var cursor = try await store.noticeCursor(Self.cursorName)
        round.cursor = cursor
        var after = cursor
        var remaining = limit
        while remaining > 0 {
            let due = try await store.dueOutbox(after: after, at: now(), limit: min(batchSize, remaining))
            guard !due.isEmpty else { break }
            for item in due {
                after = item.id
                remaining -= 1
                guard let sender = senders[item.channel] else { continue }
                do {
                    try Task.checkCancellation()
                    try await sender.send(OutgoingNotice(idempotencyKey: item.id, channel: item.channel, address: item.address, notice: item.notice))
                    if try await store.markOutboxSent(id: item.id, at: now()) { round.sent += 1 }
                } catch is CancellationError {
                    throw CancellationError()
                } catch {
                    let attempts = item.attempts + 1
                    let retryAt = attempts >= NoticeRules.maxAttempts ? nil : now().addingTimeInterval(NoticeRules.retryDelay(afterAttempts: attempts))
                    if try await store.markOutboxFailed(id: item.id, error: String(describing: error), retryAt: retryAt) {
                        if retryAt == nil { round.givenUp += 1 } else { round.failed += 1 }
                    }
                }
            }
            if due.count < batchSize { break }
        }
        let settled = try await store.settledOutboxCursor()
        if settled > cursor, try await store.moveNoticeCursor(Self.cursorName, from: cursor, to: settled) { cursor = settled }
        round.cursor = cursor
        return round
    }

    /// Polls every `interval` until the task is cancelled or the service group shuts down; gives the
    /// lease up on the way out. Errors go to `onError` and the next round tries again.
    public func run() async throws {
        await cancelWhenGracefulShutdown { [self] in
            while !Task.isCancelled {
                do { try await poll() } catch is CancellationError { break } catch { onError(error) }
                try? await Task.sleep(for: interval)
            }
        }
        try? await store.releaseLease(Self.leaseName, holder: holder)
    }
}
