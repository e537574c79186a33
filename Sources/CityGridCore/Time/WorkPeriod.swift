/// One stretch of working time within a day, in minutes after local midnight, e.g. 09:00-12:00.
public struct WorkPeriod: StringCoded, Hashable, Sendable, CustomStringConvertible {
    public var startMinute: Int
    public var endMinute: Int

    public init(startMinute: Int, endMinute: Int) {
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    /// Parses `HH:mm-HH:mm`.
    public init?(_ text: String) {
        let halves = text.split(separator: "-")
        guard halves.count == 2, let start = Self.minutes(halves[0]), let end = Self.minutes(halves[1]), start < end else { return nil }
        self.init(startMinute: start, endMinute: end)
    }

    public var description: String { "\(Self.clock(startMinute))-\(Self.clock(endMinute))" }

    private static func minutes(_ text: Substring) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }), let h = Int(parts[0]), let m = Int(parts[1]),
              (0...24).contains(h), (0..<60).contains(m), h * 60 + m <= 1440 else { return nil }
        return h * 60 + m
    }

    private static func clock(_ minutes: Int) -> String {
        let h = minutes / 60, m = minutes % 60
        return (h < 10 ? "0\(h)" : "\(h)") + ":" + (m < 10 ? "0\(m)" : "\(m)")
    }

    public init?(codedString: String) { self.init(codedString) }
    public var codedString: String { description }
    public static let codedStringExpectation = "an HH:mm-HH:mm period"
}
