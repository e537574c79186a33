/// How a fact table was loaded (事实表加载情况): from a snapshot plus replay, or from the whole store,
/// and why a snapshot was not used.
public struct FactsLoadReport: Sendable, CustomStringConvertible {
    public enum Source: String, Sendable { case snapshot, store }

    public var source: Source
    /// The store's change position when the load began: the table holds every change up to it.
    public var position: Int64
    /// The position the snapshot reflected, when one was used.
    public var snapshotPosition: Int64?
    /// Why no snapshot was used ("no snapshot", a ``CityGridAnalytics/FactSnapshotProblem``, an I/O error).
    public var snapshotProblem: String?
    /// Cases replayed after the snapshot.
    public var replayed = 0
    public var snapshotSeconds = 0.0
    public var replaySeconds = 0.0
    /// The whole load.
    public var seconds = 0.0

    public init(source: Source, position: Int64) {
        self.source = source
        self.position = position
    }

    public var description: String {
        switch source {
        case .snapshot:
            String(format: "facts from the snapshot at position %lld (%.2f s) + %d cases replayed (%.2f s): %.2f s", snapshotPosition ?? 0,
                   snapshotSeconds, replayed, replaySeconds, seconds)
        case .store:
            String(format: "facts from every stored case: %.2f s", seconds) + (snapshotProblem.map { " (snapshot not used: \($0))" } ?? "")
        }
    }
}
