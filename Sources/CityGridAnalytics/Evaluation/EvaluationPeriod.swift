import CityGridCore

/// The span an evaluation covers (考核周期): a month, a quarter, a year or a custom range of days, in
/// the city's local time. A case belongs to the period its report falls in, whenever it closes.
public struct EvaluationPeriod: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable { case month, quarter, year, range }

    public var kind: Kind
    /// The first day.
    public var start: LocalDate
    /// The day after the last.
    public var end: LocalDate

    public init(kind: Kind, start: LocalDate, end: LocalDate) {
        self.kind = kind
        self.start = start
        self.end = end
    }

    public static func month(_ year: Int, _ month: Int) -> EvaluationPeriod? {
        guard let start = LocalDate(year: year, month: month, day: 1) else { return nil }
        return EvaluationPeriod(kind: .month, start: start, end: LocalDate(year: year + month / 12, month: month % 12 + 1, day: 1)!)
    }

    /// Parses `2026-10` (month), `2026-Q3` (quarter), `2026` (year) or `2026-10-01..2026-10-15`
    /// (a range, both days included).
    public init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.contains("..") {
            let parts = t.components(separatedBy: "..")
            guard parts.count == 2, let a = LocalDate(parts[0]), let b = LocalDate(parts[1]), a <= b, b.dayNumber - a.dayNumber < 3660 else { return nil }
            self.init(kind: .range, start: a, end: LocalDate(dayNumber: b.dayNumber + 1))
            return
        }
        let parts = t.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, first.count == 4, let year = Int(first), year >= 2000, year < 2100 else { return nil }
        switch parts.count {
        case 1:
            self.init(kind: .year, start: LocalDate(year: year, month: 1, day: 1)!, end: LocalDate(year: year + 1, month: 1, day: 1)!)
        case 2 where parts[1].count == 2 && parts[1].first == "Q":
            guard let q = Int(parts[1].dropFirst()), (1...4).contains(q) else { return nil }
            let m = 3 * q - 2
            self.init(kind: .quarter, start: LocalDate(year: year, month: m, day: 1)!,
                      end: q == 4 ? LocalDate(year: year + 1, month: 1, day: 1)! : LocalDate(year: year, month: m + 3, day: 1)!)
        case 2 where parts[1].count == 2:
            guard let m = Int(parts[1]), let p = Self.month(year, m) else { return nil }
            self = p
        default:
            return nil
        }
    }

    /// The period just before: the previous month, quarter or year, or as many days before a range.
    public var previous: EvaluationPeriod {
        let (y, m, _) = start.components
        switch kind {
        case .month: return Self.month(m == 1 ? y - 1 : y, m == 1 ? 12 : m - 1)!
        case .quarter:
            let pm = m == 1 ? 10 : m - 3, py = m == 1 ? y - 1 : y
            return EvaluationPeriod(kind: .quarter, start: LocalDate(year: py, month: pm, day: 1)!, end: start)
        case .year: return EvaluationPeriod(kind: .year, start: LocalDate(year: y - 1, month: 1, day: 1)!, end: start)
        case .range:
            let days = end.dayNumber - start.dayNumber
            return EvaluationPeriod(kind: .range, start: LocalDate(dayNumber: start.dayNumber - days), end: start)
        }
    }

    /// The months (YYYY-MM) of every month in the period.
    public var months: [EvaluationPeriod] {
        var out: [EvaluationPeriod] = []
        var (y, m, _) = start.components
        while let p = Self.month(y, m), p.start < end {
            out.append(p)
            (y, m) = m == 12 ? (y + 1, 1) : (y, m + 1)
        }
        return out
    }

    public var description: String {
        let (y, m, _) = start.components
        switch kind {
        case .month: return "\(y)-\(m < 10 ? "0" : "")\(m)"
        case .quarter: return "\(y)-Q\((m + 2) / 3)"
        case .year: return "\(y)"
        case .range: return "\(start)..\(LocalDate(dayNumber: end.dayNumber - 1))"
        }
    }
}
