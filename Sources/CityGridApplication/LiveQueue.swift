import CityGridCore
import CityGridStore
import Foundation
import Synchronization

/// The command centre's live queue (实时案件队列): new reports and the clock's alerts as the change
/// log delivers them (this process's writes and other processes' alike), handed to every open
/// subscription. Each subscriber sees only the cases its caller may read (``CityApplication/liveCases(for:)``).
public final class LiveQueue: Sendable {
    private struct Subscribers {
        var next = 0
        var streams: [Int: AsyncStream<[CaseID]>.Continuation] = [:]
    }

    private let subscribers = Mutex(Subscribers())

    /// The most case ids a slow subscriber may have waiting: older ones are dropped (a queue on a
    /// screen shows the newest).
    static let buffered = 256

    public init() {}

    /// Open subscriptions now.
    public var count: Int { subscribers.withLock { $0.streams.count } }

    /// The case ids of every later report and alert, in log order, until the stream is dropped.
    public func subscribe() -> AsyncStream<[CaseID]> {
        let (stream, continuation) = AsyncStream<[CaseID]>.makeStream(bufferingPolicy: .bufferingNewest(Self.buffered))
        let id = subscribers.withLock { state -> Int in
            state.next += 1
            state.streams[state.next] = continuation
            return state.next
        }
        continuation.onTermination = { [weak self] _ in
            self?.subscribers.withLock { _ = $0.streams.removeValue(forKey: id) }
        }
        return stream
    }

    /// Hands the reports and alerts among `entries` to every subscriber.
    func publish(_ entries: [ChangeLogEntry]) {
        let ids = entries.filter { $0.kind == .caseReported || $0.kind == .caseAlerted }.compactMap(\.caseID)
        guard !ids.isEmpty else { return }
        for continuation in subscribers.withLock({ Array($0.streams.values) }) { continuation.yield(ids) }
    }
}

extension CityApplication {
    /// The cases of the live queue that `caller` may read, as they come: each read through
    /// ``caseView(_:for:at:)`` (a case the caller may not read is left out). Ends when the caller's
    /// task is cancelled.
    public func liveCases(for caller: Caller) -> AsyncStream<CaseView> {
        let source = liveQueue.subscribe()
        return AsyncStream { continuation in
            let task = Task {
                for await ids in source {
                    for id in ids {
                        if let view = try? await self.caseView(id, for: caller) { continuation.yield(view) }
                    }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
