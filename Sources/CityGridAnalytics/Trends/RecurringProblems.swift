import CityGridCore
import Foundation

/// Themes for "one problem a month" (每月一题): the category × region combinations that were big,
/// growing and kept coming back over the last months, ranked, as candidates for a month's focused
/// campaign.
///
/// For the month asked for, the window is the ``Options/months`` months before it (default 6). A
/// combination is a minor class in a region at ``Options/level`` (default: subdistrict); it is a
/// candidate when the window holds at least ``Options/minMonthly`` of its cases. Three measures:
///
/// - **volume**: its cases in the window;
/// - **growth**: its last month over the mean of the window's earlier months (``Theme/growth``; `nil`
///   when that mean is 0);
/// - **recurrence**: the months in which it had at least ``Options/minMonthly`` cases *and* was in
///   the top ``Options/topShare`` (10 %) of that month's combinations with a case. The top 10 % of n
///   is the first ⌈0.1 n⌉ by count, plus any tied with the last of them.
///
/// The score is a weighted sum (weights 1, 1, 1 by default) of the three, each standardised over
/// the candidates (z = (x − mean) / standard deviation, 0 when all are equal), so a weight means
/// the same whatever a measure's scale. Volume enters by its logarithm, ln(1 + volume), so that a
/// few very large combinations do not drown growth and recurrence: doubling counts the same at any
/// size. Growth enters as the smoothed log ratio ln((last + 1) / (earlier mean + 1)), which is
/// defined for a combination new in the last month and symmetric between rise and fall, without
/// letting a move from 0 to 2 cases outrank a real surge. Recurrence enters as the share of the
/// window's months. A theme that is large, rising and chronic scores highest; a one-off spike
/// (growth alone) or a big but receding problem scores lower.
///
/// Ties are broken by volume, then category code, then region code, so the ranking is
/// deterministic. Invalidated, rejected and merged cases do not count (``Options/excluded``), nor do
/// cases in a grid the city does not have.
public struct RecurringProblems: Hashable, Codable, Sendable {
    public struct Options: Hashable, Sendable {
        /// The window's length in months.
        public var months: Int
        /// The regions combinations are made of: district, subdistrict or community (grid works too;
        /// city makes one region, code `""`).
        public var level: RegionLevel
        /// The cases a month must hold for it to count towards recurrence, and the window's minimum for
        /// a candidate.
        public var minMonthly: Int
        /// The share of a month's combinations that are its "top" ones.
        public var topShare: Double
        /// How many themes to return.
        public var count: Int
        /// Facts that keep a case out of the counts.
        public var excluded: FactFlags
        public var volumeWeight: Double
        public var growthWeight: Double
        public var recurrenceWeight: Double
        /// How much of the growth the forecast carries on: 0 none, 1 all.
        public var damping: Double

        public init(months: Int = 6, level: RegionLevel = .subdistrict, minMonthly: Int = 5, topShare: Double = 0.10,
                    count: Int = 10, excluded: FactFlags = [.invalidated, .rejected, .merged],
                    volumeWeight: Double = 1, growthWeight: Double = 1, recurrenceWeight: Double = 1, damping: Double = 0.5) {
            self.months = months
            self.level = level
            self.minMonthly = minMonthly
            self.topShare = topShare
            self.count = count
            self.excluded = excluded
            self.volumeWeight = volumeWeight
            self.growthWeight = growthWeight
            self.recurrenceWeight = recurrenceWeight
            self.damping = damping
        }
    }

    /// The month the themes are proposed for, `2026-07`.
    public var month: String
    /// The window's months, oldest first.
    public var months: [String]
    /// The options' level, by its API name.
    public var level: String
    /// The counted cases in the window.
    public var totalCases: Int
    /// Per window month: the count a combination needed to be among that month's top ones (0 for a
    /// month without cases).
    public var topThresholds: [Int]
    /// Combinations ranked (those with at least ``Options/minMonthly`` cases in the window).
    public var candidates: Int
    /// The best ``Options/count`` themes, best first.
    public var themes: [Theme]

    /// Ranks the themes for month `month` (1-12) of `year` from the months before it. `city` gives the
    /// titles their names.
    public init(facts: CaseFacts, forYear year: Int, month: Int, options o: Options = Options(), city: CityModel? = nil) {
        let n = max(1, o.months), target = MonthIndex.of(year: year, month: month)
        let d = facts.dimensions
        let (regions, regionOfGrid) = Self.regions(d, level: o.level)
        self.month = MonthIndex.label(target)
        months = (target - n..<target).map(MonthIndex.label)
        level = o.level.name

        let w = WindowCounts(facts, months: target - n..<target, regionOfGrid: regionOfGrid, regionCount: regions.count,
                             excluded: o.excluded)
        let keys = w.keys, counts = w.counts, total = w.total
        totalCases = total

        // Recurrence: months among the top share with enough cases.
        var recurrence = [Int](repeating: 0, count: keys.count)
        topThresholds = (0..<n).map { k in
            let active = (0..<keys.count).map { counts[$0 * n + k] }.filter { $0 > 0 }.sorted(by: >)
            guard !active.isEmpty else { return 0 }
            let top = max(1, Int((Double(active.count) * o.topShare - 1e-9).rounded(.up)))
            let threshold = active[min(top, active.count) - 1]
            for s in 0..<keys.count where counts[s * n + k] >= max(o.minMonthly, threshold) { recurrence[s] += 1 }
            return threshold
        }

        // Candidates in code order, so that every sum below runs in the same order.
        let code = { (slot: Int) in (category: d.categories[keys[slot] / regions.count], region: regions[keys[slot] % regions.count]) }
        let candidates = (0..<keys.count)
            .filter { s in (0..<n).reduce(0) { $0 + counts[s * n + $1] } >= o.minMonthly }
            .sorted { (code($0).category.rawValue, code($0).region?.rawValue ?? "") < (code($1).category.rawValue, code($1).region?.rawValue ?? "") }
        self.candidates = candidates.count
        let series = candidates.map { s in Array(counts[s * n..<(s + 1) * n]) }
        let volume = series.map { $0.reduce(0, +) }
        let earlierMean: [Double?] = series.map { n > 1 ? Double($0.dropLast().reduce(0, +)) / Double(n - 1) : nil }
        let zVolume = Self.standardised(volume.map { log(1 + Double($0)) })
        let zGrowth = Self.standardised(zip(series, earlierMean).map { s, mean in
            mean.map { log((Double(s[n - 1]) + 1) / ($0 + 1)) } ?? 0
        })
        let zRecurrence = Self.standardised(candidates.map { Double(recurrence[$0]) / Double(n) })

        let names = Names(city)
        var themes: [Theme] = candidates.indices.map { i in
            let s = series[i], (category, region) = code(candidates[i])
            let growth = earlierMean[i].flatMap { $0 > 0 ? Double(s[n - 1]) / $0 : nil }
            let recent = s.suffix(3)
            let base = Double(recent.reduce(0, +)) / Double(recent.count)
            let score = o.volumeWeight * zVolume[i] + o.growthWeight * zGrowth[i] + o.recurrenceWeight * zRecurrence[i]
            return Theme(
                rank: 0, category: category.rawValue, region: region?.rawValue ?? "",
                title: names.title(category, region), monthly: s, volume: volume[i], growth: growth,
                recurrence: recurrence[candidates[i]],
                share: Double(volume[i]) / Double(total),
                shareInRegion: Double(volume[i]) / Double(w.regionTotal[keys[candidates[i]] % regions.count]),
                forecast: max(0, base * (1 + o.damping * ((growth ?? 1) - 1))),
                score: score, volumeZ: zVolume[i], growthZ: zGrowth[i], recurrenceZ: zRecurrence[i])
        }
        themes.sort { a, b in
            if a.score != b.score { return a.score > b.score }
            if a.volume != b.volume { return a.volume > b.volume }
            return (a.category, a.region) < (b.category, b.region)
        }
        self.themes = themes.prefix(max(0, o.count)).enumerated().map { i, theme in
            var t = theme
            t.rank = i + 1
            return t
        }
    }

    /// The cases of each combination per window month (slots allocated as combinations appear).
    struct WindowCounts {
        /// Per slot: category index × region count + region index.
        var keys: [Int] = []
        /// `[slot * months + month]`.
        var counts: [Int] = []
        var regionTotal: [Int]
        var total = 0

        init(_ facts: CaseFacts, months: Range<Int>, regionOfGrid: [Int32], regionCount: Int, excluded: FactFlags) {
            regionTotal = Array(repeating: 0, count: regionCount)
            let n = months.count, excluded = excluded.rawValue
            var slotOfKey: [Int: Int] = [:]
            for (k, m) in months.enumerated() where m >= 0 && m < facts.monthRuns.count {
                for run in facts.monthRuns[m] {
                    for row in Int(run.lowerBound)..<Int(run.upperBound) {
                        let g = Int(facts.grid[row])
                        guard g >= 0, facts.flags[row] & excluded == 0 else { continue }
                        let r = Int(regionOfGrid[g]), key = Int(facts.category[row]) * regionCount + r
                        let slot: Int
                        if let s = slotOfKey[key] { slot = s } else {
                            slot = keys.count
                            slotOfKey[key] = slot
                            keys.append(key)
                            counts.append(contentsOf: repeatElement(0, count: n))
                        }
                        counts[slot * n + k] += 1
                        regionTotal[r] += 1
                        total += 1
                    }
                }
            }
        }
    }

    /// The regions at `level` and the region of each grid; the city is one region, `nil`.
    static func regions(_ d: FactDimensions, level: RegionLevel) -> (codes: [RegionCode?], ofGrid: [Int32]) {
        switch level {
        case .city: ([nil], Array(repeating: 0, count: d.gridCodes.count))
        case .district: (d.districts, d.gridDistrict)
        case .subdistrict: (d.subdistricts, d.gridSubdistrict)
        case .community: (d.communities, d.gridCommunity)
        case .grid: (d.gridCodes, Array(0..<Int32(d.gridCodes.count)))
        }
    }

    /// z-scores over the values, with the population standard deviation; all 0 when it is 0.
    static func standardised(_ x: [Double]) -> [Double] {
        guard !x.isEmpty else { return [] }
        let mean = x.reduce(0, +) / Double(x.count)
        let sd = (x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count)).squareRoot()
        return x.map { sd > 1e-12 ? ($0 - mean) / sd : 0 }
    }
}
