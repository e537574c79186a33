/// Picks indices with probability proportional to weights, in O(log n) per draw.
struct WeightedPicker: Sendable {
    private let cumulative: [Double]

    init(weights: [Double]) {
        var total = 0.0
        cumulative = weights.map { total += max(0, $0); return total }
    }

    func pick(_ rng: inout SplitMix64) -> Int {
        let target = rng.unit() * (cumulative.last ?? 0)
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > target { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
