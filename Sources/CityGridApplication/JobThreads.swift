import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The threads of a ``HeavyWork`` queue (重计算线程): started as jobs come, each at nice
/// `niceness` (or its creator's, if higher), ending after `linger` without a job.
///
/// A job's completion (the resumption of the task that waits for it) is handed to a thread at the
/// caller's priority, the deliverer, not run on the job's thread: a thread started from a lowered one
/// inherits its nice value for good, and resuming a task may start a thread of the cooperative pool.
/// The deliverer is started by `submit`, on the caller's thread, and stays while jobs are out.
final class JobThreads: @unchecked Sendable {
    private let niceness: Int32
    private let linger: TimeInterval
    /// Guards the fields below.
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    /// Job threads waiting for a job now.
    private var idle = 0
    /// Job threads that handed their job's completion over and are on their way back to wait for
    /// the next (counted as free: the caller the completion wakes may submit before they are back).
    private var returning = 0
    /// Completions waiting for the deliverer, and whether it runs.
    private var completions: [@Sendable () -> Void] = []
    private var delivering = false
    private var deliverWaiting = false
    /// Jobs submitted whose completion was not delivered yet.
    private var out = 0

    init(niceness: Int32, linger: TimeInterval) {
        self.niceness = niceness
        self.linger = linger
    }

    private static let marker = "citygrid.heavy-work"

    /// Whether the calling thread is a heavy-work thread.
    static var isJobThread: Bool { Thread.current.threadDictionary[marker] as? Bool ?? false }

    /// Runs `job` on a job thread; then runs `completion` (with the job's result captured by the
    /// caller) on the deliverer.
    func submit(_ job: @escaping @Sendable () -> Void, then completion: @escaping @Sendable () -> Void) {
        condition.lock()
        out += 1
        let startDeliverer = !delivering
        delivering = true
        jobs.append { [self] in
            job()
            deliver(completion)
        }
        // Enough waiting (or returning) threads for every job queued: wake one; otherwise start one.
        let wake = idle + returning >= jobs.count
        condition.unlock()
        if startDeliverer { Thread.detachNewThread { self.deliverLoop() } }
        if wake {
            condition.broadcast()
        } else {
            Thread.detachNewThread { self.work() }
        }
    }

    private func deliver(_ completion: @escaping @Sendable () -> Void) {
        condition.lock()
        completions.append(completion)
        returning += 1
        condition.unlock()
        condition.broadcast()
    }

    private func work() {
        Thread.current.threadDictionary[Self.marker] = true
        Thread.current.name = "cg-heavy-work"
        #if canImport(Glibc)
        // Linux: on the calling thread only (a thread's nice value is its own); never raised.
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        _ = setpriority(which, 0, max(niceness, getpriority(which, 0)))
        #endif
        var done = false
        while let job = nextJob(afterOne: done) {
            job()
            done = true
        }
    }

    /// The next job, waiting up to `linger` for one; nil when none came. `afterOne`: the thread
    /// comes back from a job (it was counted as ``returning``).
    private func nextJob(afterOne: Bool) -> (@Sendable () -> Void)? {
        condition.lock()
        defer { condition.unlock() }
        if afterOne { returning -= 1 }
        let deadline = Date(timeIntervalSinceNow: linger)
        while jobs.isEmpty {
            idle += 1
            let woken = condition.wait(until: deadline)
            idle -= 1
            if !woken, jobs.isEmpty { return nil }
        }
        return jobs.removeFirst()
    }

    private func deliverLoop() {
        Thread.current.name = "cg-heavy-done"
        while let batch = nextCompletions() {
            for completion in batch { completion() }
        }
    }

    /// The completions waiting; nil (and the deliverer gone) when no job is out and none came
    /// within `linger`.
    private func nextCompletions() -> [@Sendable () -> Void]? {
        condition.lock()
        defer { condition.unlock() }
        var deadline = Date(timeIntervalSinceNow: linger)
        while completions.isEmpty {
            if out > 0 {
                // Jobs out: wait without end (a job's thread must never have to start the deliverer).
                condition.wait()
                deadline = Date(timeIntervalSinceNow: linger)
            } else if !condition.wait(until: deadline), completions.isEmpty, out == 0 {
                delivering = false
                return nil
            }
        }
        let batch = completions
        completions.removeAll()
        out -= batch.count
        return batch
    }
}
