import CityGridCore
import Foundation
import Synchronization

/// Group commit: concurrent writers hand their items to one writer loop, which commits everything
/// waiting in one transaction and then acknowledges each caller.
///
/// One fsync then serves a whole batch, so durable single-item writes scale with concurrency instead
/// of being bound by the disk's flush rate. Each caller still returns only after its item is committed.
///
/// The queue is bounded: past ``maxWaiting`` items waiting for a batch, ``submit(_:)`` fails at once
/// with an `.unavailable` ``DomainError`` (HTTP 503 with Retry-After) instead of letting the backlog
/// and its latency grow without end. Every caller returns: with its result, with the writer's error
/// (a thrown error, or a writer that answers fewer results than items), or with `CancellationError`
/// when its task is cancelled before its item is taken into a batch (once taken, the caller waits
/// for the commit, since the item may be committed).
///
/// The writer runs on a thread of its own (不占用协作线程池), not as a task: a batch starts as soon as
/// the previous one is acknowledged, without queueing behind the callers' own work on the
/// cooperative pool (on two cores, that queueing cost a quarter of a step's wall time at 64 actors).
/// The thread stays while items keep coming and ends after ``linger`` without any.
final class GroupCommit<Item: Sendable, Output: Sendable>: @unchecked Sendable {
    typealias Waiter = (id: UInt64, item: Item, continuation: CheckedContinuation<Output, any Error>)
    /// Commits a batch; returns one result per item, in order (a `Result` so that one bad item does
    /// not fail the others). Runs on the group commit's own thread, so it may block (a synchronous
    /// database write).
    typealias Writer = @Sendable ([Item]) throws -> [Result<Output, any Error>]

    /// The default bound of the waiting items.
    static var defaultMaxWaiting: Int { 16_384 }

    /// The writer thread's name (at most 15 bytes: Linux's limit), as `top -H` and profilers show it
    /// (best effort: Foundation names the thread).
    static var threadName: String { "cg-group-commit" }

    /// How long the writer thread waits for new items before it ends.
    static var linger: TimeInterval { 0.25 }

    /// Guarded by ``condition``.
    private struct State {
        var pending: [Waiter] = []
        /// A writer thread runs.
        var writing = false
        /// The writer thread waits for items (a submit must wake it).
        var idle = false
        var nextID: UInt64 = 0
    }

    private enum Admission { case queued, startWriter, full, cancelled }

    private let condition = NSCondition()
    private var state = State()
    /// How many writer threads were started (for the tests).
    let threadStarts = Atomic<Int>(0)
    /// How many batches of each size were written (size → batches), for the benchmarks.
    private let batchSizes = Mutex([Int: Int]())
    private let write: Writer
    private let maxBatch: Int
    /// The most items that may wait for a batch; more are refused at once.
    let maxWaiting: Int

    init(maxBatch: Int = 4096, maxWaiting: Int = GroupCommit.defaultMaxWaiting, write: @escaping Writer) {
        self.maxBatch = max(1, maxBatch)
        self.maxWaiting = max(1, maxWaiting)
        self.write = write
    }

    /// How many batches of each size were written since the start (size → batches); at most
    /// `maxBatch` keys.
    var batchSizeCounts: [Int: Int] { batchSizes.withLock { $0 } }

    /// The items waiting for a batch now (not counting the batch being written).
    var waiting: Int { locked { $0.pending.count } }

    private func locked<T>(_ body: (inout State) -> T) -> T {
        condition.lock()
        defer { condition.unlock() }
        return body(&state)
    }

    func submit(_ item: Item) async throws -> Output {
        let id = locked { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Output, any Error>) in
                let admission = locked { state -> Admission in
                    // Checked under the lock: a cancellation either finds the waiter queued, or is seen here.
                    if Task.isCancelled { return .cancelled }
                    guard state.pending.count < maxWaiting else { return .full }
                    state.pending.append((id, item, continuation))
                    if state.writing {
                        if state.idle { condition.signal() }
                        return .queued
                    }
                    state.writing = true
                    return .startWriter
                }
                switch admission {
                case .queued: break
                case .startWriter:
                    threadStarts.wrappingAdd(1, ordering: .relaxed)
                    Thread.detachNewThread {
                        Thread.current.name = Self.threadName
                        self.drain()
                    }
                case .cancelled: continuation.resume(throwing: CancellationError())
                case .full: continuation.resume(throwing: Self.overloaded(maxWaiting))
                }
            }
        } onCancel: {
            let waiter = locked { state -> Waiter? in
                guard let i = state.pending.firstIndex(where: { $0.id == id }) else { return nil }
                return state.pending.remove(at: i)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// The refusal of an item past the bound.
    static func overloaded(_ bound: Int) -> DomainError {
        DomainError(.unavailable, code: "overloaded", zh: "写入队列已满（\(bound) 项待写入），请稍后重试",
                    en: "The write queue is full (\(bound) items waiting): retry shortly")
    }

    /// The next batch, waiting up to ``linger`` for one; nil (and no writer any more) if none came.
    private func nextBatch() -> [Waiter]? {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: Self.linger)
        while state.pending.isEmpty {
            state.idle = true
            let signalled = condition.wait(until: deadline)
            state.idle = false
            if !signalled && state.pending.isEmpty {
                state.writing = false
                return nil
            }
        }
        let take = Array(state.pending.prefix(maxBatch))
        state.pending.removeFirst(take.count)
        return take
    }

    /// The writer thread's loop: one batch at a time, each caller answered once its batch is written.
    private func drain() {
        while let batch = nextBatch() {
            batchSizes.withLock { $0[batch.count, default: 0] += 1 }
            do {
                let results = try write(batch.map(\.item))
                for (i, waiter) in batch.enumerated() {
                    // A writer that answers too few results fails the callers it forgot, rather than leaving them waiting.
                    waiter.continuation.resume(with: i < results.count ? results[i] : .failure(MissingResult()))
                }
            } catch {
                for waiter in batch { waiter.continuation.resume(throwing: error) }
            }
        }
    }

    /// The writer returned no result for an item.
    struct MissingResult: Error {}
}
