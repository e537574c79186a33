/// A role's work queue (待办队列): a state in which cases wait for one of the role's actions.
///
/// Derived from the workflow definition alone (``WorkflowDefinition/workQueues(for:)``), so a city's
/// own workflow file (a new state, or a new action from a state) gives its roles a new queue without
/// any change to a page.
public struct WorkQueue: Hashable, Sendable {
    /// The state whose cases the queue lists.
    public var state: CaseState
    public var label: LocalizedText
    /// The roles' actions that take a case out of the state, in file order.
    public var actions: [WorkflowAction]

    public init(state: CaseState, label: LocalizedText, actions: [WorkflowAction]) {
        self.state = state
        self.label = label
        self.actions = actions
    }
}

extension WorkflowDefinition {
    /// The states in the order of the definition file (sorted by name when it was not read from one).
    public var stateOrder: [CaseState] {
        file?.states.map { CaseState(rawValue: $0.name) } ?? states.keys.sorted()
    }

    /// True when the action's file names `*open` among its states: it may be taken on any open case
    /// (supervision, replies, the clock), so it makes no queue of its own.
    public func isFromEveryOpenState(_ action: WorkflowAction) -> Bool {
        file?.actions.first { $0.name == action.rawValue }?.from.contains("*open") ?? false
    }

    /// The work queues of someone holding `roles`, in the file's order of states: one for every
    /// non-terminal state from which one of the roles holds an action that moves the case on.
    ///
    /// Left out, since no case waits for them: the system's actions (the clock), actions from every
    /// open state (`*open`: supervision and replies, taken on a case wherever it stands), actions that
    /// leave the case where it is (`$stay`: sub-tasks, ratings, summoning, return visits) and undoing
    /// a step (`$previous`: unmerging). Each of them stays on the case page.
    public func workQueues<Roles: Sequence>(for roles: Roles) -> [WorkQueue] where Roles.Element == Role {
        let roles = Set(roles).subtracting([.system])
        guard !roles.isEmpty else { return [] }
        var byState: [CaseState: [WorkflowAction]] = [:]
        for name in actionOrder {
            guard let action = actions[name], !action.roles.isDisjoint(with: roles), !isFromEveryOpenState(name) else { continue }
            guard case .state = action.to else { continue }
            for state in action.from where !isTerminal(state) {
                byState[state, default: []].append(name)
            }
        }
        return stateOrder.compactMap { state in
            byState[state].map { WorkQueue(state: state, label: label(of: state), actions: $0) }
        }
    }

    /// True when one of `roles` supervises: holds an action (not the clock's) that counts a
    /// supervision (督办). Such roles get the overdue and escalated cases on their workbench.
    public func supervises<Roles: Sequence>(_ roles: Roles) -> Bool where Roles.Element == Role {
        let roles = Set(roles).subtracting([.system])
        return actions.values.contains { $0.effects.contains(.countSupervision) && !$0.roles.isDisjoint(with: roles) }
    }
}
