import CityGridAnalytics
import CityGridCore
import Foundation

/// The command centre's figures of the moment (指挥中心实时指标), for the wall: the open cases the
/// caller may read, those warned (amber) and those overdue (red), counted as the command centre's map
/// counts them (``GridStatus``: each case once, by its worst light), and the cases reported today
/// (the city's local day, every state).
public struct CommandCentreFigures: Hashable, Sendable {
    public var open: Int
    public var warned: Int
    public var overdue: Int
    public var reportedToday: Int
    /// When they were counted.
    public var at: Date
}

extension CityApplication {
    /// The figures of the moment within what the caller may read (``Permission/caseRead``), from the
    /// live fact table; kept for the minute while the table does not change (a wall reloads every
    /// minute, and several walls show the same).
    public func commandCentreFigures(for caller: Caller, at now: Date = Date()) async throws -> CommandCentreFigures {
        try policy.requireHolding(caller, .caseRead)
        let current = self.current, facts = current.facts
        let visibility = policy.caseVisibility(caller, .caseRead)
        let today = try GridStatusRequest(period: "today").days(at: now, utcOffsetSeconds: current.city.calendar.utcOffsetSeconds)
        let key = AnalysisCache.Key(kind: "command-centre", parameters: ["\(visibility)", "\(Int64(now.timeIntervalSince1970 / 60))"],
                                    generation: facts.generation)
        return try await current.analyses.get(key) {
            try await heavy.run {
                facts.read { table in
                    let access = FactAccess(visibility, table)
                    let status = GridStatus.count(table, filter: .all, access: access, now: now)
                    var reported = 0
                    if let today, !access.isEmpty {
                        FactFilter(from: today.lowerBound, until: today.upperBound).forEachRow(in: table) { row in
                            if access.allows(row, table) { reported += 1 }
                        }
                    }
                    return CommandCentreFigures(open: status.total.open, warned: status.total.warned, overdue: status.total.overdue,
                                                reportedToday: reported, at: now)
                }
            }
        }
    }
}
