/// What an action does to a case besides moving its state, named in the workflow definition file.
/// The vocabulary is code (each effect is implemented by ``WorkflowMachine``); which action has which
/// effects, in which order, is data.
public enum WorkflowEffect: String, Codable, Sendable, CaseIterable {
    case stampAccepted = "stamp_accepted"
    case stampFiled = "stamp_filed"
    /// Sends the case to the body the dispatcher named, or routing proposes; starts the disposal
    /// clock on a first dispatch, or after an approved return.
    case assignDepartment = "assign_department"
    case stampDisposed = "stamp_disposed"
    case stampChecked = "stamp_checked"
    /// Stamps the closing time; the reporter, if any, is told the case is closed.
    case stampClosed = "stamp_closed"
    case markVerified = "mark_verified"
    case markSelfHandled = "mark_self_handled"
    /// 返工: the check failed; counted against the body.
    case countRework = "count_rework"
    /// Holds the requested extension until a dispatcher decides.
    case holdExtension = "hold_extension"
    /// Moves the disposal, stage and case deadlines by the held extension (working time).
    case applyExtension = "apply_extension"
    case dropExtension = "drop_extension"
    case countReturn = "count_return"
    case clearDepartment = "clear_department"
    /// The actor's organisation takes the case from the pool (认领): it holds it as a body holds a
    /// dispatched case, under the claim stage's clock, with the category's disposal deadline.
    case assignClaimant = "assign_claimant"
    /// The claim ends without a disposal (given up, or lapsed): the case goes back to the pool with no
    /// body and no disposal deadline.
    case dropClaim = "drop_claim"
    /// Stops the clock.
    case startSuspension = "start_suspension"
    /// Restarts the clock and moves every deadline by the working time spent suspended.
    case endSuspension = "end_suspension"
    case countSupervision = "count_supervision"
    case createSubtasks = "create_subtasks"
    case subtaskArrived = "subtask_arrived"
    case subtaskDone = "subtask_done"
    case subtaskRated = "subtask_rated"
    /// Parks the case under its parent and stops its clock.
    case parkMerged = "park_merged"
    /// Takes a merged case back to the state it was merged from.
    case unpark
    case recordVisit = "record_visit"
    /// Opens a new case linked to this one (the reporter says it is not fixed).
    case spawnReopened = "spawn_reopened"
    /// Tells the reporters of merged cases that their problem is closed.
    case notifyMerged = "notify_merged"
    case alertWarn = "alert_warn"
    case alertEscalate = "alert_escalate"
}
