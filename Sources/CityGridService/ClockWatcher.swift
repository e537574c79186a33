import CityGridCore
import CityGridStore
import Foundation

/// The clock's background job (超时预警与升级): raises a warning when 80 % of a stage's limit is used
/// and escalates an overdue stage to supervision by the level above, once per case, stage and
/// threshold. What was raised is stored on the case (its alert level), so a restart neither repeats
/// nor forgets an alert: the next scan takes up whatever fell due meanwhile.
public struct ClockWatcher: Sendable {
    private let current: @Sendable () -> CityService
    /// The service a scan runs with: the configuration current when the scan starts.
    public var service: CityService { current() }
    /// Cases handled per transaction.
    public var batchSize: Int

    public init(service: CityService, batchSize: Int = 5000) {
        self.init(current: { service }, batchSize: batchSize)
    }

    /// A watcher that takes, at each scan, the service `current` returns (a server whose
    /// configuration changes while it runs).
    public init(current: @escaping @Sendable () -> CityService, batchSize: Int = 5000) {
        self.current = current
        self.batchSize = batchSize
    }

    public struct Scan: Sendable, Equatable {
        public var warned: Int
        public var escalated: Int
        /// Due cases on which the definition refused the alert (logged by the server).
        public var refused: Int
        /// Cases whose stage's overdue action the clock took instead of escalating (lapsed claims).
        public var overdueActions = 0

        public init(warned: Int = 0, escalated: Int = 0, refused: Int = 0) {
            self.warned = warned
            self.escalated = escalated
            self.refused = refused
        }
    }

    /// One scan at `now`: every case due for an alert gets it.
    public func scan(at now: Date = Date()) async throws -> Scan {
        let service = self.service
        let machine = service.machine
        var result = Scan()
        // Everything due now, in transactions of `batchSize`; what falls due meanwhile waits for the next scan.
        // In id order: each transaction then walks the case and event pages in order (they are
        // clustered by case id) rather than at random.
        let due = try await service.store.casesDueForAlert(at: now, limit: Int(Int32.max)).sorted()
        for start in stride(from: 0, to: due.count, by: batchSize) {
            let counts = Counts()
            let chunk = Array(due[start..<min(due.count, start + batchSize)])
            let changed = try await service.store.transitionMany(caseIDs: chunk) { current in
                guard let action = ClockRule.alert(for: current, at: now, in: machine.environment.definition),
                      let outcome = try? machine.apply(WorkflowCommand(action), to: current, by: ClockRule.system, at: now) else { return nil }
                counts.add(action, outcome.next)
                return outcome
            }
            // Committed: the live fact table sees the alerts (an escalation counts as supervision).
            service.changes.publish(counts.cases)
            result.warned += counts.warned
            result.escalated += counts.escalated
            result.overdueActions += counts.overdueActions
            result.refused += chunk.count - changed
        }
        return result
    }
}

/// Tallies of a scan's alerts, filled from the store's write closure.
private final class Counts: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var warned = 0
    private(set) var escalated = 0
    private(set) var overdueActions = 0
    private(set) var cases: [Case] = []

    func add(_ action: WorkflowAction, _ value: Case) {
        lock.lock()
        defer { lock.unlock() }
        switch action {
        case .warn: warned += 1
        case .escalate: escalated += 1
        default: overdueActions += 1
        }
        cases.append(value)
    }
}
