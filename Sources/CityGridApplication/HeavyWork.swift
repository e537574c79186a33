import CityGridCore
import Foundation
import Synchronization

/// Where heavy work runs (重计算队列): evaluations with a city's rule file, analyses over the fact
/// table, hot-spot and grid GeoJSON, and the encoding of their answers. Each job runs on a thread of
/// this queue's own, never on the threads of Swift's cooperative pool that serve requests, so a long
/// evaluation cannot hold up `/healthz` or a case read. At most ``workers`` run at once (by default
/// one fewer than the processors, at least one); up to ``queueLimit`` more wait their turn, and
/// beyond that a job is refused with 503 and Retry-After rather than queued without end.
///
/// The threads run at a lower scheduling priority (nice ``niceness``, or the process's if higher): when the processors are
/// shared, the threads serving requests go first and heavy work takes what is left. (Dispatch's QoS
/// classes do not change a thread's priority on Linux, and a thread's nice value cannot be raised
/// back without privileges, so the threads are this queue's own rather than dispatch's shared ones.)
/// They are started when jobs come and end after ``linger`` without any.
public final class HeavyWork: Sendable {
    public let workers: Int
    public let queueLimit: Int
    /// The nice value of the heavy-work threads (0 is a request thread's; 19 the lowest).
    public let niceness: Int32

    private struct State {
        var running = 0
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    private let threads: JobThreads

    /// How long an idle heavy-work thread waits for a job before it ends.
    public static var linger: TimeInterval { 5 }

    public init(workers: Int = max(1, ProcessInfo.processInfo.activeProcessorCount - 1), queueLimit: Int = 16, niceness: Int32 = 10) {
        self.workers = max(1, workers)
        self.queueLimit = max(0, queueLimit)
        self.niceness = max(0, min(19, niceness))
        self.threads = JobThreads(niceness: self.niceness, linger: Self.linger)
    }

    /// Whether the calling code runs as a heavy-work job (on a heavy-work thread).
    public static var isRunningJob: Bool { JobThreads.isJobThread }

    static let busy = DomainError(.unavailable, code: "heavy_work_busy",
                                  zh: "服务器正忙于其他统计分析，请稍后重试", en: "The server is busy with other evaluations and analyses: try again shortly")

    /// Runs `body` on a heavy-work thread once a worker is free; refuses (`unavailable`) when
    /// ``queueLimit`` jobs already wait.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await acquire()
        defer { release() }
        return try await withCheckedThrowingContinuation { continuation in
            let result = Mutex<Result<T, any Error>?>(nil)
            threads.submit({ result.withLock { $0 = Result { try body() } } },
                           then: { continuation.resume(with: result.withLock { $0! }) })
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
