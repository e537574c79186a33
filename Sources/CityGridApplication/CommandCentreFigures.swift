import CityGridAnalytics
import CityGridCore
import Foundation

/// The command centre's figures of the moment (指挥中心实时指标), for the wall: the cases open now,
/// those overdue (dispatched, not disposed, past the disposal deadline: the evaluation's `overdue`
/// fact, the cases the clock escalates), those due within ``dueSoonHours`` hours, and the cases
/// reported today (China time), counted from the fact table within the caller's analytics reach.
/// The fact table holds no alert level, so the clock's 80 % warning is shown as "due soon".
public struct CommandCentreFigures: Hashable, Sendable {
    public var open: Int
    public var overdue: Int
    public var dueSoon: Int
    public var reportedToday: Int
    /// When they were counted.
    public var at: Date

    public static let dueSoonHours = 24
}

extension CityApplication {
    /// The figures of the moment within the caller's analytics reach (their only jurisdiction or
    /// body; the city for city-wide roles). Kept for the minute while the fact table does not change.
    public func commandCentreFigures(for caller: Caller, at now: Date = Date()) async throws -> CommandCentreFigures {
        var filter = try scopedFilter(AnalysisRequest(period: "2026"), for: caller)
        filter.days = FactFilter.allDays
        filter.required = .open
        let current = self.current, facts = current.facts
        let minute = Int64(now.timeIntervalSince1970 / 60)
        let key = AnalysisCache.Key(kind: "command-centre", parameters: ["\(filter)", "\(minute)"], generation: facts.generation)
        let scoped = filter
        return try await current.analyses.get(key) {
            try await heavy.run {
                let nowSeconds = Int32(clamping: Int64(now.timeIntervalSince1970) - CaseFacts.epoch)
                let soon = nowSeconds &+ Int32(CommandCentreFigures.dueSoonHours * 3600)
                let todayDay = Self.chinaDay(now) - CaseFacts.epochDay
                return facts.read { table in
                    var figures = CommandCentreFigures(open: 0, overdue: 0, dueSoon: 0, reportedToday: 0, at: now)
                    scoped.forEachRow(in: table) { row in
                        figures.open += 1
                        let flags = table.flags[row], deadline = table.deadline[row]
                        if FactFlags.isOverdue(flags: flags, deadline: deadline, now: nowSeconds) {
                            figures.overdue += 1
                        } else if FactFlags.isOverdue(flags: flags, deadline: deadline, now: soon) {
                            figures.dueSoon += 1
                        }
                    }
                    var today = scoped
                    today.required = []
                    today.days = todayDay..<todayDay + 1
                    figures.reportedToday = today.count(in: table)
                    return figures
                }
            }
        }
    }

    /// The day number (``LocalDate/dayNumber``) of `date` in China Standard Time.
    static func chinaDay(_ date: Date) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return LocalDate(year: c.year ?? 2020, month: c.month ?? 1, day: c.day ?? 1)?.dayNumber ?? 0
    }
}
