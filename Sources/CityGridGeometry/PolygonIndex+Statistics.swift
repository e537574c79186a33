extension PolygonIndex {
    /// How the index's buckets were classified, to judge its tuning.
    public struct Statistics: Hashable, Sendable, CustomStringConvertible {
        /// The grid's dimensions, in buckets.
        public var columns: Int, rows: Int
        /// Buckets that no polygon reaches.
        public var emptyBuckets: Int
        /// Buckets answered without a point-in-polygon test.
        public var fullBuckets: Int
        /// Buckets with a candidate list.
        public var mixedBuckets: Int
        /// The mean length of the candidate lists.
        public var meanCandidates: Double

        public var description: String {
            let share = { (n: Int) in Double(n) / Double(max(1, columns * rows)) * 100 }
            return "\(columns)×\(rows) buckets: \(emptyBuckets) empty (\(Int(share(emptyBuckets)))%), "
                + "\(fullBuckets) full (\(Int(share(fullBuckets)))%), \(mixedBuckets) mixed "
                + "(\(Int(share(mixedBuckets)))%, \((meanCandidates * 100).rounded() / 100) candidates on average)"
        }
    }

    /// Counts the buckets of each kind.
    public var statistics: Statistics {
        var empty = 0, full = 0, mixed = 0, listed = 0
        for entry in buckets {
            if entry == -1 {
                empty += 1
            } else if entry >= 0 {
                full += 1
            } else {
                mixed += 1
                listed += Int(candidates[Int(-2 - entry)])
            }
        }
        return Statistics(
            columns: columns, rows: rows, emptyBuckets: empty, fullBuckets: full, mixedBuckets: mixed,
            meanCandidates: mixed == 0 ? 0 : Double(listed) / Double(mixed))
    }
}
