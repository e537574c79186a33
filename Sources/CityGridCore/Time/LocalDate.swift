/// A calendar day in the city's local time, counted as days since 1970-01-01.
///
/// Pure arithmetic (Howard Hinnant's civil-date algorithms): no `Calendar`, no time-zone database, so
/// working-time maths is fast and gives the same answer on every machine.
public struct LocalDate: StringCoded, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public var dayNumber: Int

    public init(dayNumber: Int) { self.dayNumber = dayNumber }

    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        self.dayNumber = era * 146_097 + doe - 719_468
        guard self.components == (year, month, day) else { return nil }
    }

    /// Parses `yyyy-MM-dd`.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Year, month (1-12) and day (1-31).
    public var components: (year: Int, month: Int, day: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// ISO weekday: Monday 1 ... Sunday 7 (1970-01-01 was a Thursday).
    public var weekday: Int {
        let w = (dayNumber + 3) % 7
        return (w < 0 ? w + 7 : w) + 1
    }

    /// `yyyy-MM-dd`.
    public var description: String {
        let (y, m, d) = components
        return "\(y)-\(Self.pad(m))-\(Self.pad(d))"
    }

    /// `yyyyMMdd`, as in case numbers.
    public var compact: String {
        let (y, m, d) = components
        return "\(y)\(Self.pad(m))\(Self.pad(d))"
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

    private static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    public init?(codedString: String) { self.init(codedString) }
    public var codedString: String { description }
    public static let codedStringExpectation = "a yyyy-MM-dd date"
}
