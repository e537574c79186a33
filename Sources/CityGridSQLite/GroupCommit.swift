import Synchronization

/// Group commit: concurrent writers hand their items to one writer loop, which commits everything
/// waiting in one transaction and then acknowledges each caller.
///
/// One fsync then serves a whole batch, so durable single-item writes scale with concurrency instead
/// of being bound by the disk's flush rate. Each caller still returns only after its item is committed.
final class GroupCommit<Item: Sendable, Output: Sendable>: Sendable {
    typealias Waiter = (item: Item, continuation: CheckedContinuation<Output, any Error>)
    /// Commits a batch; returns one result per item, in order (a `Result` so that one bad item does
    /// not fail the others).
    typealias Writer = @Sendable ([Item]) async throws -> [Result<Output, any Error>]

    private struct State {
        var pending: [Waiter] = []
        var writing = false
    }

    private let state = Mutex(State())
    private let write: Writer
    private let maxBatch: Int

    init(maxBatch: Int = 4096, write: @escaping Writer) {
        self.maxBatch = maxBatch
        self.write = write
    }

    func submit(_ item: Item) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            let startWriter = state.withLock { state -> Bool in
                state.pending.append((item, continuation))
                if state.writing { return false }
                state.writing = true
                return true
            }
            if startWriter {
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while true {
            let batch = state.withLock { state -> [Waiter] in
                let take = Array(state.pending.prefix(maxBatch))
                state.pending.removeFirst(take.count)
                if take.isEmpty { state.writing = false }
                return take
            }
            if batch.isEmpty { return }
            do {
                let results = try await write(batch.map(\.item))
                for (waiter, result) in zip(batch, results) {
                    waiter.continuation.resume(with: result)
                }
            } catch {
                for waiter in batch { waiter.continuation.resume(throwing: error) }
            }
        }
    }
}
