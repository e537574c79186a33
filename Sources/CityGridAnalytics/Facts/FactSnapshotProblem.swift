/// Why a fact-table snapshot was not used (快照不可用): the caller falls back to the full load.
public enum FactSnapshotProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// Shorter than its header says (an interrupted copy), or than a header.
    case truncated
    /// Not a snapshot file.
    case notASnapshot
    /// Written by another version of the format, or on a machine of the other byte order.
    case unsupportedFormat(UInt32)
    /// Built with other grids, regions, workflow stages or time zone.
    case dimensionsDiffer
    /// Its bytes do not match its checksum.
    case corrupted
    /// Consistent checksum but impossible content (a bug, or a hand-made file).
    case malformed(String)
    /// Sound, but not of this store as it is now: taken from another database or another history
    /// (the change-log entry at its position differs), ahead of the store, cases deleted since (a
    /// city replaced), or rows that the store's cases and change log contradict.
    case notOfThisStore(String)

    public var description: String {
        switch self {
        case .truncated: "truncated"
        case .notASnapshot: "not a fact-table snapshot"
        case .unsupportedFormat(let v): "unsupported format version \(v)"
        case .dimensionsDiffer: "built with other dimensions (grids, regions, stages or time zone)"
        case .corrupted: "checksum mismatch"
        case .malformed(let why): "malformed: \(why)"
        case .notOfThisStore(let why): "not of this store: \(why)"
        }
    }
}
