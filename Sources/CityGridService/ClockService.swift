import CityGridCore
import CityGridStore
import Foundation
import ServiceLifecycle

/// The clock as a service (时钟服务): runs the ``ClockWatcher``'s scans every `interval`, but only
/// while it holds the store's lease named ``leaseName``, so that with several servers on one database
/// exactly one scans and no warning or escalation is raised twice (nor a look lost: a scan that
/// finds nothing due on a case it raced for would stop watching it).
///
/// Each round first takes or renews the lease for `leaseDuration` (a compare-and-set in one write
/// transaction, ``CityStore/acquireLease(_:holder:now:duration:)``), then scans if it holds it. A
/// holder that stops (crashes, hangs, is stopped) stops renewing; once its lease has expired, the
/// next round of another server takes it. A holder that stops cleanly gives the lease up at once.
/// `leaseDuration` must exceed `interval` (three intervals by default) so the holder renews in time.
public struct ClockService: Service {
    /// The lease's name in the store.
    public static let leaseName = "clock"

    public let watcher: ClockWatcher
    /// Who holds the lease: unique per process.
    public let holder: String
    public let interval: Duration
    public let leaseDuration: TimeInterval
    private let now: @Sendable () -> Date
    private let onScan: @Sendable (ClockWatcher.Scan) -> Void
    private let onError: @Sendable (any Error) -> Void

    public init(watcher: ClockWatcher, holder: String = "clock-\(UUID().uuidString.lowercased())", interval: Duration = .seconds(60),
                leaseDuration: TimeInterval? = nil, now: @escaping @Sendable () -> Date = { Date() },
                onScan: @escaping @Sendable (ClockWatcher.Scan) -> Void = { _ in },
                onError: @escaping @Sendable (any Error) -> Void = { _ in }) {
        self.watcher = watcher
        self.holder = holder
        self.interval = interval
        let seconds = Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
        self.leaseDuration = leaseDuration ?? max(3 * seconds, 1)
        self.now = now
        self.onScan = onScan
        self.onError = onError
    }

    /// One round at `now`: takes or renews the lease, then scans if this service holds it. Returns the
    /// scan, or `nil` when another holder has the lease.
    public func tick(at now: Date) async throws -> ClockWatcher.Scan? {
        guard try await watcher.service.store.acquireLease(Self.leaseName, holder: holder, now: now, duration: leaseDuration) else {
            return nil
        }
        return try await watcher.scan(at: now)
    }

    /// Rounds every `interval` until the task is cancelled or the service group shuts down; then
    /// gives the lease up.
    public func run() async throws {
        await cancelWhenGracefulShutdown { [self] in
            while !Task.isCancelled {
                do {
                    if let scan = try await tick(at: now()) {
                        onScan(scan)
                        if scan.refused > 0 {
                            onError(DomainError(.conflict, code: "alerts_refused", zh: "\(scan.refused)个到期案件的预警被流程定义拒绝",
                                                en: "The workflow definition refused the alerts of \(scan.refused) due cases"))
                        }
                    }
                } catch { onError(error) }
                try? await Task.sleep(for: interval)
            }
        }
        // In a task of its own: this one is cancelled, and the store refuses work for cancelled tasks.
        let (store, holder) = (watcher.service.store, holder)
        await Task { try? await store.releaseLease(Self.leaseName, holder: holder) }.value
    }
}
