import CityGridCore
import Dispatch
import Foundation
import Synchronization

/// Where heavy work runs (重计算队列): evaluations with a city's rule file, analyses over the fact
/// table, hot-spot and grid GeoJSON, and the encoding of their answers. Each job runs on a thread of
/// its own dispatch queue, never on the threads of Swift's cooperative pool that serve requests, so
/// a long evaluation cannot hold up `/healthz` or a case read. At most ``workers`` run at once (by
/// default one fewer than the processors, at least one); up to ``queueLimit`` more wait their turn,
/// and beyond that a job is refused with 503 and Retry-After rather than queued without end.
public final class HeavyWork: Sendable {
    public let workers: Int
    public let queueLimit: Int
    private let queue = DispatchQueue(label: "citygrid.heavy-work", qos: .utility, attributes: .concurrent)

    private struct State {
        var running = 0
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    public init(workers: Int = max(1, ProcessInfo.processInfo.activeProcessorCount - 1), queueLimit: Int = 16) {
        self.workers = max(1, workers)
        self.queueLimit = max(0, queueLimit)
        queue.setSpecific(key: Self.marker, value: true)
    }

    private static let marker = DispatchSpecificKey<Bool>()

    /// Whether the calling code runs as a heavy-work job (on a heavy-work queue's thread).
    public static var isRunningJob: Bool { DispatchQueue.getSpecific(key: marker) ?? false }

    static let busy = DomainError(.unavailable, code: "heavy_work_busy",
                                  zh: "服务器正忙于其他统计分析，请稍后重试", en: "The server is busy with other evaluations and analyses: try again shortly")

    /// Runs `body` on a heavy-work thread once a worker is free; refuses (`unavailable`) when
    /// ``queueLimit`` jobs already wait.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await acquire()
        defer { release() }
        return try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }

    /// Jobs running and waiting now.
    public var load: (running: Int, waiting: Int) { state.withLock { ($0.running, $0.waiting.count) } }

    private func acquire() async throws {
        enum Decision { case go, wait, refuse }
        let decision = state.withLock { state -> Decision in
            if state.running < workers { state.running += 1; return .go }
            return state.waiting.count < queueLimit ? .wait : .refuse
        }
        switch decision {
        case .go: return
        case .refuse: throw Self.busy
        case .wait:
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let started = state.withLock { state -> Bool in
                    // A worker may have been freed between the decision and now.
                    if state.running < workers { state.running += 1; return true }
                    state.waiting.append(continuation)
                    return false
                }
                if started { continuation.resume() }
            }
        }
    }

    private func release() {
        // The slot passes straight to the first waiter, if any.
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiting.isEmpty { state.running -= 1; return nil }
            return state.waiting.removeFirst()
        }
        next?.resume()
    }
}
