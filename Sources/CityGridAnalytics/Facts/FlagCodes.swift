/// The few facts a scan's terms test, numbered 0…n−1, so that a row's combination of them is a small
/// code (`0..<2ⁿ`) and a predicate is the set of codes it accepts.
struct FlagCodes {
    /// More distinct facts than this and a histogram of combinations is no longer small.
    static let maxBits = 8

    /// The fact bits tested, in code order.
    let positions: [UInt64]
    /// The code bit of `overdue`, or −1 when no term uses it.
    let overdueBit: Int
    /// The measures summed, each once.
    let measures: [FactMeasure]

    var count: Int { 1 << (positions.count + (overdueBit >= 0 ? 1 : 0)) }

    init?(_ terms: [FactTerm]) {
        var mask: UInt64 = 0
        for t in terms { for c in t.predicate.terms { mask |= c.need | c.forbid } }
        var positions: [UInt64] = []
        for bit in 0..<64 where mask & (1 << UInt64(bit)) != 0 { positions.append(UInt64(bit)) }
        let overdue = terms.contains { $0.predicate.usesOverdue }
        guard positions.count + (overdue ? 1 : 0) <= Self.maxBits else { return nil }
        self.positions = positions
        overdueBit = overdue ? positions.count : -1
        var measures: [FactMeasure] = []
        for t in terms { if let m = t.measure, !measures.contains(m) { measures.append(m) } }
        self.measures = measures
    }

    /// The codes whose combination of facts satisfies `predicate`.
    func matching(_ predicate: FactPredicate) -> [Int] {
        (0..<count).filter { code in
            var flags: UInt64 = 0
            for (i, p) in positions.enumerated() where code & (1 << i) != 0 { flags |= 1 << p }
            return predicate.matches(flags, overdue: overdueBit >= 0 && code & (1 << overdueBit) != 0)
        }
    }
}
