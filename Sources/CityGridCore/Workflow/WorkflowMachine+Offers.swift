import Foundation

extension WorkflowMachine {
    /// The actions `actor` is offered on `value` at `at`: those that leave the case's state, are
    /// allowed to the actor's role and scope, and whose guards and effects the case, the actor and the
    /// time allow now, each with the inputs its command must carry.
    ///
    /// Built from the state part of the very guards ``apply(_:to:by:at:)`` checks, so that an offered
    /// action succeeds once its inputs are given, and an action not offered fails whatever is given.
    public func offers(on value: Case, by actor: Actor, at: Date) -> [ActionOffer] {
        let at = Date(timeIntervalSince1970: at.timeIntervalSince1970.rounded(.down))
        return definition.actions(from: value.state).compactMap { name -> ActionOffer? in
            guard let action = definition.actions[name], permits(name, on: value, by: actor) else { return nil }
            var needs: [WorkflowInput] = []
            do throws(DomainError) {
                for rule in action.guards {
                    try checkState(rule, value, actor, at)
                    needs += rule.inputs
                }
                for effect in action.effects { needs += try checkState(effect, value) }
            } catch {
                return nil
            }
            needs = needs.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
            return ActionOffer(action: name, label: action.label, needs: needs, bodies: bodies(for: action, value, actor))
        }
    }

    /// The bodies an offered action may name: a rating's rateable bodies, a summons' or a dispatch's
    /// serving bodies (routing's proposal first).
    private func bodies(for action: WorkflowDefinition.Action, _ value: Case, _ actor: Actor) -> [OrganisationCode] {
        if action.guards.contains(.rating) { return rateableBodies(value, by: actor) }
        guard action.guards.contains(.departments) || action.effects.contains(.assignDepartment) else { return [] }
        let serving = bodies(serving: value)
        guard action.effects.contains(.assignDepartment), let entry = environment.catalogue[value.category],
              let proposed = environment.routing.route(entry, grid: value.chain.grid),
              let organisation = environment.organisations[proposed], canDispose(organisation, value) else { return serving }
        return [proposed] + serving.filter { $0 != proposed }
    }
}
