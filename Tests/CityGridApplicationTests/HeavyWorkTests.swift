import CityGridApplication
import CityGridCore
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Testing

/// Heavy work runs off the cooperative pool, a bounded number at a time, and refuses beyond its queue.
@Suite struct HeavyWorkTests {
    @Test func atMostWorkersRunAtOnce() async throws {
        let heavy = HeavyWork(workers: 2, queueLimit: 16)
        let running = Shared(0)
        let most = Shared(0)
        try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<8 {
                group.addTask {
                    try await heavy.run {
                        let now = running.update { $0 += 1; return $0 }
                        most.update { $0 = max($0, now) }
                        usleep(20_000)
                        running.update { $0 -= 1 }
                        return i
                    }
                }
            }
            var seen: [Int] = []
            for try await i in group { seen.append(i) }
            #expect(seen.sorted() == Array(0..<8))
        }
        #expect(most.get == 2)
        #expect(heavy.load.running == 0 && heavy.load.waiting == 0)
    }

    @Test func beyondTheQueueAJobIsRefusedAsUnavailable() async throws {
        let heavy = HeavyWork(workers: 1, queueLimit: 1)
        let release = Shared(false)
        let first = Task { try await heavy.run { while !release.get { usleep(1000) } } }
        while heavy.load.running == 0 { try await Task.sleep(for: .milliseconds(1)) }
        let second = Task { try await heavy.run { 2 } }
        while heavy.load.waiting == 0 { try await Task.sleep(for: .milliseconds(1)) }
        await #expect(throws: DomainError.self) { try await heavy.run { 3 } }
        do { _ = try await heavy.run { 3 } } catch let error as DomainError {
            #expect(error.kind == .unavailable)
            #expect(error.code == "heavy_work_busy")
        }
        release.update { $0 = true }
        try await first.value
        #expect(try await second.value == 2)
    }

    /// Jobs run on the heavy-work queue's threads, and jobs that block them do not hold the
    /// cooperative pool: tasks on it still run. (Were the jobs on the pool, four blocked jobs would
    /// hold every one of its threads on this machine and the tasks would wait for the watchdog.)
    @Test func blockingJobsLeaveTheRequestThreadsFree() async throws {
        let heavy = HeavyWork(workers: 4, queueLimit: 16)
        #expect(try await heavy.run { HeavyWork.isRunningJob })
        #expect(!HeavyWork.isRunningJob)
        let release = Shared(false)
        let jobs = (0..<4).map { _ in Task { try await heavy.run { while !release.get { usleep(1000) } } } }
        while heavy.load.running < 4 { try await Task.sleep(for: .milliseconds(1)) }
        let watchdog = Thread { sleep(20); release.update { $0 = true } }
        watchdog.start()
        let sums = try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<16 { group.addTask { (0..<1000).reduce(i, +) } }
            return try await group.reduce(0, +)
        }
        #expect(release.get == false, "the tasks ran while the jobs were still blocked")
        release.update { $0 = true }
        for job in jobs { try await job.value }
        #expect(sums == 16 * 499_500 + 120)
    }

    #if os(Linux)
    /// Heavy work yields the processors to the threads serving requests: its threads run at the
    /// queue's nice value, while the thread that asked, and the task resumed after the job (on a
    /// thread the job's thread must not have started), keep their own.
    @Test func jobsRunAtALowerPriority() async throws {
        let heavy = HeavyWork(workers: 1, queueLimit: 4, niceness: 10)
        @Sendable func nice() -> Int32 { getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) }
        let before = nice()
        for _ in 0..<20 {
            #expect(try await heavy.run { nice() } == max(10, before))
            #expect(nice() == before)
        }
        // Tasks started after the jobs run at the caller's priority, whichever thread they get.
        let seen = await withTaskGroup(of: Int32.self) { group in
            for _ in 0..<16 { group.addTask { nice() } }
            return await group.reduce(into: Set<Int32>()) { $0.insert($1) }
        }
        #expect(seen == [before])
    }

    /// Many jobs in turn reuse the waiting threads rather than starting one each (a job that comes
    /// while the thread of the last is still handing its result over waits for that thread).
    @Test func idleThreadsAreReused() async throws {
        let heavy = HeavyWork(workers: 2, queueLimit: 16)
        let threads = Shared(Set<String>())
        for _ in 0..<50 {
            try await heavy.run { threads.update { $0.insert("\(pthread_self())") } }
        }
        #expect(threads.get.count == 1)
    }
    #endif
}
