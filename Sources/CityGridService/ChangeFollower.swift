import CityGridCore
import CityGridStore
import Foundation
import ServiceLifecycle
import Synchronization

/// Follows the store's change log (变更日志) from a cursor and hands every new entry, in sequence
/// order, to its consumers: the live fact table (cases changed by this process or by another one on
/// the same database, such as `citygrid case act` or `citygrid clock`), a caller cache (identity
/// changes) and a configuration reloader (configuration versions).
///
/// It polls the log every `interval` and at once when woken (``wake()``; ``listen(to:)`` wakes it
/// on every in-process ``CaseChanges`` announcement). Because the store numbers entries in commit
/// order (see ``CityStore/changes(after:limit:)``), reading "after the cursor" never skips a change.
///
/// Subscribing: register consumers before ``run()`` starts (or before the first ``poll()``):
/// - ``onEntries(_:)``: every entry, in batches (the most general);
/// - ``onCases(_:)``: the ids of the cases changed in a batch (deduplicated, in log order);
/// - ``onIdentityChange(_:)``: the identity entries of a batch (a user added or changed, a token
///   issued or revoked; `userID` names the user) — a caller cache drops those users;
/// - ``onConfigurationChange(_:)``: the newest configuration version of a batch — a reloader reads
///   the city again when it is newer than the one it runs (``CityModel/configurationVersion``);
/// - ``onCursor(_:)``: the cursor after every delivered batch, to save it and resume after a restart
///   with `ChangeFollower(store:after:)`.
///
/// Delivery is at least once: the cursor moves past a batch only after every consumer returned
/// without throwing; a consumer that throws sees the batch again at the next poll. Consumers run one
/// batch at a time, in order.
public final class ChangeFollower: Service, Sendable {
    public typealias EntriesConsumer = @Sendable ([ChangeLogEntry]) async throws -> Void

    public let store: any CityStore
    /// The longest wait between two looks at the log.
    public let interval: Duration
    /// Entries read per batch.
    public let batchSize: Int
    private let onError: @Sendable (any Error) -> Void

    private struct State {
        var cursor: Int64
        var consumers: [EntriesConsumer] = []
        var polling = false
        var again = false
    }

    private let state: Mutex<State>
    private let wakeable: WakeablePoll

    /// A follower that delivers the entries after `cursor` (0: the whole log; the store's
    /// ``CityStore/lastChangeSequence()``: only what comes next).
    public init(store: any CityStore, after cursor: Int64, interval: Duration = .milliseconds(200), batchSize: Int = 1000,
                onError: @escaping @Sendable (any Error) -> Void = { _ in }) {
        self.store = store
        self.interval = interval
        self.batchSize = max(1, batchSize)
        self.onError = onError
        self.state = Mutex(State(cursor: cursor))
        wakeable = WakeablePoll(interval: interval)
    }

    /// The sequence number of the last entry delivered to every consumer.
    public var cursor: Int64 { state.withLock { $0.cursor } }

    /// Calls `consumer` with every batch of new entries.
    public func onEntries(_ consumer: @escaping EntriesConsumer) {
        state.withLock { $0.consumers.append(consumer) }
    }

    /// Calls `consumer` with the ids of the cases a batch changed (reported, stepped, alerted).
    public func onCases(_ consumer: @escaping @Sendable ([CaseID]) async throws -> Void) {
        onEntries { entries in
            var seen = Set<CaseID>()
            let ids = entries.compactMap { $0.kind.isCase ? $0.caseID : nil }.filter { seen.insert($0).inserted }
            if !ids.isEmpty { try await consumer(ids) }
        }
    }

    /// Calls `consumer` with the identity entries of a batch (users and tokens).
    public func onIdentityChange(_ consumer: @escaping @Sendable ([ChangeLogEntry]) async throws -> Void) {
        onEntries { entries in
            let identity = entries.filter(\.kind.isIdentity)
            if !identity.isEmpty { try await consumer(identity) }
        }
    }

    /// Calls `consumer` with the newest configuration version of a batch that changed the configuration.
    public func onConfigurationChange(_ consumer: @escaping @Sendable (Int64) async throws -> Void) {
        onEntries { entries in
            if let version = entries.filter(\.kind.isConfiguration).compactMap(\.configVersion).max() {
                try await consumer(version)
            }
        }
    }

    /// Calls `save` with the cursor after every delivered batch (to resume from it after a restart).
    public func onCursor(_ save: @escaping @Sendable (Int64) async throws -> Void) {
        onEntries { entries in
            if let last = entries.last { try await save(last.sequence) }
        }
    }

    /// Looks at the log now rather than at the next interval.
    public func wake() {
        wakeable.wake()
    }

    /// Wakes the follower on every case this process's service announces, so in-process writes
    /// reach the consumers at once.
    public func listen(to changes: CaseChanges) {
        changes.listen { [weak self] _ in self?.wake() }
    }

    /// Reads and delivers everything after the cursor, batch by batch, until the log is read to its
    /// end; returns how many entries were delivered. A call while another is running asks that one to
    /// look again and returns 0 at once.
    @discardableResult
    public func poll() async throws -> Int {
        let start = state.withLock { state -> Bool in
            if state.polling { state.again = true; return false }
            state.polling = true
            state.again = false
            return true
        }
        guard start else { return 0 }
        var delivered = 0
        do {
            while true {
                let (cursor, consumers) = state.withLock { ($0.cursor, $0.consumers) }
                let entries = try await store.changes(after: cursor, limit: batchSize)
                if !entries.isEmpty {
                    for consumer in consumers { try await consumer(entries) }
                    state.withLock { $0.cursor = entries.last!.sequence }
                    delivered += entries.count
                }
                let more = state.withLock { state -> Bool in
                    if entries.count == batchSize || state.again { state.again = false; return true }
                    state.polling = false
                    return false
                }
                if !more { return delivered }
            }
        } catch {
            state.withLock { $0.polling = false }
            throw error
        }
    }

    /// Polls every `interval` and whenever woken, until the task is cancelled or the service group
    /// shuts down. Call it once.
    public func run() async throws {
        await wakeable.run({ [self] in _ = try await poll() }, onError: onError)
    }
}
