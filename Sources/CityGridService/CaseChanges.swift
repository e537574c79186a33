import CityGridCore
import Synchronization

/// Announces every case the service writes (a new report, a step, a case a step created), once it
/// is durable, to whoever listens: the live fact table above all.
public final class CaseChanges: Sendable {
    private let listeners = Mutex<[@Sendable ([Case]) -> Void]>([])

    public init() {}

    /// Calls `listener` with the cases of every later write, on the writer's task.
    public func listen(_ listener: @escaping @Sendable ([Case]) -> Void) {
        listeners.withLock { $0.append(listener) }
    }

    func publish(_ cases: [Case]) {
        guard !cases.isEmpty else { return }
        for listener in listeners.withLock({ $0 }) { listener(cases) }
    }
}
