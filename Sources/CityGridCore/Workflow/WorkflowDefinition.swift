/// The closed loop as data (流程定义): states, the stages whose clocks run in them, and actions with
/// the roles that may take them, the scope they act in, their guards and their effects.
///
/// The machine reads nothing but this to decide what is allowed. A city changes its workflow by
/// editing the definition file (see ``WorkflowDefinitionFile``), which is validated on load.
public struct WorkflowDefinition: Sendable {
    /// Whose cases an actor may act on.
    public enum Scope: String, Hashable, Sendable, Codable {
        /// Cases inside the actor's jurisdiction.
        case jurisdiction
        /// Cases dispatched to the actor's own organisation.
        case assignedOrganisation = "assigned_organisation"
        /// Cases where the actor's organisation was summoned (whistle and report).
        case summonedOrganisation = "summoned_organisation"
        /// Citizens: their own reports; staff: their jurisdiction.
        case reporterOrJurisdiction = "reporter_or_jurisdiction"
        /// Cases of a class the catalogue lets the actor's kind of organisation claim, in the area the
        /// organisation serves (认领).
        case claimable
        /// Any case: the system's own clock.
        case any
    }

    /// Where an action leaves the case.
    public enum Target: Hashable, Sendable {
        case state(CaseState)
        /// The same state (supervision, return visits, sub-tasks).
        case stay
        /// The state the case was in before it was parked (unmerging).
        case previous
    }

    /// How long a stage may take.
    public enum StageLimit: Hashable, Sendable {
        case fixed(TimeLimit)
        /// The catalogue's time limit of the case's category (disposal).
        case category
    }

    public struct State: Hashable, Sendable {
        public var name: CaseState
        public var label: LocalizedText
        /// No action leaves a terminal state (closed cases change only by the actions that stay).
        public var terminal: Bool
        /// The clock stage that runs in this state, if any. Moving between states of one stage keeps
        /// the clock; entering another stage restarts it.
        public var stage: String?
    }

    public struct Stage: Hashable, Sendable {
        public var name: String
        public var label: LocalizedText
        public var limit: StageLimit
        /// What CityGrid itself does once the limit passes, instead of escalating (``ClockRule``).
        public var overdueAction: WorkflowAction?
    }

    public struct Action: Hashable, Sendable {
        public var name: WorkflowAction
        public var label: LocalizedText
        public var from: Set<CaseState>
        public var to: Target
        public var roles: Set<Role>
        public var scope: Scope
        public var guards: [WorkflowGuard]
        public var effects: [WorkflowEffect]
    }

    public var initial: CaseState
    public var states: [CaseState: State]
    public var stages: [String: Stage]
    public var actions: [WorkflowAction: Action]
    /// Actions in file order, for listings.
    public var actionOrder: [WorkflowAction]
    /// The stages whose limits add up to the whole case's limit.
    public var caseLimitStages: [String]
    /// The file this definition was read from, for exporting it again.
    public var file: WorkflowDefinitionFile?
    /// The roles that may report a new case.
    public var reportingRoles: Set<Role>
    /// How many days after closure a reporter may say "not fixed".
    public var reopenWindowDays: Int
    /// How long a summoned body has to arrive, in minutes (吹哨报到: 30).
    public var arrivalMinutes: Int
    /// A new report of the same category within this distance of an open case is a likely duplicate.
    public var duplicateRadiusMetres: Double
    /// … and within this many hours of it.
    public var duplicateWindowHours: Double

    /// The action `name` if it may leave `state`.
    public func action(_ name: WorkflowAction, from state: CaseState) -> Action? {
        guard let action = actions[name], action.from.contains(state) else { return nil }
        return action
    }

    /// The actions that may leave `state`, in file order.
    public func actions(from state: CaseState) -> [WorkflowAction] {
        actionOrder.filter { actions[$0]!.from.contains(state) }
    }

    /// The stage names in file order (sorted when the definition was not read from a file).
    public var stageNames: [String] { file?.stages.map(\.name) ?? stages.keys.sorted() }

    public func isTerminal(_ state: CaseState) -> Bool { states[state]?.terminal ?? true }

    /// The states in which a case is open and its clock runs: not terminal, with a stage (a parked
    /// state has none). A duplicate can only be merged into a case in one of them.
    public var clockedStates: Set<CaseState> {
        Set(states.values.filter { !$0.terminal && $0.stage != nil }.map(\.name))
    }

    /// The label of a state, or its name when the definition does not know it.
    public func label(of state: CaseState) -> LocalizedText {
        states[state]?.label ?? LocalizedText(zh: state.rawValue, en: state.rawValue)
    }

    public func label(of action: WorkflowAction) -> LocalizedText {
        actions[action]?.label ?? LocalizedText(zh: action.rawValue, en: action.rawValue)
    }
}
