import CityGridCore
import Foundation

/// One case on a workbench (工作台条目): the case with the actions offered to the caller, its likely
/// duplicate when the caller may merge it and may read the open case, and how far it is from the
/// caller when asked.
public struct WorkbenchItem: Sendable {
    /// The case, with ``CaseView/offers`` set.
    public var view: CaseView
    /// The open case this report likely duplicates (``Case/likelyDuplicateOf``), if the caller is
    /// offered merging the report (an action needing ``WorkflowInput/parentCase``) and may read it.
    public var likelyDuplicate: CaseView?
    /// The first photo (a media id) in the case's log, looked up for duplicate pairs only.
    public var photo: String?
    /// The first photo of the likely duplicate.
    public var duplicatePhoto: String?
    /// Metres from the point the workbench was asked near.
    public var distanceMetres: Double?
}

/// One work queue (待办队列) of a workbench: a state and the caller-readable cases in it.
public struct WorkbenchQueue: Sendable {
    public var queue: WorkQueue
    public var items: [WorkbenchItem]
}

/// A caller's workbench (工作台): their roles' work queues, and for supervising roles the overdue
/// and escalated cases.
public struct WorkbenchView: Sendable {
    public var queues: [WorkbenchQueue]
    /// `nil` when none of the caller's roles supervises.
    public var overdue: [WorkbenchItem]?
}
