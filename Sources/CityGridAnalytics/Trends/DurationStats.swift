import CityGridCore

/// The distribution of a set of durations, in calendar hours: count, mean, exact percentiles and a
/// histogram on fixed bins (see ``binLabels``).
///
/// Percentiles are nearest-rank: the p-th percentile of n sorted values is the value at rank
/// ⌈p/100 × n⌉ (1-based), always one of the values, never an interpolation. The median is the 50th
/// percentile, so of an even count it is the lower of the two middle values: of 1, 2, 3, 4 hours it
/// is 2, the 90th percentile 4. Empty: every figure 0.
public struct DurationStats: Hashable, Codable, Sendable {
    public var count: Int
    public var meanHours: Double
    public var medianHours: Double
    public var p90Hours: Double
    public var p95Hours: Double
    public var maxHours: Double
    /// Durations per bin of ``binLabels`` (a duration on an edge goes to the bin above it; a negative
    /// one, from a clock set wrong, to the first).
    public var histogram: [Int]

    /// The bins' upper edges in hours; the last bin is open.
    public static let binEdgesHours = [4, 8, 24, 48, 72, 168]

    /// 0-4 h, 4-8 h, 8-24 h, 24-48 h, 48-72 h, 72-168 h, over 168 h (a week).
    public static let binLabels: [LocalizedText] = {
        var lower = 0, labels: [LocalizedText] = []
        for upper in binEdgesHours {
            labels.append(LocalizedText(zh: "\(lower)-\(upper)小时", en: "\(lower)-\(upper) h"))
            lower = upper
        }
        return labels + [LocalizedText(zh: "\(lower)小时以上", en: "over \(lower) h")]
    }()

    /// No durations: every figure 0.
    public static let empty = DurationStats(sortedSeconds: [])

    /// The statistics of durations given in seconds, sorted ascending.
    init(sortedSeconds s: [Int32]) {
        count = s.count
        histogram = [Int](repeating: 0, count: Self.binEdgesHours.count + 1)
        guard let last = s.last else {
            meanHours = 0; medianHours = 0; p90Hours = 0; p95Hours = 0; maxHours = 0
            return
        }
        let hours = { (seconds: Int32) in Double(seconds) / 3600 }
        /// Nearest rank: the value at 1-based rank ⌈p·n/100⌉, in integers so 90 % of 10 is rank 9.
        func percentile(_ p: Int) -> Double { hours(s[max(1, (p * s.count + 99) / 100) - 1]) }
        meanHours = Double(s.reduce(Int64(0)) { $0 + Int64($1) }) / Double(s.count) / 3600
        medianHours = percentile(50)
        p90Hours = percentile(90)
        p95Hours = percentile(95)
        maxHours = hours(last)
        let edges = Self.binEdgesHours.map { Int32($0 * 3600) }
        var bin = 0
        for v in s {  // sorted: the bin only moves up
            while bin < edges.count, v >= edges[bin] { bin += 1 }
            histogram[bin] += 1
        }
    }
}
