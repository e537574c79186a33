/// An action the caller is offered on a case: its guards that depend on the case, the actor and the
/// time already pass, so the action succeeds once the command carries the listed ``needs``.
///
/// Made by ``WorkflowMachine/offers(on:by:at:)`` from the same guard code as
/// ``WorkflowMachine/apply(_:to:by:at:)``.
public struct ActionOffer: Hashable, Sendable {
    public var action: WorkflowAction
    public var label: LocalizedText
    /// The inputs the command must carry, in the order of the action's guards and effects.
    public var needs: [WorkflowInput]
    /// The bodies a `department_code` or `department_codes` input may name (for a dispatch, routing's
    /// proposal first; for a rating, the summoned bodies the actor may rate); empty when no body is named.
    public var bodies: [OrganisationCode]

    public init(action: WorkflowAction, label: LocalizedText, needs: [WorkflowInput] = [], bodies: [OrganisationCode] = []) {
        self.action = action
        self.label = label
        self.needs = needs
        self.bodies = bodies
    }
}
