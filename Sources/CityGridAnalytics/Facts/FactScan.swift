import Foundation

/// One number to accumulate per bucket and subject: how many rows match a predicate, or the sum of a
/// measure over them.
public struct FactTerm: Hashable, Sendable {
    public var predicate: FactPredicate
    public var measure: FactMeasure?

    public init(_ predicate: FactPredicate, measure: FactMeasure? = nil) {
        self.predicate = predicate
        self.measure = measure
    }
}

/// Which column decides a row's subject, and the slot of each of its values.
public enum FactKey: Sendable {
    /// The grid column; `slots[grid]`.
    case grid(slots: [Int32])
    case department(slots: [Int32])
    case reporter(slots: [Int32])
    /// The person who left stage number `index`.
    case stageActor(index: Int, slots: [Int32])
    /// Several subjects per grid (CSR by grid index).
    case gridMany(offsets: [Int32], slots: [Int32])
}

/// A scan of the fact table (the evaluation kernel): rows reported in the buckets' days, grouped by
/// bucket and subject slot, accumulating each term. The result is laid out
/// `[(bucket * slotCount + slot) * terms.count + term]`.
///
/// Only the months that overlap the buckets are read (``CaseFacts/monthRuns``); large scans are
/// split across the cores, each part with its own accumulators, added up at the end. Sums are
/// integers (seconds, tenths), so the result does not depend on the split.
public struct FactScan: Sendable {
    /// Local day ranges (days since 2020-01-01), sorted and disjoint.
    public var buckets: [Range<Int>]
    public var key: FactKey
    public var slotCount: Int
    public var terms: [FactTerm]
    /// The moment `overdue` is judged at, seconds since ``CaseFacts/epoch``.
    public var now: Int32

    public init(buckets: [Range<Int>], key: FactKey, slotCount: Int, terms: [FactTerm], now: Date) {
        self.buckets = buckets
        self.key = key
        self.slotCount = slotCount
        self.terms = terms
        self.now = CaseFacts.seconds(now)
    }

    public func run(on facts: CaseFacts) -> [Int64] {
        let width = terms.count, cells = buckets.count * slotCount * width
        guard let lo = buckets.first?.lowerBound, let hi = buckets.last?.upperBound, hi > lo, cells > 0 else { return Array(repeating: 0, count: cells) }
        // Day → bucket, over the days the buckets span.
        var bucketOfDay = [Int16](repeating: -1, count: hi - lo)
        for (b, r) in buckets.enumerated() { for d in r { bucketOfDay[d - lo] = Int16(b) } }
        // The row ranges of the months the days fall in.
        var ranges: [Range<Int>] = []
        let firstMonth = max(0, CaseFacts.month(ofDay: lo)), lastMonth = CaseFacts.month(ofDay: hi - 1)
        if lastMonth >= 0 {
            for m in firstMonth...min(lastMonth, facts.monthRuns.count - 1) where m < facts.monthRuns.count {
                ranges += facts.monthRuns[m].map { Int($0.lowerBound)..<Int($0.upperBound) }
            }
        }
        let parts = Self.split(ranges, into: ProcessInfo.processInfo.activeProcessorCount)
        var partials = [[Int64]](repeating: [], count: parts.count)
        let context = Context(scan: self, facts: facts, bucketOfDay: bucketOfDay, dayBase: lo)
        if parts.count == 1 {
            partials[0] = context.accumulate(parts[0], cells: cells)
        } else {
            partials.withUnsafeMutableBufferPointer { out in
                let out = UnsafeSendable(out)
                DispatchQueue.concurrentPerform(iterations: parts.count) { i in
                    out.value[i] = context.accumulate(parts[i], cells: cells)
                }
            }
        }
        var total = partials[0]
        for p in partials.dropFirst() { for i in total.indices { total[i] &+= p[i] } }
        return total
    }

    /// Splits row ranges into about `n` parts of similar size (one part when small).
    static func split(_ ranges: [Range<Int>], into n: Int) -> [[Range<Int>]] {
        let rows = ranges.reduce(0) { $0 + $1.count }
        guard n > 1, rows >= 200_000 else { return [ranges] }
        let target = (rows + n - 1) / n
        var parts: [[Range<Int>]] = [[]], size = 0
        for var r in ranges {
            while !r.isEmpty {
                let take = min(r.count, target - size)
                parts[parts.count - 1].append(r.lowerBound..<r.lowerBound + take)
                size += take
                r = r.lowerBound + take..<r.upperBound
                if size == target, parts.count < n { parts.append([]); size = 0 }
            }
        }
        return parts.filter { !$0.isEmpty }
    }
}

/// Lets the parallel parts write their own element of one array.
struct UnsafeSendable<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}

/// The scan's hot loop, over raw buffers.
private struct Context: @unchecked Sendable {
    let scan: FactScan
    let facts: CaseFacts
    let bucketOfDay: [Int16]
    let dayBase: Int

    func accumulate(_ ranges: [Range<Int>], cells: Int) -> [Int64] {
        var acc = [Int64](repeating: 0, count: cells)
        let width = scan.terms.count
        // Flattened terms: the common single-term predicate tested with two masks.
        let single = scan.terms.map { $0.predicate.terms.count == 1 && $0.predicate.terms[0].overdue == nil }
        let need = scan.terms.map { $0.predicate.terms.first?.need ?? 0 }
        let forbid = scan.terms.map { $0.predicate.terms.first?.forbid ?? ~0 }
        let measure: [UInt8] = scan.terms.map {
            switch $0.measure { case nil: 0; case .disposalHours: 1; case .closureHours: 2; case .satisfactionScore: 3 }
        }
        let predicates = scan.terms.map(\.predicate)
        let usesOverdue = predicates.contains { $0.usesOverdue }
        let now = scan.now
        let slotCount = scan.slotCount
        acc.withUnsafeMutableBufferPointer { acc in
        facts.day.withUnsafeBufferPointer { day in
        facts.flags.withUnsafeBufferPointer { flags in
        facts.disposalSeconds.withUnsafeBufferPointer { disposal in
        facts.closureSeconds.withUnsafeBufferPointer { closure in
        facts.satisfaction.withUnsafeBufferPointer { sat in
        facts.deadline.withUnsafeBufferPointer { deadline in
        bucketOfDay.withUnsafeBufferPointer { bucketOfDay in
            @inline(__always) func add(_ row: Int, _ cell: Int) {
                let f = flags[row]
                let overdue = usesOverdue && FactFlags.isOverdue(flags: f, deadline: deadline[row], now: now)
                for t in 0..<width {
                    let hit = single[t] ? (f & need[t] == need[t] && f & forbid[t] == 0) : predicates[t].matches(f, overdue: overdue)
                    guard hit else { continue }
                    switch measure[t] {
                    case 0: acc[cell + t] &+= 1
                    case 1: acc[cell + t] &+= Int64(disposal[row])
                    case 2: acc[cell + t] &+= Int64(closure[row])
                    default: acc[cell + t] &+= Int64(sat[row])
                    }
                }
            }
            @inline(__always) func bucket(_ row: Int) -> Int {
                let d = Int(day[row]) - dayBase
                return d >= 0 && d < bucketOfDay.count ? Int(bucketOfDay[d]) : -1
            }
            func singleKey<K: BinaryInteger>(_ column: UnsafeBufferPointer<K>, _ slots: [Int32]) {
                slots.withUnsafeBufferPointer { slots in
                    for range in ranges {
                        for row in range {
                            let b = bucket(row)
                            guard b >= 0 else { continue }
                            let k = Int(column[row])
                            guard k >= 0, k < slots.count else { continue }
                            let s = Int(slots[k])
                            guard s >= 0 else { continue }
                            add(row, (b * slotCount + s) * width)
                        }
                    }
                }
            }
            switch scan.key {
            case .grid(let slots): facts.grid.withUnsafeBufferPointer { singleKey($0, slots) }
            case .department(let slots): facts.department.withUnsafeBufferPointer { singleKey($0, slots) }
            case .reporter(let slots): facts.reporter.withUnsafeBufferPointer { singleKey($0, slots) }
            case .stageActor(let index, let slots): facts.stageActor[index].withUnsafeBufferPointer { singleKey($0, slots) }
            case .gridMany(let offsets, let slots):
                facts.grid.withUnsafeBufferPointer { grid in
                    for range in ranges {
                        for row in range {
                            let b = bucket(row), g = Int(grid[row])
                            guard b >= 0, g >= 0, g + 1 < offsets.count else { continue }
                            for i in Int(offsets[g])..<Int(offsets[g + 1]) { add(row, (b * slotCount + Int(slots[i])) * width) }
                        }
                    }
                }
            }
        }}}}}}}}
        return acc
    }
}
