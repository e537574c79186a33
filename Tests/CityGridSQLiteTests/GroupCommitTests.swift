import CityGridCore
@testable import CityGridSQLite
import Foundation
import Synchronization
import Testing

/// The group commit's queue: bounded, and no caller left waiting by a failing, slow or forgetful
/// writer, or by its own cancellation.
@Suite(.timeLimit(.minutes(1))) struct GroupCommitTests {
    /// Holds a writer (which runs on the group commit's own thread) until released.
    final class Gate: @unchecked Sendable {
        private let condition = NSCondition()
        private var open = false
        private var count = 0

        var entered: Int {
            condition.lock()
            defer { condition.unlock() }
            return count
        }

        func wait() {
            condition.lock()
            defer { condition.unlock() }
            count += 1
            while !open { condition.wait() }
        }

        func release() {
            condition.lock()
            defer { condition.unlock() }
            open = true
            condition.broadcast()
        }
    }

    struct WriterFailed: Error {}

    /// Waits (polling) until `condition` holds, for at most 10 seconds.
    func eventually(_ condition: @Sendable () async -> Bool) async throws {
        for _ in 0..<1000 {
            if await condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("the condition never held")
    }

    @Test func aWriterThatThrowsFailsEveryCallerOfItsBatch() async throws {
        let commit = GroupCommit<Int, Int> { _ in throw WriterFailed() }
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<200 {
                group.addTask { (try? await commit.submit(i)) == nil }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.count == 200 && outcomes.allSatisfy { $0 })
        #expect(commit.waiting == 0)
    }

    @Test func aSlowWriterAnswersEveryOneOfManyConcurrentCallers() async throws {
        let commit = GroupCommit<Int, Int>(maxBatch: 64) { items in
            Thread.sleep(forTimeInterval: 0.02)
            return items.map { .success($0 * 2) }
        }
        let sum = try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<2000 {
                group.addTask { try await commit.submit(i) }
            }
            return try await group.reduce(0, +)
        }
        #expect(sum == (0..<2000).reduce(0) { $0 + 2 * $1 })
    }

    @Test func oneFailedItemDoesNotFailTheOthers() async throws {
        let commit = GroupCommit<Int, Int> { items in items.map { $0 % 2 == 0 ? .success($0) : .failure(WriterFailed()) } }
        let results = await withTaskGroup(of: (Int, Bool).self) { group in
            for i in 0..<100 { group.addTask { (i, (try? await commit.submit(i)) != nil) } }
            return await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
        }
        #expect(results.count == 100 && results.allSatisfy { $0.value == ($0.key % 2 == 0) })
    }

    @Test func aWriterThatForgetsResultsFailsTheCallersItForgot() async throws {
        let commit = GroupCommit<Int, Int> { items in items.dropLast().map { .success($0) } }
        let results = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<50 { group.addTask { (try? await commit.submit(i)) != nil } }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 50 && results.contains(false))
    }

    @Test func pastTheBoundSubmitFailsAtOnceAsUnavailable() async throws {
        let gate = Gate()
        let commit = GroupCommit<Int, Int>(maxBatch: 4, maxWaiting: 8) { items in
            gate.wait()
            return items.map { .success($0) }
        }
        // The first item is taken into a batch that the gate holds.
        let first = Task { try await commit.submit(0) }
        try await eventually { gate.entered == 1 }
        // Eight more fill the queue.
        let queued = (1...8).map { i in Task { try await commit.submit(i) } }
        try await eventually { commit.waiting == 8 }
        // The next is refused at once, as a 503.
        do {
            _ = try await commit.submit(9)
            Issue.record("a submit past the bound must fail")
        } catch let error as DomainError {
            #expect(error.kind == .unavailable && error.code == "overloaded")
            #expect(!error.message.zh.isEmpty && !error.message.en.isEmpty)
        }
        gate.release()
        #expect(try await first.value == 0)
        for (i, task) in queued.enumerated() { #expect(try await task.value == i + 1) }
        // Room again once drained.
        #expect(try await commit.submit(10) == 10)
    }

    @Test func aCancelledCallerWaitingInTheQueueReturnsAtOnce() async throws {
        let gate = Gate()
        let commit = GroupCommit<Int, Int> { items in
            gate.wait()
            return items.map { .success($0) }
        }
        let first = Task { try await commit.submit(0) }
        try await eventually { gate.entered == 1 }
        let waiting = Task { try await commit.submit(1) }
        try await eventually { commit.waiting == 1 }
        waiting.cancel()
        do {
            _ = try await waiting.value
            Issue.record("a cancelled caller must not be answered with a result it never got")
        } catch {
            #expect(error is CancellationError)
        }
        #expect(commit.waiting == 0)
        // A task cancelled before it submits is refused without waiting either.
        let early = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await commit.submit(2)
        }
        await #expect(throws: CancellationError.self) { try await early.value }
        gate.release()
        #expect(try await first.value == 0)
    }

    /// The writer runs on the group commit's own thread, which ends after a pause and is started
    /// again by the next item.
    @Test func theWriterRunsOnItsOwnThreadAndComesBackAfterAPause() async throws {
        let names = Mutex<[String]>([])
        let commit = GroupCommit<Int, Int> { items in
            // No task runs here: the writer is on a thread of its own, not on the cooperative pool.
            let inTask = withUnsafeCurrentTask { $0 != nil }
            names.withLock { $0.append(inTask ? "in a task" : "own thread") }
            return items.map { .success($0 + 1) }
        }
        #expect(try await commit.submit(1) == 2)
        try await Task.sleep(for: .seconds(GroupCommit<Int, Int>.linger * 4))
        #expect(try await commit.submit(2) == 3)
        #expect(names.withLock { $0 } == ["own thread", "own thread"])
        // The first thread ended after its pause: a second was started.
        #expect(commit.threadStarts.load(ordering: .relaxed) == 2)
    }
}
