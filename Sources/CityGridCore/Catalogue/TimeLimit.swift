/// A disposal time limit (处置时限) and the clock it runs on.
public struct TimeLimit: Hashable, Codable, Sendable, CustomStringConvertible {
    /// The clock a limit is counted on.
    public enum Unit: String, Codable, Sendable, CaseIterable {
        /// Hours inside the calendar's working periods (工作时).
        case workingHours = "working_hours"
        /// Whole working days (工作日): the calendar's working hours of one day, times the amount.
        case workingDays = "working_days"
        /// Plain hours around the clock, for emergencies.
        case calendarHours = "calendar_hours"

        /// The longest limit accepted: a year (8,760 hours, or 365 working days).
        public var maximum: Double { self == .workingDays ? 365 : 8760 }
    }

    public var amount: Double
    public var unit: Unit

    public init(amount: Double, unit: Unit) {
        self.amount = amount
        self.unit = unit
    }

    public var description: String { "\(amount) \(unit.rawValue)" }

    public var label: LocalizedText {
        let n = amount == amount.rounded() && abs(amount) < 1e15 ? String(Int(amount)) : String(amount)
        switch unit {
        case .workingHours: return LocalizedText(zh: "\(n)个工作时", en: "\(n) working hours")
        case .workingDays: return LocalizedText(zh: "\(n)个工作日", en: "\(n) working days")
        case .calendarHours: return LocalizedText(zh: "\(n)小时", en: "\(n) hours")
        }
    }
}
