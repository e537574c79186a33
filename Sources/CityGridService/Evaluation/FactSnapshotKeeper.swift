import CityGridStore
import Foundation

/// Keeps the fact-table snapshot of a running server fresh (快照定期保存): every `interval`, when at
/// least one case changed since the last snapshot, or as soon as `changes` cases did (checked every
/// `check`), it writes a new one in the background (``LiveFacts/writeSnapshot(to:store:)``: the
/// encoding and the file run on a utility thread, not on request handlers). The server also writes
/// one at a clean shutdown (``writeNow()``), so a restart replays only what changed since.
public struct FactSnapshotKeeper: Sendable {
    private let current: @Sendable () -> LiveFacts
    /// The table written: the one current when asked (a server that takes up a new configuration
    /// builds a new table, and its snapshot must be of that one).
    public var facts: LiveFacts { current() }
    public let store: any CityStore
    public let path: String
    public var interval: Duration
    public var changes: Int
    public var check: Duration

    public init(facts: LiveFacts, store: any CityStore, path: String, interval: Duration = .seconds(600),
                changes: Int = 200_000, check: Duration = .seconds(30)) {
        self.init(current: { facts }, store: store, path: path, interval: interval, changes: changes, check: check)
    }

    /// A keeper of whichever table `current` returns when a snapshot is due.
    public init(current: @escaping @Sendable () -> LiveFacts, store: any CityStore, path: String, interval: Duration = .seconds(600),
                changes: Int = 200_000, check: Duration = .seconds(30)) {
        self.current = current
        self.store = store
        self.path = path
        self.interval = interval
        self.changes = changes
        self.check = check
    }

    /// Writes a snapshot now; returns its size in bytes.
    @discardableResult
    public func writeNow() async throws -> Int {
        try await facts.writeSnapshot(to: path, store: store)
    }

    /// Loops until cancelled. `dirty`: the table differs from the file already (it was loaded from
    /// the whole store), so the first snapshot is written at once.
    public func run(dirty: Bool = false, onWrite: @Sendable (Int, Double) -> Void = { _, _ in },
                    onError: @Sendable (any Error) -> Void) async {
        var last = ContinuousClock.now
        var pending = dirty
        while !Task.isCancelled {
            if !pending {
                do { try await Task.sleep(for: check) } catch { return }
            }
            let due = ContinuousClock.now - last >= interval && facts.changesSinceSnapshot > 0
            guard pending || due || facts.changesSinceSnapshot >= changes else { continue }
            pending = false
            let start = ContinuousClock.now
            do {
                let size = try await writeNow()
                onWrite(size, (ContinuousClock.now - start).seconds)
            } catch {
                onError(error)
            }
            last = ContinuousClock.now
        }
    }
}
