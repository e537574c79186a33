/// The closed loop as data: which action moves a case from which state to which, taken by whom.
///
/// ``standard`` is the main path of the reference workflow (collect → accept → file → dispatch →
/// dispose → check → close). The machine reads this table to decide which action may leave which
/// state and who may take it; what each action does to the case is ``WorkflowMachine``'s.
public struct WorkflowDefinition: Hashable, Sendable {
    /// Whose cases an actor may act on.
    public enum Scope: String, Hashable, Sendable, Codable {
        /// Cases inside the actor's jurisdiction.
        case jurisdiction
        /// Cases dispatched to the actor's own organisation.
        case assignedOrganisation = "assigned_organisation"
    }

    public struct Transition: Hashable, Sendable {
        public var action: WorkflowAction
        public var from: CaseState
        public var to: CaseState
        public var roles: Set<Role>
        public var scope: Scope

        public init(action: WorkflowAction, from: CaseState, to: CaseState, roles: Set<Role>, scope: Scope = .jurisdiction) {
            self.action = action
            self.from = from
            self.to = to
            self.roles = roles
            self.scope = scope
        }
    }

    public var transitions: [Transition]
    /// The roles that may report a new case.
    public var reportingRoles: Set<Role>

    public init(transitions: [Transition], reportingRoles: Set<Role>) {
        self.transitions = transitions
        self.reportingRoles = reportingRoles
    }

    /// The transition for `action` out of `state`, if there is one.
    public func transition(_ action: WorkflowAction, from state: CaseState) -> Transition? {
        transitions.first { $0.action == action && $0.from == state }
    }

    /// The actions that leave `state`.
    public func actions(from state: CaseState) -> [WorkflowAction] {
        transitions.filter { $0.from == state }.map(\.action)
    }

    public static let standard = WorkflowDefinition(
        transitions: [
            Transition(action: .accept, from: .reported, to: .accepted, roles: [.intakeOperator]),
            Transition(action: .file, from: .accepted, to: .filed, roles: [.shiftLeader]),
            Transition(action: .dispatch, from: .filed, to: .dispatched, roles: [.dispatcher]),
            Transition(action: .dispose, from: .dispatched, to: .disposed, roles: [.departmentHandler], scope: .assignedOrganisation),
            Transition(action: .check, from: .disposed, to: .checked, roles: [.inspector]),
            Transition(action: .close, from: .checked, to: .closed, roles: [.shiftLeader]),
        ],
        reportingRoles: [.inspector, .intakeOperator, .citizen, .shiftLeader, .dispatcher, .admin])
}
