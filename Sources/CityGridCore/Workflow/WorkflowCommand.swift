/// What an actor asks the machine to do to a case, with whatever the action's guards need.
public struct WorkflowCommand: Hashable, Codable, Sendable {
    public var action: WorkflowAction
    /// The reason, opinion, reply or description of the work.
    public var note: String
    /// For `dispatch`: the body chosen by the dispatcher; `nil` takes the automatic route. For
    /// `rate_subtask`: the summoned body being rated.
    public var departmentCode: OrganisationCode?
    /// For `summon`: the bodies summoned.
    public var departmentCodes: [OrganisationCode]
    /// For `request_extension`: working hours asked for.
    public var hours: Double?
    /// Photos or documents (links) as evidence.
    public var attachments: [String]
    /// For `merge`: the open case this one duplicates.
    public var parentCaseID: CaseID?
    /// For `visit`: solved or not, and satisfaction.
    public var solved: Bool?
    public var satisfaction: Satisfaction?
    /// For `rate_subtask`: 1 to 5.
    public var rating: Int?

    public init(_ action: WorkflowAction, note: String = "", departmentCode: OrganisationCode? = nil, departmentCodes: [OrganisationCode] = [],
                hours: Double? = nil, attachments: [String] = [], parentCaseID: CaseID? = nil, solved: Bool? = nil,
                satisfaction: Satisfaction? = nil, rating: Int? = nil) {
        self.action = action
        self.note = note
        self.departmentCode = departmentCode
        self.departmentCodes = departmentCodes
        self.hours = hours
        self.attachments = attachments
        self.parentCaseID = parentCaseID
        self.solved = solved
        self.satisfaction = satisfaction
        self.rating = rating
    }
}
