import CityGridCore
import CityGridGeometry
import Foundation

/// Getis-Ord Gi* hot spot analysis (热点分析) over unit grids.
///
/// Gi* asks, for every grid, whether the grid *and its neighbours together* hold more (a hot
/// spot) or less (a cold spot) than the city-wide mean would give them. A single busy grid among
/// quiet ones is not a hot spot; a cluster of busy grids is.
///
/// The weights are binary queen contiguity plus each grid itself (the "star": W = A + I), and
/// z is the analytical one of Ord & Getis (1995), exactly as esda's
/// `G_Local(y, w, transform="B", star=True, permutations=0).Zs` and the closed formula of
/// CityGrid's anchor script compute it. With n grids, values y, their mean ȳ and their
/// *population* standard deviation s, and for grid i W_i = Σ_j w_ij (its neighbours + 1) and
/// S_i = Σ_j w_ij² (equal to W_i, the weights being 0 or 1):
///
///     z_i = (Σ_j w_ij y_j − ȳ W_i) / (s √((n S_i − W_i²) / (n − 1)))
///
/// - An island (a grid without neighbours, see ``QueenContiguity/islands``) still has itself:
///   W_i = S_i = 1, so z_i = (y_i − ȳ) / s, its own standard score.
/// - A grid whose neighbourhood is the whole city (W_i = n) has nothing to be compared with:
///   the formula is 0 / 0, and z_i is 0 (p = 1, not significant) rather than NaN.
///
/// The p-value is two-sided, from the normal distribution. Permutation inference, and any
/// correction for the many tests made at once (FDR), are left to the caller.
public enum GetisOrdGiStar {
    /// Computes Gi* for `values[i]` at polygon `i` of `weights`.
    ///
    /// One linear pass over the CSR rows, without allocations per grid: a few milliseconds for
    /// 50,000 grids.
    ///
    /// - Throws: ``HotSpotError`` when the values do not fit the weights, are fewer than 3,
    ///   are not finite, or are all equal (s = 0: Gi* is undefined).
    public static func compute(values: [Double], weights: QueenContiguity) throws(HotSpotError) -> GiStarResult {
        let n = values.count
        guard n == weights.count else { throw .countMismatch(values: n, units: weights.count) }
        guard n >= 3 else { throw .tooFewUnits(n) }
        if let i = values.firstIndex(where: { !$0.isFinite }) { throw .nonFiniteValue(index: i) }
        guard values.contains(where: { $0 != values[0] }) else { throw .constantValues }

        let count = Double(n)
        let mean = compensatedSum(values) / count
        let s = (compensatedSum(values.lazy.map { ($0 - mean) * ($0 - mean) }) / count).squareRoot()
        guard s > 0 else { throw .constantValues }

        var z = [Double](repeating: 0, count: n)
        var p = [Double](repeating: 1, count: n)
        var classes = [HotSpotClass](repeating: .notSignificant, count: n)
        values.withUnsafeBufferPointer { y in
            weights.offsets.withUnsafeBufferPointer { offsets in
                weights.neighbours.withUnsafeBufferPointer { neighbours in
                    for i in 0 ..< n {
                        let lo = Int(offsets[i]), hi = Int(offsets[i &+ 1])
                        var lag = y[i]
                        for k in lo ..< hi { lag += y[Int(neighbours[k])] }
                        let w = Double(hi &- lo &+ 1)  // W_i, and S_i too
                        let spread = (count * w - w * w) / (count - 1)
                        guard spread > 0 else { continue }  // W_i = n: z = 0, p = 1
                        let zi = (lag - mean * w) / (s * spread.squareRoot())
                        let pi = erfc(abs(zi) / 2.0.squareRoot())
                        z[i] = zi
                        p[i] = pi
                        classes[i] = HotSpotClass(z: zi, p: pi)
                    }
                }
            }
        }
        return GiStarResult(z: z, p: p, classes: classes, mean: mean, standardDeviation: s)
    }

    /// Neumaier's compensated sum. A plain running sum of 50,000 squared deviations drifts by
    /// some 1e-13 relative, which is visible next to numpy's pairwise sums; this one is exact to
    /// about one rounding.
    static func compensatedSum<S: Sequence<Double>>(_ terms: S) -> Double {
        var sum = 0.0, lost = 0.0
        for x in terms {
            let t = sum + x
            lost += abs(sum) >= abs(x) ? (sum - t) + x : (x - t) + sum
            sum = t
        }
        return sum + lost
    }
}

/// The Gi* statistics of every grid, in the order of the values and weights given.
public struct GiStarResult: Sendable, Hashable {
    /// The standard score of each grid: positive where the grid and its neighbours hold more
    /// than the mean would give them.
    public var z: [Double]
    /// The two-sided p-value of each z, from the normal distribution.
    public var p: [Double]
    /// Each grid's class at 90, 95 and 99 % confidence.
    public var classes: [HotSpotClass]
    /// The mean of the values, ȳ.
    public var mean: Double
    /// The population standard deviation of the values, s.
    public var standardDeviation: Double
}

/// A grid's hot spot class at 90, 95 or 99 % confidence (the two-sided p-value below 0.10, 0.05
/// or 0.01).
///
/// The raw value is ArcGIS Pro's `Gi_Bin`, so that maps made with either tool share a legend:
/// 3, 2, 1 for hot spots, 0 for not significant, −1, −2, −3 for cold spots.
public enum HotSpotClass: Int8, Sendable, Hashable, CaseIterable {
    case cold99 = -3, cold95 = -2, cold90 = -1
    case notSignificant = 0
    case hot90 = 1, hot95 = 2, hot99 = 3

    /// The class of a grid with standard score `z` and two-sided p-value `p`.
    public init(z: Double, p: Double) {
        let level: Int8 = p < 0.01 ? 3 : p < 0.05 ? 2 : p < 0.10 ? 1 : 0
        self = HotSpotClass(rawValue: z < 0 ? -level : level) ?? .notSignificant
    }

    /// The confidence level in percent (90, 95 or 99), or nil when not significant.
    public var confidence: Int? {
        switch abs(rawValue) {
        case 3: 99
        case 2: 95
        case 1: 90
        default: nil
        }
    }

    /// The legend text: 热点（99% 置信度）/ "Hot spot, 99% confidence", 不显著 / "Not significant".
    public var label: LocalizedText {
        guard let confidence else { return LocalizedText(zh: "不显著", en: "Not significant") }
        return rawValue > 0
            ? LocalizedText(zh: "热点（\(confidence)% 置信度）", en: "Hot spot, \(confidence)% confidence")
            : LocalizedText(zh: "冷点（\(confidence)% 置信度）", en: "Cold spot, \(confidence)% confidence")
    }
}

/// Why Gi* cannot be computed for the values given.
public enum HotSpotError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The values and the weights describe different numbers of grids.
    case countMismatch(values: Int, units: Int)
    /// Fewer than 3 grids: the variance of Gi* needs n − 1 > 1.
    case tooFewUnits(Int)
    /// The value at this index is NaN or infinite.
    case nonFiniteValue(index: Int)
    /// Every grid has the same value: the standard deviation is 0 and no grid stands out.
    case constantValues

    /// A stable identifier, such as `constant_values`.
    public var code: String {
        switch self {
        case .countMismatch: "count_mismatch"
        case .tooFewUnits: "too_few_units"
        case .nonFiniteValue: "non_finite_value"
        case .constantValues: "constant_values"
        }
    }

    /// The input at fault, in the API's spelling: `values` or `values[i]`.
    public var field: String {
        if case .nonFiniteValue(let i) = self { return "values[\(i)]" }
        return "values"
    }

    /// The message, in Chinese and English.
    public var message: LocalizedText {
        switch self {
        case .countMismatch(let values, let units):
            LocalizedText(zh: "数值个数（\(values)）与网格个数（\(units)）不一致",
                          en: "\(values) values for \(units) grids")
        case .tooFewUnits(let n):
            LocalizedText(zh: "热点分析至少需要 3 个网格，现有 \(n) 个",
                          en: "Hot spot analysis needs at least 3 grids, got \(n)")
        case .nonFiniteValue(let i):
            LocalizedText(zh: "第 \(i) 个数值不是有限数", en: "Value \(i) is not a finite number")
        case .constantValues:
            LocalizedText(zh: "所有网格的数值相同，无法识别热点",
                          en: "Every grid has the same value: there are no hot spots to find")
        }
    }

    /// The error as the domain's refusal of invalid input, for the HTTP layer and the command line.
    public var domainError: DomainError {
        DomainError(.invalid, code: code, field: field, zh: message.zh, en: message.en)
    }

    public var description: String { "\(code) (\(field)): \(message.en)" }
}
