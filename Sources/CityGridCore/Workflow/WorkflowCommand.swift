/// What an actor asks the machine to do to a case.
public struct WorkflowCommand: Hashable, Codable, Sendable {
    public var action: WorkflowAction
    public var note: String
    /// For `dispatch`: the body chosen by the dispatcher; `nil` takes the automatic route.
    public var departmentCode: String?

    public init(_ action: WorkflowAction, note: String = "", departmentCode: String? = nil) {
        self.action = action
        self.note = note
        self.departmentCode = departmentCode
    }
}
