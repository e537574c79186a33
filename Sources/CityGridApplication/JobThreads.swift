import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The threads of a ``HeavyWork`` queue (重计算线程): started as jobs come (at most one per job
/// waiting, the queue's own bound keeps their number at its workers), each at nice `niceness`,
/// ending after `linger` without a job.
final class JobThreads: @unchecked Sendable {
    private let niceness: Int32
    private let linger: TimeInterval
    /// Guards the fields below.
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var idle = 0

    init(niceness: Int32, linger: TimeInterval) {
        self.niceness = niceness
        self.linger = linger
    }

    private static let marker = "citygrid.heavy-work"

    /// Whether the calling thread is a heavy-work thread.
    static var isJobThread: Bool { Thread.current.threadDictionary[marker] as? Bool ?? false }

    /// Runs `job` on an idle thread, or on a new one.
    func submit(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        let wake = idle > 0
        if wake { idle -= 1 }  // the thread woken takes this job
        condition.unlock()
        if wake {
            condition.signal()
        } else {
            Thread.detachNewThread { self.work() }
        }
    }

    private func work() {
        Thread.current.threadDictionary[Self.marker] = true
        Thread.current.name = "cg-heavy-work"
        #if canImport(Glibc)
        // Linux: on the calling thread only (a thread's nice value is its own).
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
        #endif
        while let job = next() { job() }
    }

    /// The next job, waiting up to `linger` for one; nil when none came.
    private func next() -> (@Sendable () -> Void)? {
        condition.lock()
        defer { condition.unlock() }
        if jobs.isEmpty {
            idle += 1
            let deadline = Date(timeIntervalSinceNow: linger)
            while jobs.isEmpty {
                if !condition.wait(until: deadline), jobs.isEmpty {
                    idle -= 1
                    return nil
                }
            }
        }
        return jobs.removeFirst()
    }
}
