import Foundation

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
        let firstMonth = max(0, CaseFacts.month(ofDay: lo)), lastMonth = min(CaseFacts.month(ofDay: hi - 1), facts.monthRuns.count - 1)
        if firstMonth <= lastMonth {
            for m in firstMonth...lastMonth { ranges += facts.monthRuns[m].map { Int($0.lowerBound)..<Int($0.upperBound) } }
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
///
/// Two ways to accumulate, chosen per scan. When the terms test few distinct facts (at most
/// ``FlagCodes/maxBits``), each row adds one to a histogram of (cell, fact combination) and its
/// measures to sums beside it, without a branch; the terms are read off the histogram at the end.
/// Otherwise each row tests each term.
private struct Context: @unchecked Sendable {
    let scan: FactScan
    let facts: CaseFacts
    let bucketOfDay: [Int16]
    let dayBase: Int

    func accumulate(_ ranges: [Range<Int>], cells: Int) -> [Int64] {
        let codes = FlagCodes(scan.terms)
        let subjectCells = cells / max(1, scan.terms.count)
        if let codes, subjectCells * codes.count <= 1 << 20 {
            return histogram(ranges, subjectCells: subjectCells, codes: codes)
        }
        return direct(ranges, cells: cells)
    }

    /// Per row: the histogram cell of its fact combination, plus its measures.
    private func histogram(_ ranges: [Range<Int>], subjectCells: Int, codes: FlagCodes) -> [Int64] {
        let k = codes.count, size = subjectCells * k
        var counts = [Int64](repeating: 0, count: size)
        // One sum array per measure the terms use (empty otherwise).
        let measures = codes.measures
        let useDisposal = measures.contains(.disposalHours), useClosure = measures.contains(.closureHours)
        let useSatisfaction = measures.contains(.satisfactionScore)
        var disposalSums = [Int64](repeating: 0, count: useDisposal ? size : 0)
        var closureSums = [Int64](repeating: 0, count: useClosure ? size : 0)
        var satisfactionSums = [Int64](repeating: 0, count: useSatisfaction ? size : 0)
        let now = scan.now, overdueBit = codes.overdueBit
        counts.withUnsafeMutableBufferPointer { counts in
        disposalSums.withUnsafeMutableBufferPointer { dSums in
        closureSums.withUnsafeMutableBufferPointer { cSums in
        satisfactionSums.withUnsafeMutableBufferPointer { sSums in
        facts.flags.withUnsafeBufferPointer { flags in
        facts.deadline.withUnsafeBufferPointer { deadline in
        facts.disposalSeconds.withUnsafeBufferPointer { disposal in
        facts.closureSeconds.withUnsafeBufferPointer { closure in
        facts.satisfaction.withUnsafeBufferPointer { sat in
        codes.positions.withUnsafeBufferPointer { positions in
            forEachCell(ranges) { row, cell in
                let f = flags[row]
                var code = 0
                for i in 0..<positions.count { code |= Int((f >> positions[i]) & 1) << i }
                if overdueBit >= 0, FactFlags.isOverdue(flags: f, deadline: deadline[row], now: now) { code |= 1 << overdueBit }
                let at = cell * k + code
                counts[at] &+= 1
                if useDisposal { dSums[at] &+= Int64(disposal[row]) }
                if useClosure { cSums[at] &+= Int64(closure[row]) }
                if useSatisfaction { sSums[at] &+= Int64(sat[row]) }
            }
        }}}}}}}}}}
        let sums: [FactMeasure: [Int64]] = [.disposalHours: disposalSums, .closureHours: closureSums, .satisfactionScore: satisfactionSums]
        // Read each term off the histogram.
        let width = scan.terms.count
        var acc = [Int64](repeating: 0, count: subjectCells * width)
        let matching = scan.terms.map { codes.matching($0.predicate) }
        let source = scan.terms.map { t in t.measure.map { sums[$0]! } ?? counts }
        for cell in 0..<subjectCells {
            let base = cell * k
            for t in 0..<width {
                var total: Int64 = 0
                for code in matching[t] { total &+= source[t][base + code] }
                acc[cell * width + t] = total
            }
        }
        return acc
    }

    /// Per row: each term's predicate tested.
    private func direct(_ ranges: [Range<Int>], cells: Int) -> [Int64] {
        var acc = [Int64](repeating: 0, count: cells)
        let width = scan.terms.count
        let predicates = scan.terms.map(\.predicate)
        let measure: [UInt8] = scan.terms.map {
            switch $0.measure { case nil: 0; case .disposalHours: 1; case .closureHours: 2; case .satisfactionScore: 3 }
        }
        let usesOverdue = predicates.contains { $0.usesOverdue }
        let now = scan.now
        acc.withUnsafeMutableBufferPointer { acc in
        facts.flags.withUnsafeBufferPointer { flags in
        facts.disposalSeconds.withUnsafeBufferPointer { disposal in
        facts.closureSeconds.withUnsafeBufferPointer { closure in
        facts.satisfaction.withUnsafeBufferPointer { sat in
        facts.deadline.withUnsafeBufferPointer { deadline in
            forEachCell(ranges) { row, cell in
                let f = flags[row]
                let overdue = usesOverdue && FactFlags.isOverdue(flags: f, deadline: deadline[row], now: now)
                let base = cell * width
                for t in 0..<width where predicates[t].matches(f, overdue: overdue) {
                    switch measure[t] {
                    case 0: acc[base + t] &+= 1
                    case 1: acc[base + t] &+= Int64(disposal[row])
                    case 2: acc[base + t] &+= Int64(closure[row])
                    default: acc[base + t] &+= Int64(sat[row])
                    }
                }
            }
        }}}}}}
        return acc
    }

    /// Calls `body(row, cell)` for every row in `ranges` that falls in a bucket and belongs to a
    /// subject, `cell` being `bucket * slotCount + slot` (several times for several subjects).
    @inline(__always)
    private func forEachCell(_ ranges: [Range<Int>], _ body: (Int, Int) -> Void) {
        let slotCount = scan.slotCount
        facts.day.withUnsafeBufferPointer { day in
        bucketOfDay.withUnsafeBufferPointer { bucketOfDay in
            @inline(__always) func bucket(_ row: Int) -> Int {
                let d = Int(day[row]) - dayBase
                return d >= 0 && d < bucketOfDay.count ? Int(bucketOfDay[d]) : -1
            }
            @inline(__always) func singleKey<K: BinaryInteger>(_ column: UnsafeBufferPointer<K>, _ slots: [Int32]) {
                slots.withUnsafeBufferPointer { slots in
                    for range in ranges {
                        for row in range {
                            let b = bucket(row)
                            guard b >= 0 else { continue }
                            let k = Int(column[row])
                            guard k >= 0, k < slots.count else { continue }
                            let s = Int(slots[k])
                            guard s >= 0 else { continue }
                            body(row, b * slotCount + s)
                        }
                    }
                }
            }
            switch scan.key {
            case .grid(let slots): facts.grid.withUnsafeBufferPointer { singleKey($0, slots) }
            case .department(let slots): facts.department.withUnsafeBufferPointer { singleKey($0, slots) }
            case .reporter(let slots): facts.reporter.withUnsafeBufferPointer { singleKey($0, slots) }
            case .stageActor(let index, let first, let slots):
                (first ? facts.stageFirstActor : facts.stageActor)[index].withUnsafeBufferPointer { singleKey($0, slots) }
            case .gridMany(let offsets, let slots):
                facts.grid.withUnsafeBufferPointer { grid in
                    for range in ranges {
                        for row in range {
                            let b = bucket(row), g = Int(grid[row])
                            guard b >= 0, g >= 0, g + 1 < offsets.count else { continue }
                            for i in Int(offsets[g])..<Int(offsets[g + 1]) { body(row, b * slotCount + Int(slots[i])) }
                        }
                    }
                }
            }
        }}
    }
}
