import CityGridCore
import Foundation

/// A case as every store keeps it (案件的存储形式): times to the whole second (rounded down), the
/// grid chain rebuilt from the grid, the stage log read back from its storage text. What a store
/// reads back equals this form of what was written; a store that keeps a written case in memory
/// (the in-memory store, SQLite's recently written cases) keeps this form, so that a step computed
/// on it is the step the stored row would give.
public enum StoredCase {
    /// A time kept to the second.
    public static func date(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }

    public static func date(_ date: Date?) -> Date? {
        date.map { Self.date($0) }
    }

    /// `value` as stored.
    public static func of(_ value: Case) -> Case {
        var c = value
        c.chain = GridChain(grid: value.chain.grid)
        c.reportedAt = date(value.reportedAt)
        c.updatedAt = date(value.updatedAt)
        c.acceptedAt = date(value.acceptedAt)
        c.filedAt = date(value.filedAt)
        c.dispatchedAt = date(value.dispatchedAt)
        c.disposedAt = date(value.disposedAt)
        c.checkedAt = date(value.checkedAt)
        c.closedAt = date(value.closedAt)
        c.deadlineAt = date(value.deadlineAt)
        c.caseDeadlineAt = date(value.caseDeadlineAt)
        c.stageStartedAt = date(value.stageStartedAt)
        c.stageDeadlineAt = date(value.stageDeadlineAt)
        c.warnAt = date(value.warnAt)
        c.suspendedSince = date(value.suspendedSince)
        c.stageLog = value.stageLog.isEmpty ? StageLog() : (StageLog(text: value.stageLog.text) ?? StageLog())
        return c
    }
}
