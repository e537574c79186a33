import Foundation

/// Times `body`: one untimed run, then `repeat` timed ones; prints the median and the best.
func benchTime(_ label: String, repeat count: Int, width: Int = 44, _ body: () throws -> Void) rethrows {
    try body()
    var seconds: [Double] = []
    for _ in 0..<count {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    seconds.sort()
    print(label.padding(toLength: max(width, label.count), withPad: " ", startingAt: 0)
          + String(format: " median %.4f s   min %.4f s", seconds[seconds.count / 2], seconds[0]))
}

/// The nearest-rank percentile of `sorted` (ascending, not empty): the smallest sample with at least
/// `p` of the samples at or below it. Exact: no interpolation, no histogram buckets.
func nearestRank<T>(_ sorted: [T], _ p: Double) -> T {
    let rank = Int((p * Double(sorted.count)).rounded(.up))
    return sorted[min(sorted.count, max(1, rank)) - 1]
}

/// Per-call latencies in nanoseconds as "p50 … p90 … p99 … max …" in milliseconds.
func latencySummary(_ nanoseconds: [UInt64]) -> String {
    let sorted = nanoseconds.sorted()
    guard !sorted.isEmpty else { return "no samples" }
    let ms = { (ns: UInt64) in String(format: "%.3f", Double(ns) / 1e6) }
    return "p50 \(ms(nearestRank(sorted, 0.50))) ms, p90 \(ms(nearestRank(sorted, 0.90))) ms, p99 \(ms(nearestRank(sorted, 0.99))) ms, "
        + "max \(ms(sorted.last!)) ms (\(sorted.count) samples, nearest rank)"
}

/// Batch sizes of a group commit (size → commits), expanded to one entry per commit, ascending.
func expandBatchSizes(_ counts: [Int: Int]) -> [Int] {
    counts.sorted { $0.key < $1.key }.flatMap { Array(repeating: $0.key, count: $0.value) }
}

/// The batch sizes of a group commit: commits, mean, percentiles by commit and by item.
func batchSummary(_ counts: [Int: Int]) -> String {
    let sizes = expandBatchSizes(counts)
    guard !sizes.isEmpty else { return "no commits" }
    let items = sizes.reduce(0, +)
    // The batch each item was committed in, weighted by item: the size a typical caller shared.
    var byItem: [Int] = []
    byItem.reserveCapacity(items)
    for s in sizes { byItem.append(contentsOf: repeatElement(s, count: s)) }
    return String(format: "%d commits for %d items, mean %.1f a commit; by commit: p10 %d, p50 %d, p90 %d, max %d; by item: p50 %d, p90 %d",
                  sizes.count, items, Double(items) / Double(sizes.count), nearestRank(sizes, 0.10), nearestRank(sizes, 0.50),
                  nearestRank(sizes, 0.90), sizes.last!, nearestRank(byItem, 0.50), nearestRank(byItem, 0.90))
}
