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
    /// The snapshot's rows: the store's case count at its position.
    public var snapshotRows = 0
    /// Cases reported after the snapshot's position (added by the replay): the count now is
    /// ``snapshotRows`` plus these, with no count of the store's cases.
    public var reportedAfter = 0
    /// Reading and checking the file (mapping, checksum, copy, row index).
    public var snapshotSeconds = 0.0
    public var replaySeconds = 0.0
    /// The checks against the store: the anchor and the spot check (``SnapshotReplay``).
    public var checkSeconds = 0.0
    /// The whole load.
    public var seconds = 0.0

    public init(source: Source, position: Int64) {
        self.source = source
        self.position = position
    }

    public var description: String {
        switch source {
        case .snapshot:
            String(format: "facts from the snapshot at position %lld (%d cases, %.2f s) + %d cases replayed (%d new, %.2f s), checked against the store (%.3f s): %.2f s",
                   snapshotPosition ?? 0, snapshotRows, snapshotSeconds, replayed, reportedAfter, replaySeconds, checkSeconds, seconds)
        case .store:
            String(format: "facts from every stored case: %.2f s", seconds) + (snapshotProblem.map { " (snapshot not used: \($0))" } ?? "")
        }
    }
}
