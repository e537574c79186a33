import CityGridCore
import Foundation

/// The open cases of every grid (网格案件态势), for the command centre's map: how many are open,
/// how many of those carry a deadline warning (amber) and how many are overdue (red), counted over the
/// rows a ``FactFilter`` selects (a period of report, a category group, a body) that a caller may read.
///
/// Open means not in a terminal state and not merged into another case as its duplicate (its
/// clock runs). A case is counted once, by its worst light: overdue (dispatched, not disposed, past its disposal
/// deadline at `now`: ``FactFlags/isOverdue(flags:deadline:now:)``, the figure evaluations use), else
/// warned (``FactFlags/warned``), else only open.
public struct GridStatus: Sendable, Equatable {
    public struct Counts: Sendable, Equatable {
        public var open = 0
        public var warned = 0
        public var overdue = 0

        public init(open: Int = 0, warned: Int = 0, overdue: Int = 0) {
            self.open = open
            self.warned = warned
            self.overdue = overdue
        }
    }

    /// The grids with at least one open case.
    public var grids: [RegionCode: Counts]
    public var total: Counts

    public init(grids: [RegionCode: Counts] = [:], total: Counts = Counts()) {
        self.grids = grids
        self.total = total
    }

    /// Counts the open cases `filter` selects that `access` lets through.
    public static func count(_ facts: CaseFacts, filter: FactFilter, access: FactAccess, now: Date) -> GridStatus {
        guard !access.isEmpty else { return GridStatus() }
        var filter = filter
        filter.required.insert(.open)
        filter.excluded.insert(.merged)
        let gridCount = facts.dimensions.gridCodes.count
        var open = [Int32](repeating: 0, count: gridCount)
        var warned = [Int32](repeating: 0, count: gridCount)
        var overdue = [Int32](repeating: 0, count: gridCount)
        let nowSeconds = CaseFacts.seconds(now)
        let warnedBit = FactFlags.warned.rawValue
        filter.forEachRow(in: facts) { row in
            let g = Int(facts.grid[row])
            guard g >= 0, access.allows(row, facts) else { return }
            let flags = facts.flags[row]
            open[g] += 1
            if FactFlags.isOverdue(flags: flags, deadline: facts.deadline[row], now: nowSeconds) {
                overdue[g] += 1
            } else if flags & warnedBit != 0 {
                warned[g] += 1
            }
        }
        var status = GridStatus()
        for g in 0..<gridCount where open[g] > 0 {
            let counts = Counts(open: Int(open[g]), warned: Int(warned[g]), overdue: Int(overdue[g]))
            status.grids[facts.dimensions.gridCodes[g]] = counts
            status.total.open += counts.open
            status.total.warned += counts.warned
            status.total.overdue += counts.overdue
        }
        return status
    }
}
