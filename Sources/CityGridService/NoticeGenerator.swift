import CityGridCore
import CityGridStore
import Foundation
import ServiceLifecycle
import Synchronization

/// Writes the notices case events cause (通知生成), following the change log by a cursor kept in the
/// store (`case-events`) and moved in the same transaction as the notices it writes, so every event
/// is told once even across restarts and with several processes (a second writer finds the cursor
/// moved and reads on from where the first left it). The rules are ``NoticeRules/caseNotices(event:of:)``;
/// the notices a step writes itself (closing, merged reports, escalations) are not written again.
public final class NoticeGenerator: Service, Sendable {
    public static let cursorName = "case-events"

    public let store: any CityStore
    public let interval: Duration
    public let batchSize: Int
    private let onError: @Sendable (any Error) -> Void
    private let polling = Mutex(false)
    private let wakeable: WakeablePoll

    public init(store: any CityStore, interval: Duration = .seconds(1), batchSize: Int = 500, onError: @escaping @Sendable (any Error) -> Void = { _ in }) {
        self.store = store
        self.interval = interval
        self.batchSize = max(1, batchSize)
        self.onError = onError
        wakeable = WakeablePoll(interval: interval)
    }

    /// Looks at the log now rather than at the next interval.
    public func wake() { wakeable.wake() }

    /// Wakes the generator on every case this process's service announces.
    public func listen(to changes: CaseChanges) {
        changes.listen { [weak self] _ in self?.wake() }
    }

    /// Reads the log after the stored cursor to its end and writes the notices of its case steps;
    /// returns how many notices it wrote.
    @discardableResult
    public func poll() async throws -> Int {
        let start = polling.withLock { running -> Bool in
            if running { return false }
            running = true
            return true
        }
        guard start else { return 0 }
        defer { polling.withLock { $0 = false } }
        var written = 0
        while true {
            let cursor = try await store.noticeCursor(Self.cursorName)
            let entries = try await store.changes(after: cursor, limit: batchSize)
            guard let last = entries.last else { return written }
            let steps = entries.filter { $0.kind == .caseStepped && $0.caseID != nil && $0.caseVersion != nil }
            var drafts: [NoticeDraft] = []
            if !steps.isEmpty {
                var seen = Set<CaseID>()
                let ids = steps.compactMap(\.caseID).filter { seen.insert($0).inserted }
                let events = try await store.events(caseIDs: ids)
                let cases = Dictionary(uniqueKeysWithValues: try await store.cases(ids: ids).map { ($0.id, $0) })
                for entry in steps {
                    guard let id = entry.caseID, let value = cases[id],
                          let event = events[id]?.first(where: { $0.sequence == entry.caseVersion }) else { continue }
                    drafts += NoticeRules.caseNotices(event: event, of: value)
                }
            }
            do {
                written += try await store.addNotices(drafts, cursor: NoticeCursorMove(name: Self.cursorName, from: cursor, to: last.sequence)).count
            } catch let error as DomainError where error.code == "cursor_moved" {
                continue
            }
            if entries.count < batchSize { return written }
        }
    }

    /// Polls every `interval` and whenever woken, until the task is cancelled or the service group shuts down.
    public func run() async throws {
        await wakeable.run({ [self] in _ = try await poll() }, onError: onError)
    }
}
